package main

import (
	"fmt"

	"github.com/rampolicy/ram/eval/world"
)

// loadAccounts reads a world file (a decision table's policies and directory, see
// world.LoadFile) and returns its accounts as world.New takes them, for
// analyze.CompareWorlds.
func loadAccounts(path string) ([]world.Account, error) {
	w, _, err := world.LoadOptions{AllowCases: true}.LoadFile(path)
	if err != nil {
		return nil, err
	}
	accounts := w.Accounts()
	if len(accounts) == 0 {
		return nil, fmt.Errorf("%s: no directory", path)
	}
	return accounts, nil
}
