package eval_test

import (
	"fmt"

	"github.com/rampolicy/ram/arn"
	"github.com/rampolicy/ram/eval"
	"github.com/rampolicy/ram/policy"
)

func mustParse(text string, kind policy.Kind) *policy.Document {
	doc, err := policy.Parse([]byte(text), kind)
	if err != nil {
		panic(err)
	}
	return doc
}

func ExampleEvaluator_Evaluate() {
	readOnly := mustParse(`{"Version":"1","Statement":[
	  {"Effect":"Allow","Action":["cr:Get*","cr:List*","cr:PullRepository"],"Resource":"*"}]}`, policy.IdentityPolicy)
	noProd := mustParse(`{"Version":"1","Statement":[
	  {"Sid":"NoProdPush","Effect":"Deny","Action":"cr:PushRepository","Resource":"acs:cr:*:*:repository/prod/*"},
	  {"Effect":"Allow","Action":"cr:PushRepository","Resource":"*"}]}`, policy.IdentityPolicy)
	ev := eval.NewEvaluator(eval.Config{IdentityPolicies: eval.MustCompile(
		eval.Policy{Name: "read-only", Doc: readOnly}, eval.Policy{Name: "push", Doc: noProd})})

	for _, res := range []string{"repository/dev/app", "repository/prod/app"} {
		r := ev.Evaluate(&eval.Request{
			Principal: arn.MustParse("acs:ram::1234567890123456:user/alice"),
			Action:    "cr:PushRepository",
			Resource:  "acs:cr:cn-hangzhou:1234567890123456:" + res,
		}, nil)
		fmt.Println(res, r)
	}
	// Output:
	// repository/dev/app Allow by push#1 at 3:4
	// repository/prod/app ExplicitDeny by push#0 (NoProdPush) at 2:4
}

func ExampleEvaluator_Explain() {
	doc := mustParse(`{"Version":"1","Statement":[{"Effect":"Allow","Action":"cr:PushRepository","Resource":"*",
	  "Condition":{"IpAddress":{"acs:SourceIp":"10.0.0.0/8"},"Bool":{"acs:SecureTransport":"true"}}}]}`, policy.IdentityPolicy)
	ev := eval.NewEvaluator(eval.Config{IdentityPolicies: eval.MustCompile(eval.Policy{Name: "office-push", Doc: doc})})
	req := &eval.Request{
		Action:   "cr:PushRepository",
		Resource: "acs:cr:cn-hangzhou:1234567890123456:repository/dev/app",
		Context:  eval.NewContext(map[string][]string{"acs:SourceIp": {"192.0.2.1"}}),
	}
	fmt.Print(ev.Explain(req, nil))
	// Output:
	// ImplicitDeny (decided at: identity and resource policies)
	//   identity: ImplicitDeny
	//     Allow office-push#0 at 1:29: IpAddress acs:SourceIp: ["192.0.2.1"] does not satisfy it; Bool acs:SecureTransport: key missing
}
