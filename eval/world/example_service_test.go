package world_test

import (
	"fmt"

	"github.com/rampolicy/ram/arn"
	"github.com/rampolicy/ram/eval"
	"github.com/rampolicy/ram/eval/world"
	"github.com/rampolicy/ram/policy"
)

// ECS, acting for the account whose instance holds the role, assumes the role: the trust
// policy alone decides, through its Service principal.
func ExampleWorld_ServiceCaller() {
	trust := mustDoc(policy.TrustPolicy, `{"Version":"1","Statement":[{"Action":"sts:AssumeRole","Effect":"Allow","Principal":{"Service":["ecs.aliyuncs.com"]}}]}`)
	pull := mustDoc(policy.IdentityPolicy, `{"Version":"1","Statement":[{"Effect":"Allow","Action":"cr:PullRepository","Resource":"*"}]}`)
	dir, err := world.New([]world.Account{{ID: "1111111111111111", Roles: []world.Role{
		{Name: "KubernetesWorkerRole-c1", Trust: eval.Policy{Name: "worker-trust", Doc: trust}, Policies: []eval.Policy{{Name: "pull", Doc: pull}}}}}})
	if err != nil {
		panic(err)
	}
	for _, acct := range []string{"1111111111111111", "2222222222222222"} {
		ecs, err := dir.ServiceCaller(arn.MustParseServicePrincipal(acct + "@ecs.aliyuncs.com"))
		if err != nil {
			panic(err)
		}
		hop := dir.AssumeRole(ecs, world.AssumeRoleInput{RoleARN: "acs:ram::1111111111111111:role/KubernetesWorkerRole-c1", SessionName: "i-bp1a2b3c"})
		fmt.Println(ecs.Service(), hop.Result)
		if hop.Allowed() {
			fmt.Println(hop.Session.ARN())
		}
	}
	// Output:
	// 1111111111111111@ecs.aliyuncs.com Allow by worker-trust#0 at 1:29
	// acs:ram::1111111111111111:role/KubernetesWorkerRole-c1/i-bp1a2b3c
	// 2222222222222222@ecs.aliyuncs.com ImplicitDeny
}
