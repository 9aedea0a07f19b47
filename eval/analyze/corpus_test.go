package analyze

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/rampolicy/ram/eval"
	"github.com/rampolicy/ram/policy"
)

// changeCase is testdata/changes/NAME/case.json (see the README there).
type changeCase struct {
	Desc      string   `json:"desc"`
	Kind      string   `json:"kind"`
	Check     string   `json:"check"` // "" (diff), "not-granted", "no-external"
	Added     string   `json:"added"`
	Removed   string   `json:"removed"`
	Expect    string   `json:"expect"`
	Actions   []string `json:"actions"`
	Resources []string `json:"resources"`
	Accounts  []string `json:"accounts"`
}

func loadDir(t *testing.T, dir string, kind policy.Kind) Set {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(dir, "*.json"))
	sort.Strings(files)
	s := Set{Kind: kind}
	for _, f := range files {
		text, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		doc, err := (policy.Options{Kind: kind, Filename: f}).Parse(text)
		if err != nil {
			t.Fatal(err)
		}
		s.Policies = append(s.Policies, eval.Policy{Name: strings.TrimSuffix(filepath.Base(f), ".json"), Doc: doc})
	}
	return s
}

func verdict(r *Result) string {
	if r.Pass {
		return "PASS"
	}
	return "FAIL"
}

func TestChangeCorpus(t *testing.T) {
	dirs, _ := filepath.Glob("../../testdata/changes/*/case.json")
	if len(dirs) < 20 {
		t.Fatalf("found %d cases", len(dirs))
	}
	for _, cf := range dirs {
		dir := filepath.Dir(cf)
		t.Run(filepath.Base(dir), func(t *testing.T) {
			var c changeCase
			text, err := os.ReadFile(cf)
			if err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal(text, &c); err != nil {
				t.Fatal(err)
			}
			kind, ok := policy.ParseKind(c.Kind)
			if !ok {
				t.Fatalf("kind %q", c.Kind)
			}
			check := func(what, want string, r *Result) {
				t.Helper()
				if got := verdict(r); got != want {
					t.Errorf("%s: got %s, want %s (%s)", what, got, want, c.Desc)
				}
				for _, w := range r.Witnesses {
					if !w.Checked && (w.Caller == nil || w.Caller.ARN.IsValid()) {
						t.Errorf("%s: a witness with a RAM caller or none was not checked by eval", what)
					}
					t.Logf("%s witness: action %s resource %s caller %s context %v allowed by %v; other %s %v",
						what, w.Action, w.Resource, w.Caller, w.Context, w.AllowedBy, w.Other, w.DeniedBy)
				}
			}
			switch c.Check {
			case "":
				d, err := Compare(loadDir(t, filepath.Join(dir, "old"), kind), loadDir(t, filepath.Join(dir, "new"), kind), nil)
				if err != nil {
					t.Fatal(err)
				}
				check("added", c.Added, d.Added)
				check("removed", c.Removed, d.Removed)
			case "not-granted":
				r, err := AccessNotGranted(loadDir(t, filepath.Join(dir, "set"), kind), c.Actions, c.Resources, nil)
				if err != nil {
					t.Fatal(err)
				}
				check("granted", c.Expect, r)
			case "no-external":
				r, err := NoExternalAccess(loadDir(t, filepath.Join(dir, "set"), kind), c.Accounts, nil)
				if err != nil {
					t.Fatal(err)
				}
				check("external", c.Expect, r)
			case "world":
				t.Skip("directory cases read decision tables; examples/ramsim's TestDiffCorpus runs them")
			default:
				t.Fatalf("unknown check %q", c.Check)
			}
		})
	}
}
