package eval

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/rampolicy/ram/policy"
	"pgregory.net/rapid"
)

// TestIndexWalkAgreesWithEveryStatement holds the index walk (PolicySet.eval: the
// actions table, listed or hashed, with its inline first-word and last-byte checks) to
// the definition: the outcome of trying every statement in turn. Action patterns and
// actions are drawn from pieces that share prefixes, differ in letter case and cross
// the eight-byte word of the inline check.
func TestIndexWalkAgreesWithEveryStatement(t *testing.T) {
	t.Parallel()
	piece := rapid.SampledFrom([]string{"cr", ":", "Get", "get", "GET", "Pull", "pull", "Repository", "REPO", "r", "x", "s", "-", "1"})
	word := func(t *rapid.T, label string) string {
		return strings.Join(rapid.SliceOfN(piece, 1, 6).Draw(t, label), "")
	}
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(1, 14).Draw(t, "statements") // over maxListed keys: hashed too
		type stmt struct {
			Effect   string   `json:"Effect"`
			Action   []string `json:"Action"`
			Resource string   `json:"Resource"`
		}
		doc := struct {
			Version   string `json:"Version"`
			Statement []stmt `json:"Statement"`
		}{Version: "1"}
		for i := range n {
			var acts []string
			for range rapid.IntRange(1, 3).Draw(t, "actions") {
				a := "cr:" + word(t, "action")
				if rapid.Bool().Draw(t, "star") {
					a = a[:rapid.IntRange(len("cr:"), len(a)).Draw(t, "cut")] + "*"
				}
				acts = append(acts, a)
			}
			eff := "Allow"
			if i%3 == 2 {
				eff = "Deny"
			}
			doc.Statement = append(doc.Statement, stmt{Effect: eff, Action: acts, Resource: "*"})
		}
		text, err := json.Marshal(doc)
		if err != nil {
			t.Fatal(err)
		}
		d, err := policy.Parse(text, policy.IdentityPolicy)
		if err != nil {
			t.Skip(err)
		}
		ps, err := Compile(Policy{Name: "p", Doc: d})
		if err != nil {
			t.Fatal(err)
		}
		req := &Request{Action: "cr:" + word(t, "request"), Resource: "acs:cr:cn:1:repository/a"}
		st := newReqState(req)
		got := ps.eval(&st, nil)
		want := setOutcome{}
		for i := range ps.stmts {
			if s := &ps.stmts[i]; s.matches(&st, false) {
				if s.effect == policy.EffectDeny {
					want.denied = true
				} else {
					want.allowed = true
				}
			}
		}
		if got != want {
			t.Fatalf("action %q on %s: index walk %+v, every statement %+v", req.Action, text, got, want)
		}
	})
}
