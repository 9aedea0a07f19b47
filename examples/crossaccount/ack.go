package main

import (
	"fmt"
	"io"

	"github.com/rampolicy/ram/arn"
	"github.com/rampolicy/ram/eval"
	"github.com/rampolicy/ram/eval/world"
	"github.com/rampolicy/ram/policy"
)

// The ACK cross-account image pull, the case every ACK user with a registry in another
// account has: ECS, acting for the cluster's account, assumes the cluster's worker role;
// the registry credential helper in the cluster then assumes the registry account's role
// through its assumeRoleARN setting, and pulls.
const (
	cluster  = "3333333333333333" // the ACK cluster's account
	registry = "4444444444444444" // the Container Registry instance's account

	workerRole = "KubernetesWorkerRole-4f3c9a2e-7d61-4b8e-9c05-1a2b3c4d5e6f"
	// assumeRoleARN as the credential helper's configuration often has it: in lower case.
	// RAM role names ignore letter case.
	assumeRoleARN = "acs:ram::" + registry + ":role/kubernetesworkerrole-test"
	repository    = "acs:cr:cn-hangzhou:" + registry + ":repository/cri-k3s8x1a9/team/web"
)

func runACK(w io.Writer) error {
	// ACK creates the worker role trusted by ECS, with the system policy
	// AliyunSTSAssumeRoleAccess.
	stsAccess := eval.Policy{Name: "AliyunSTSAssumeRoleAccess", Doc: doc(policy.IdentityPolicy,
		`{"Version":"1","Statement":[{"Action":"sts:AssumeRole","Effect":"Allow","Resource":"*"}]}`)}
	workerTrust := eval.Policy{Name: "worker-trust", Doc: doc(policy.TrustPolicy,
		`{"Statement":[{"Action":"sts:AssumeRole","Effect":"Allow","Principal":{"Service":["ecs.aliyuncs.com"]}}],"Version":"1"}`)}
	// The registry account trusts that worker role, and lets its role pull one namespace.
	registryTrust := eval.Policy{Name: "registry-trust", Doc: doc(policy.TrustPolicy,
		`{"Statement":[{"Action":"sts:AssumeRole","Effect":"Allow","Principal":{"RAM":["acs:ram::`+cluster+`:role/`+workerRole+`"]}}],"Version":"1"}`)}
	pull := eval.Policy{Name: "registry-pull", Doc: doc(policy.IdentityPolicy, `{"Version":"1","Statement":[
	  {"Effect":"Allow","Action":["cr:GetAuthorizationToken","cr:PullRepository"],"Resource":"acs:cr:*:`+registry+`:repository/cri-k3s8x1a9/team/*"}]}`)}

	dir, err := world.New([]world.Account{
		{ID: cluster, Roles: []world.Role{{Name: workerRole, Trust: workerTrust, Policies: []eval.Policy{stsAccess}}}},
		{ID: registry, Roles: []world.Role{{Name: "KubernetesWorkerRole-test", Trust: registryTrust, Policies: []eval.Policy{pull}}}},
	})
	if err != nil {
		return err
	}
	// ECS acting for the cluster's account: UID@SERVICE, as trust policies write it.
	ecs, err := dir.ServiceCaller(arn.MustParseServicePrincipal(cluster + "@ecs.aliyuncs.com"))
	if err != nil {
		return err
	}

	fmt.Fprintf(w, "ACK 1. ECS acting for %s assumes the worker role (its trust policy alone decides)\n", cluster)
	hop := dir.AssumeRole(ecs, world.AssumeRoleInput{RoleARN: "acs:ram::" + cluster + ":role/" + workerRole, SessionName: "i-bp1a2b3c"})
	show(w, hop)
	if !hop.Allowed() {
		return fmt.Errorf("ECS could not assume the worker role")
	}
	fmt.Fprintf(w, "ACK 2. the credential helper assumes %s\n", assumeRoleARN)
	helper := dir.AssumeRole(hop.Session, world.AssumeRoleInput{RoleARN: assumeRoleARN, SessionName: "acr-credential-helper"})
	show(w, helper)
	if !helper.Allowed() {
		return fmt.Errorf("the credential helper could not assume the registry role")
	}
	for i, action := range []string{"cr:GetAuthorizationToken", "cr:PullRepository", "cr:PushRepository"} {
		fmt.Fprintf(w, "ACK %d. the helper's session asks for %s on %s\n", i+3, action, repository)
		fmt.Fprintf(w, "   %s\n", helper.Session.Evaluate(&eval.Request{Action: action, Resource: repository}, nil))
	}

	fmt.Fprintf(w, "ACK 6. ECS acting for %s tries the same worker role\n", registry)
	other, err := dir.ServiceCaller(arn.MustParseServicePrincipal(registry + "@ecs.aliyuncs.com"))
	if err != nil {
		return err
	}
	show(w, dir.AssumeRole(other, world.AssumeRoleInput{RoleARN: "acs:ram::" + cluster + ":role/" + workerRole, SessionName: "i-bp9z8y7x"}))

	fmt.Fprintln(w, "ACK 7. who can pull from the registry, through at most 2 role assumptions?")
	found, err := dir.WhoCan(&eval.Request{Action: "cr:PullRepository", Resource: repository}, world.ReachQuery{MaxHops: 2})
	if err != nil {
		return err
	}
	for _, f := range found {
		fmt.Fprintf(w, "   %s via %v\n", f, f.Via)
	}
	return nil
}
