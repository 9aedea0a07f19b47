// Package importtest runs decision-table cases against imported worlds, for the
// importers' tests.
package importtest

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/rampolicy/ram/eval/evaltest"
	"github.com/rampolicy/ram/eval/world/worldfile"
)

// cases is a decision table without the world it runs on: its policies and directory,
// if any, add accounts (a partner account that a trust policy admits) to the imported
// world.
type cases struct {
	Description string                     `json:"description"`
	Policies    map[string]json.RawMessage `json:"policies"`
	Directory   *worldfile.Directory       `json:"directory"`
	Cases       json.RawMessage            `json:"cases"`
}

// Run merges the cases file into a copy of the imported world, writes the table and runs
// every case with evaltest, each as a subtest; a case that fails, or a table that does
// not load, fails t.
func Run(t *testing.T, f *worldfile.File, casesPath string) {
	t.Helper()
	// The file builds as a world by itself, before anything is added to it.
	if _, _, err := f.World(); err != nil {
		t.Fatalf("the imported world does not build: %v", err)
	}
	src, err := os.ReadFile(casesPath)
	if err != nil {
		t.Fatal(err)
	}
	var c cases
	if err := json.Unmarshal(src, &c); err != nil {
		t.Fatalf("%s: %v", casesPath, err)
	}
	table := map[string]any{"description": c.Description, "cases": c.Cases}
	policies := map[string]json.RawMessage{}
	for k, v := range f.Policies {
		policies[k] = v
	}
	for k, v := range c.Policies {
		if _, dup := policies[k]; dup {
			t.Fatalf("%s: policy %q is also imported", casesPath, k)
		}
		policies[k] = v
	}
	accounts := map[string]*worldfile.Account{}
	for k, v := range f.Directory.Accounts {
		accounts[k] = v
	}
	if c.Directory != nil {
		for k, v := range c.Directory.Accounts {
			if _, dup := accounts[k]; dup {
				t.Fatalf("%s: account %s is also imported", casesPath, k)
			}
			accounts[k] = v
		}
	}
	table["policies"] = policies
	table["directory"] = worldfile.Directory{Accounts: accounts}
	out, err := json.MarshalIndent(table, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), filepath.Base(casesPath))
	if err := os.WriteFile(path, out, 0o644); err != nil {
		t.Fatal(err)
	}
	outcomes := evaltest.RunFile(path)
	if len(outcomes) == 0 {
		t.Fatalf("%s: no cases", casesPath)
	}
	for _, o := range outcomes {
		if !o.Pass {
			t.Errorf("%s", o)
		}
	}
}
