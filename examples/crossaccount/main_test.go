package main

import (
	"strings"
	"testing"
)

func TestCrossAccount(t *testing.T) {
	var b strings.Builder
	if err := run(&b); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{
		"StringEquals sts:ExternalId: key missing",
		"session acs:ram::1111111111111111:role/deployer/build-1042 for 900 s",
		"   Allow by deployer-push#0 at 2:4",
		"   ExplicitDeny by deployer-push#1 at 3:4",
		"   acs:ram::1111111111111111:role/deployer via []",
		// The ACK pull: ECS for the cluster's account, the worker role, the registry role.
		"ACK 1. ECS acting for 3333333333333333 assumes the worker role (its trust policy alone decides)\n   Allow by worker-trust#0 at 1:15\n" +
			"   session acs:ram::3333333333333333:role/KubernetesWorkerRole-4f3c9a2e-7d61-4b8e-9c05-1a2b3c4d5e6f/i-bp1a2b3c for 3600 s",
		"   session acs:ram::4444444444444444:role/KubernetesWorkerRole-test/acr-credential-helper for 3600 s",
		"cr:GetAuthorizationToken on acs:cr:cn-hangzhou:4444444444444444:repository/cri-k3s8x1a9/team/web\n   Allow by registry-pull#0",
		"cr:PullRepository on acs:cr:cn-hangzhou:4444444444444444:repository/cri-k3s8x1a9/team/web\n   Allow by registry-pull#0",
		"cr:PushRepository on acs:cr:cn-hangzhou:4444444444444444:repository/cri-k3s8x1a9/team/web\n   ImplicitDeny",
		"ACK 6. ECS acting for 4444444444444444 tries the same worker role\n   ImplicitDeny",
		"principal not admitted",
		"(the caller is the service 4444444444444444@ecs.aliyuncs.com)",
		"   3333333333333333@ecs.aliyuncs.com via [acs:ram::3333333333333333:role/KubernetesWorkerRole-4f3c9a2e-7d61-4b8e-9c05-1a2b3c4d5e6f acs:ram::4444444444444444:role/KubernetesWorkerRole-test]",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "user/ci via") {
		t.Errorf("who-can found ci, which needs an ExternalId no search supplies:\n%s", out)
	}
}
