package terraform_test

import (
	"fmt"
	"os"

	"github.com/rampolicy/ram/eval/world/terraform"
)

// Read a plan written by `terraform show -json plan.out > plan.json`, and list what the
// world after it holds and what could not be known before apply.
func ExampleRead() {
	data, err := os.ReadFile("../../../testdata/import/terraform/registry-plan.json")
	if err != nil {
		panic(err)
	}
	imp, err := terraform.Read(data, terraform.Options{AccountID: "1111111111111111"})
	if err != nil {
		panic(err)
	}
	acct := imp.After.Directory.Accounts["1111111111111111"]
	fmt.Println("role prod-pusher trust:", acct.Roles["prod-pusher"].Trust, "policies:", acct.Roles["prod-pusher"].Policies)
	fmt.Println("group devs:", acct.Groups["devs"].Policies)
	for _, p := range imp.Unresolved {
		fmt.Println("left out:", p.Address)
	}
	// Output:
	// role prod-pusher trust: trust:prod-pusher policies: [prod-registry-push]
	// group devs: [AliyunContainerRegistryReadOnlyAccess]
	// left out: module.prod_registry.alicloud_ram_user.bot
	// left out: module.prod_registry.alicloud_ram_policy.scan
	// left out: module.prod_registry.alicloud_ram_role_policy_attachment.scan
}
