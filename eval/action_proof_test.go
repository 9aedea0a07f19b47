package eval

import (
	"maps"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/rampolicy/ram/arn"
	"github.com/rampolicy/ram/policy"
	"pgregory.net/rapid"
)

// The actions table records, per filing, whether a hit on its key proves the statement's
// Action (keyTable.proof), and the walk then skips the Action patterns. These tests hold
// that shortcut to the slow path: the same set with its proofs removed must decide every
// request alike, with the same DecidedBy, and so must trying every statement in turn.

// withoutProofs returns a copy of ps whose walk checks every Action pattern.
func withoutProofs(ps *PolicySet) *PolicySet {
	cp := *ps
	cp.actions.proof = nil
	return &cp
}

// proofPieces build actions and Action patterns that share prefixes, differ in letter
// case, cross the eight-byte word of the listed walk and hold bytes that fold in Unicode
// but not in ASCII (the Kelvin sign, 'ſ').
var proofPieces = []string{"cr", "Get", "get", "GET", "Pull", "pull", "Repository", "REPO", "r", "x", "K", "\u212a", "\u017f", "s", "-", "1"}

// proofPatternGen draws an Action pattern: a literal, a prefix followed by one or more
// stars, or a shape whose prefix proves nothing ('?', a star in the middle, "*").
func proofPatternGen(t *rapid.T, word func(*rapid.T, string) string) string {
	w := "cr:" + word(t, "action")
	cut := w[:rapid.IntRange(len("cr:"), len(w)).Draw(t, "cut")]
	for !utf8.ValidString(cut) {
		cut = cut[:len(cut)-1] // policy text is valid UTF-8
	}
	switch rapid.IntRange(0, 9).Draw(t, "shape") {
	case 0, 1, 2:
		return w
	case 3, 4:
		return cut + "*"
	case 5:
		return cut + "**"
	case 6:
		return cut + "?"
	case 7:
		return cut + "*" + rapid.SampledFrom([]string{"y", "*", "?", "x*"}).Draw(t, "tail")
	case 8:
		return cut + "?*"
	default:
		return rapid.SampledFrom([]string{"*", "cr:*", "CR:*", "cr:*Repository", "cr:?*"}).Draw(t, "wide")
	}
}

// proofSetGen draws a set of statements (Allow and Deny, Action and NotAction, several
// actions each, resources filed by token or not) and compiles it: a few statements list
// the actions table, more hash it; a union merges two compiled sets' filings.
func proofSetGen(t *rapid.T, word func(*rapid.T, string) string) *PolicySet {
	compile := func(label string) *PolicySet {
		n := rapid.IntRange(1, 14).Draw(t, label+"statements") // over maxListed keys: hashed too
		var stmts []policy.Statement
		for i := range n {
			s := policy.Statement{Sid: label + string(rune('a'+i)), Effect: policy.EffectAllow}
			if rapid.IntRange(0, 2).Draw(t, "deny") == 0 {
				s.Effect = policy.EffectDeny
			}
			for range rapid.IntRange(1, 3).Draw(t, "actions") {
				s.Actions = append(s.Actions, proofPatternGen(t, word))
			}
			s.NotAction = rapid.IntRange(0, 5).Draw(t, "not") == 0
			s.Resources = []string{rapid.SampledFrom([]string{"*", "*", "acs:cr:*:*:repository/a", "acs:cr:*:*:repository/b*", "acs:ram::1:role/Ops"}).Draw(t, "res")}
			stmts = append(stmts, s)
		}
		doc := &policy.Document{Kind: policy.IdentityPolicy, Version: "1", Statements: stmts}
		ps, err := Compile(Policy{Name: label, Doc: doc})
		if err != nil {
			t.Fatal(err)
		}
		return ps
	}
	ps := compile("p")
	if rapid.Bool().Draw(t, "union") {
		u, err := Union(ps, compile("q"))
		if err != nil {
			t.Fatal(err)
		}
		ps = u
	}
	return ps
}

// TestActionProofAgreesWithSlowPath: every decision, and its DecidedBy, is the same with
// the proofs as without them, and as trying every statement with every pattern.
func TestActionProofAgreesWithSlowPath(t *testing.T) {
	t.Parallel()
	piece := rapid.SampledFrom(proofPieces)
	word := func(t *rapid.T, label string) string {
		return strings.Join(rapid.SliceOfN(piece, 1, 6).Draw(t, label), "")
	}
	rapid.Check(t, func(t *rapid.T) {
		ps := proofSetGen(t, word)
		slow := withoutProofs(ps)
		for range rapid.IntRange(1, 4).Draw(t, "requests") {
			action := "cr:" + word(t, "request")
			if rapid.IntRange(0, 4).Draw(t, "upper") == 0 {
				action = strings.ToUpper(action)
			}
			res := rapid.SampledFrom([]string{"acs:cr:cn:1:repository/a", "acs:cr:cn:1:repository/b1", "acs:ram::1:role/OPS", "acs:oss:cn:1:x"}).Draw(t, "resource")
			req := &Request{Principal: arn.MustParse("acs:ram::1:user/u"), Action: action, Resource: res}
			got, want := ps.Evaluate(req), slow.Evaluate(req)
			if got.Decision != want.Decision || !slices.Equal(got.DecidedBy(), want.DecidedBy()) {
				t.Fatalf("%s on %s: with proofs %v by %v, without %v by %v", action, res, got.Decision, got.DecidedBy(), want.Decision, want.DecidedBy())
			}
			st := newReqState(req)
			var every setOutcome
			for i := range ps.stmts {
				if s := &ps.stmts[i]; s.matches(&st, false) {
					if s.effect == policy.EffectDeny {
						every.denied = true
					} else {
						every.allowed = true
					}
				}
			}
			if out := ps.eval(&st, nil); out != every {
				t.Fatalf("%s on %s: index walk %+v, every statement %+v", action, res, out, every)
			}
		}
	})
}

// TestActionProofIsUsed guards the shortcut itself: W1's statements, filed under their
// exact actions and prefixes, carry proofs, and NotAction or '?' patterns carry none.
func TestActionProofIsUsed(t *testing.T) {
	text := `{"Version":"1","Statement":[
		{"Effect":"Allow","Action":["cr:Get*","cr:List*","cr:PullRepository"],"Resource":"*"},
		{"Effect":"Deny","Action":"cr:PushRepository","Resource":"acs:cr:*:*:repository/prod/*"},
		{"Effect":"Allow","Action":["cr:Tag?","cr:Scan*x"],"Resource":"*"}]}`
	d, err := policy.Parse([]byte(text), policy.IdentityPolicy)
	if err != nil {
		t.Fatal(err)
	}
	ps, err := Compile(Policy{Name: "p", Doc: d})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]uint8{"cr:get": proofPrefix, "cr:list": proofPrefix, "cr:pullrepository": proofExact,
		"cr:pushrepository": proofExact, "cr:tag": proofNone, "cr:scan": proofNone}
	got := map[string]uint8{}
	tab := &ps.actions
	for i := range tab.slots {
		s := &tab.slots[i]
		for j := s.off; j < s.end; j++ {
			got[s.key] = tab.proof[j]
		}
	}
	if !maps.Equal(got, want) {
		t.Fatalf("proofs %v, want %v", got, want)
	}
}
