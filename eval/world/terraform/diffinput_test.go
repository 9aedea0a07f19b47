package terraform

import (
	"testing"

	"github.com/rampolicy/ram/arn"
	"github.com/rampolicy/ram/eval"
	"github.com/rampolicy/ram/eval/world/worldfile"
)

// decide builds an imported world and decides a request of its user dev.
func decide(t *testing.T, f *worldfile.File, action string) eval.Decision {
	t.Helper()
	w, _, err := f.World()
	if err != nil {
		t.Fatal(err)
	}
	req := &eval.Request{Principal: arn.MustParse("acs:ram::1111111111111111:user/dev"), Action: action,
		Resource: "acs:cr:cn-hangzhou:1111111111111111:repository/app/web"}
	return w.Evaluate(req, nil).Decision
}

// The two plans ramsim diff -plan is to be checked on: one widens the app group's
// policy, one only renames it (a new resource address and policy name, the same text).
func TestWidenAndRenamePlans(t *testing.T) {
	for _, c := range []struct {
		file       string
		pushBefore eval.Decision
		pushAfter  eval.Decision
	}{
		{"widen-policy-plan.json", eval.ImplicitDeny, eval.Allow},
		{"rename-plan.json", eval.ImplicitDeny, eval.ImplicitDeny},
	} {
		t.Run(c.file, func(t *testing.T) {
			imp := read(t, c.file, Options{AccountID: "1111111111111111"})
			if len(imp.Unresolved) != 0 {
				t.Fatalf("unresolved %v", unresolved(imp))
			}
			for _, f := range []*worldfile.File{imp.Before, imp.After} {
				if d := decide(t, f, "cr:PullRepository"); d != eval.Allow {
					t.Errorf("pull: %v", d)
				}
			}
			if d := decide(t, imp.Before, "cr:PushRepository"); d != c.pushBefore {
				t.Errorf("push before: %v", d)
			}
			if d := decide(t, imp.After, "cr:PushRepository"); d != c.pushAfter {
				t.Errorf("push after: %v", d)
			}
		})
	}
}
