package snapshot_test

import (
	"fmt"

	"github.com/rampolicy/ram/eval/world/snapshot"
)

// Read a folder written by examples/ramsim/collect-snapshot.sh.
func ExampleReadDir() {
	imp, err := snapshot.ReadDir("../../../testdata/import/snapshot/registry", snapshot.Options{})
	if err != nil {
		panic(err)
	}
	acct := imp.World.Directory.Accounts[imp.AccountID]
	fmt.Println(imp.AccountID, len(acct.Users), "users")
	fmt.Println("bob:", acct.Users["bob"].Policies)
	fmt.Println("left out:", len(imp.Unresolved))
	// Output:
	// 1111111111111111 3 users
	// bob: [AliyunContainerRegistryFullAccess bob-deny-push]
	// left out: 0
}
