package analyze

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rampolicy/ram/eval"
	"github.com/rampolicy/ram/policy"
)

// TestPublishedPairs compares Alibaba's published policies (testdata/published) with
// each other, each kind with its own: every answer must come within the default limits, and
// a FAIL's witnesses must verify (the analysis checks them; an unconfirmed witness is an
// error here).
func TestPublishedPairs(t *testing.T) {
	if testing.Short() {
		t.Skip("compares every pair of published policies")
	}
	for _, dir := range []struct {
		path string
		kind policy.Kind
	}{{"identity", policy.IdentityPolicy}, {"session", policy.SessionPolicy}, {"control", policy.ControlPolicy},
		{"trust", policy.TrustPolicy}, {"resource", policy.ResourcePolicy}} {
		files, _ := filepath.Glob(filepath.Join("../../testdata/published", dir.path, "*.json"))
		if len(files) == 0 {
			t.Fatalf("no published %s policies", dir.path)
		}
		var sets []Set
		for _, f := range files {
			text, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			doc, err := policy.Parse(text, dir.kind)
			if err != nil {
				continue // the published corpus pins which documents RAM rejects
			}
			name := strings.TrimSuffix(filepath.Base(f), ".json")
			sets = append(sets, Set{Kind: dir.kind, Policies: []eval.Policy{{Name: name, Doc: doc}}})
		}
		// Every ordered pair among a few neighbours (all pairs take long under -race).
		for i := range sets {
			for k := 1; k <= 6 && k < len(sets); k++ {
				j := (i + k) % len(sets)
				_, err := NoNewAccess(sets[i], sets[j], &Options{MaxWitnesses: 1})
				if err != nil && !errors.Is(err, ErrUndecided) {
					t.Errorf("%s -> %s: %v", sets[i].Policies[0].Name, sets[j].Policies[0].Name, err)
				}
				if errors.Is(err, ErrUndecided) {
					t.Logf("%s -> %s: %v", sets[i].Policies[0].Name, sets[j].Policies[0].Name, err)
				}
			}
		}
	}
}
