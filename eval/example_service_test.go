package eval_test

import (
	"fmt"

	"github.com/rampolicy/ram/arn"
	"github.com/rampolicy/ram/eval"
	"github.com/rampolicy/ram/policy"
)

// Log Service's cross-account delivery role trusts Log Service acting for one named
// account (UID@SERVICE) and for the role's own account (SERVICE).
func ExampleRequest_service() {
	trust := eval.MustCompile(eval.Policy{Name: "sls-trust", Doc: mustParse(`{"Version":"1","Statement":[{"Action":"sts:AssumeRole","Effect":"Allow",
	  "Principal":{"Service":["1654218965343050@log.aliyuncs.com","log.aliyuncs.com"]}}]}`, policy.TrustPolicy)})
	ev := eval.NewEvaluator(eval.Config{}) // a service has no policies of its own
	for _, caller := range []string{"1654218965343050@log.aliyuncs.com", "2222222222222222@log.aliyuncs.com", "3333333333333333@log.aliyuncs.com"} {
		r := ev.Evaluate(&eval.Request{
			Service:  arn.MustParseServicePrincipal(caller),
			Action:   "sts:AssumeRole",
			Resource: "acs:ram::2222222222222222:role/AliyunLogDefaultRole",
		}, trust)
		fmt.Println(caller, r.Decision)
	}
	// Output:
	// 1654218965343050@log.aliyuncs.com Allow
	// 2222222222222222@log.aliyuncs.com Allow
	// 3333333333333333@log.aliyuncs.com ImplicitDeny
}
