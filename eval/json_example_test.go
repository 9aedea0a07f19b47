package eval_test

import (
	"encoding/json"
	"fmt"
	"os"

	"github.com/rampolicy/ram/arn"
	"github.com/rampolicy/ram/eval"
	"github.com/rampolicy/ram/policy"
)

// A registry's authorizer writes each decision to its audit log as one JSON line, in the
// form decision.schema.json specifies.
func ExampleResult_MarshalJSON() {
	doc := mustParse(`{"Version":"1","Statement":[
	  {"Sid":"NoProdPush","Effect":"Deny","Action":"cr:PushRepository","Resource":"acs:cr:*:*:repository/prod/*"},
	  {"Effect":"Allow","Action":"cr:*","Resource":"*"}]}`, policy.IdentityPolicy)
	ev := eval.NewEvaluator(eval.Config{IdentityPolicies: eval.MustCompile(eval.Policy{Name: "push", Doc: doc})})
	alice := arn.MustParse("acs:ram::1234567890123456:user/alice")

	for _, res := range []string{
		"acs:cr:cn-hangzhou:1234567890123456:repository/prod/app",
		"acs:cr:cn-hangzhou:6543210987654321:repository/dev/app", // another account's
	} {
		line, err := json.Marshal(ev.Evaluate(&eval.Request{Principal: alice, Action: "cr:PushRepository", Resource: res}, nil))
		if err != nil {
			panic(err)
		}
		fmt.Println(string(line))
	}
	// Output:
	// {"decision":"ExplicitDeny","stage":"identity","decidedBy":[{"policy":"push","statement":0,"sid":"NoProdPush","line":2,"column":4}]}
	// {"decision":"ImplicitDeny","stage":"cross-account","decidedBy":[]}
}

// An explanation in JSON has a line per stage: here the identity policies allowed, and
// the cross-account rule denied.
func ExampleExplanation_MarshalJSON() {
	doc := mustParse(`{"Version":"1","Statement":[{"Effect":"Allow","Action":"cr:PullRepository","Resource":"*"}]}`, policy.IdentityPolicy)
	ev := eval.NewEvaluator(eval.Config{IdentityPolicies: eval.MustCompile(eval.Policy{Name: "pull", Doc: doc})})
	x := ev.Explain(&eval.Request{
		Principal: arn.MustParse("acs:ram::1234567890123456:user/alice"),
		Action:    "cr:PullRepository",
		Resource:  "acs:cr:cn-hangzhou:6543210987654321:repository/dev/app",
	}, nil)
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", "  ")
	if err := enc.Encode(x); err != nil {
		panic(err)
	}
	// Output:
	// {
	//   "result": {
	//     "decision": "ImplicitDeny",
	//     "stage": "cross-account",
	//     "decidedBy": []
	//   },
	//   "stages": [
	//     {
	//       "stage": "identity",
	//       "set": "identity",
	//       "outcome": "Allow",
	//       "statements": [
	//         {
	//           "ref": {
	//             "policy": "pull",
	//             "statement": 0,
	//             "line": 1,
	//             "column": 29
	//           },
	//           "effect": "Allow",
	//           "matched": true,
	//           "why": "matched",
	//           "action": true,
	//           "resource": true,
	//           "principal": true,
	//           "conditions": []
	//         }
	//       ]
	//     },
	//     {
	//       "stage": "cross-account",
	//       "set": "cross-account",
	//       "outcome": "ImplicitDeny",
	//       "reason": "the resource is in account 6543210987654321, the principal in account 1234567890123456: identity policies and the resource policy must both allow; the identity policies allow, and there is no resource policy",
	//       "statements": []
	//     }
	//   ]
	// }
}
