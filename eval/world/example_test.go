package world_test

import (
	"fmt"

	"github.com/rampolicy/ram/arn"
	"github.com/rampolicy/ram/eval"
	"github.com/rampolicy/ram/eval/world"
	"github.com/rampolicy/ram/policy"
)

func ExampleWorld_AssumeRole() {
	caller := mustDoc(policy.IdentityPolicy, `{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"acs:ram:*:1111111111111111:role/deployer"}]}`)
	trust := mustDoc(policy.TrustPolicy, `{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"RAM":"acs:ram::2222222222222222:root"}}]}`)
	push := mustDoc(policy.IdentityPolicy, `{"Version":"1","Statement":[{"Effect":"Allow","Action":"cr:PushRepository","Resource":"acs:cr:*:1111111111111111:repository/prod/*"}]}`)
	dir, err := world.New([]world.Account{
		{ID: "1111111111111111", Roles: []world.Role{{Name: "deployer", Trust: eval.Policy{Name: "trust-tooling", Doc: trust},
			Policies: []eval.Policy{{Name: "prod-push", Doc: push}}}}},
		{ID: "2222222222222222", Users: []world.User{{Name: "ci", Policies: []eval.Policy{{Name: "assume-deployer", Doc: caller}}}}},
	})
	if err != nil {
		panic(err)
	}
	ci, _ := dir.Caller(arn.MustParse("acs:ram::2222222222222222:user/ci"))
	hop := dir.AssumeRole(ci, world.AssumeRoleInput{RoleARN: "acs:ram::1111111111111111:role/deployer", SessionName: "build-42"})
	fmt.Println(hop.Result)
	fmt.Println(hop.Session.ARN())
	r := hop.Session.Evaluate(&eval.Request{Action: "cr:PushRepository",
		Resource: "acs:cr:cn-hangzhou:1111111111111111:repository/prod/web"}, nil)
	fmt.Println(r)
	// Output:
	// Allow by assume-deployer#0 at 1:29, trust-tooling#0 at 1:29
	// acs:ram::1111111111111111:role/deployer/build-42
	// Allow by prod-push#0 at 1:29
}
