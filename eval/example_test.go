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
	ev := eval.NewEvaluator(eval.Config{Identity: eval.MustCompile(
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
	ev := eval.NewEvaluator(eval.Config{Identity: eval.MustCompile(eval.Policy{Name: "office-push", Doc: doc})})
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

func ExampleDirectory_AssumeRole() {
	caller := mustParse(`{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"acs:ram:*:1111111111111111:role/deployer"}]}`, policy.IdentityPolicy)
	trust := mustParse(`{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"RAM":"acs:ram::2222222222222222:root"}}]}`, policy.TrustPolicy)
	push := mustParse(`{"Version":"1","Statement":[{"Effect":"Allow","Action":"cr:PushRepository","Resource":"acs:cr:*:1111111111111111:repository/prod/*"}]}`, policy.IdentityPolicy)
	dir, err := eval.NewDirectory([]eval.Account{
		{ID: "1111111111111111", Roles: []eval.Role{{Name: "deployer", Trust: eval.Policy{Name: "trust-tooling", Doc: trust},
			Policies: []eval.Policy{{Name: "prod-push", Doc: push}}}}},
		{ID: "2222222222222222", Users: []eval.User{{Name: "ci", Policies: []eval.Policy{{Name: "assume-deployer", Doc: caller}}}}},
	})
	if err != nil {
		panic(err)
	}
	ci, _ := dir.Identity(arn.MustParse("acs:ram::2222222222222222:user/ci"))
	hop := dir.AssumeRole(ci, eval.AssumeRoleInput{RoleArn: "acs:ram::1111111111111111:role/deployer", SessionName: "build-42"})
	fmt.Println(hop.Result)
	fmt.Println(hop.Session.ARN())
	r := hop.Session.Evaluate(dir, &eval.Request{Action: "cr:PushRepository",
		Resource: "acs:cr:cn-hangzhou:1111111111111111:repository/prod/web"}, nil)
	fmt.Println(r)
	// Output:
	// Allow by assume-deployer#0 at 1:29, trust-tooling#0 at 1:29
	// acs:ram::1111111111111111:role/deployer/build-42
	// Allow by prod-push#0 at 1:29
}
