package eval_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/rampolicy/ram/arn"
	"github.com/rampolicy/ram/eval"
	"github.com/rampolicy/ram/policy"
	"pgregory.net/rapid"
)

// The index files statements under their actions and resource tokens; these tests check
// that looking a request up in it finds exactly the statements a plain reading matches.

// refMatchFold is refGlob, ignoring ASCII case when fold.
func refMatchFold(pattern, res string, fold bool) bool {
	if fold {
		pattern, res = lowerASCII(pattern), lowerASCII(res)
	}
	return refGlob(pattern, res)
}

// arnishPieces are the words of arnish resources and patterns: services, names and
// wildcards in several letter cases.
var arnishPieces = []string{"acs", "ACS", "ram", "RAM", "Ram", "cr", "", "*", "?", "1", "role", "ROLE", "user", "Admin", "admin", "a*", "A?min", "*in", "r", "R"}

// arnish draws a resource or Resource pattern shaped like an ARN, or "*".
func arnish(t *rapid.T, label string) string {
	if rapid.IntRange(0, 9).Draw(t, label+"star") == 0 {
		return "*"
	}
	n := rapid.IntRange(1, 4).Draw(t, label+"n")
	var b strings.Builder
	b.WriteString("acs:" + rapid.SampledFrom([]string{"ram", "RAM", "Ram", "cr", "*", "r*", "?am", "ra?"}).Draw(t, label+"svc") + ":")
	b.WriteString(rapid.SampledFrom([]string{"", "*", "cn"}).Draw(t, label+"reg") + ":")
	b.WriteString(rapid.SampledFrom([]string{"", "*", "1", "2", "system"}).Draw(t, label+"acct") + ":")
	for i := range n {
		if i > 0 {
			b.WriteString(rapid.SampledFrom([]string{":", "/", ":", "::"}).Draw(t, label+"d"))
		}
		b.WriteString(rapid.SampledFrom(arnishPieces).Draw(t, label+"p"))
	}
	return b.String()
}

// TestIndexAgreesWithFoldingReference: random Allow and Deny patterns in any case over
// random resources (ram and not), filed in the index among decoys, decide exactly as a
// direct reading of semantics.md: ram resources fold, others do not.
func TestIndexAgreesWithFoldingReference(t *testing.T) {
	t.Parallel()
	rapid.Check(t, func(t *rapid.T) {
		type st struct {
			eff     policy.Effect
			not     bool
			actions []string
			res     []string
		}
		var defs []st
		var stmts []policy.Statement
		n := rapid.IntRange(1, 5).Draw(t, "stmts")
		for range n {
			s := st{eff: rapid.SampledFrom([]policy.Effect{policy.EffectAllow, policy.EffectDeny}).Draw(t, "eff"),
				not:     rapid.Bool().Draw(t, "not"),
				actions: []string{rapid.SampledFrom([]string{"*", "ram:*", "RAM:Get*", "ram:GetRole", "cr:*"}).Draw(t, "act")}}
			for range rapid.IntRange(1, 3).Draw(t, "nres") {
				r := arnish(t, "pat")
				if r == "" {
					r = "x"
				}
				s.res = append(s.res, r)
			}
			defs = append(defs, s)
			ps := policy.Statement{Effect: s.eff, Resources: s.res}
			if s.not {
				ps.NotAction = true
			}
			ps.Actions = s.actions
			stmts = append(stmts, ps)
		}
		for i := range rapid.IntRange(0, 40).Draw(t, "decoys") {
			stmts = append(stmts, policy.Statement{Effect: policy.EffectDeny, Actions: []string{"*"},
				Resources: []string{fmt.Sprintf("acs:ram:*:*:role/decoy%d", i)}})
		}
		doc := &policy.Document{Kind: policy.IdentityPolicy, Version: "1", Statements: stmts}
		set, err := eval.Compile(eval.Policy{Name: "p", Doc: doc})
		if err != nil {
			t.Skip(err)
		}
		res := arnish(t, "res")
		if res == "" {
			res = "x"
		}
		action := rapid.SampledFrom([]string{"ram:GetRole", "RAM:getrole", "cr:GetRepository"}).Draw(t, "action")
		req := &eval.Request{Principal: arn.MustParse("acs:ram::1:user/u"), Action: action, Resource: res}
		fold := refIsRAM(res)
		denied, allowed := false, false
		for _, s := range defs {
			hit := false
			for _, a := range s.actions {
				hit = hit || refMatchFold(a, action, true)
			}
			if hit == s.not {
				continue
			}
			rh := false
			for _, p := range s.res {
				rh = rh || refMatchFold(p, res, fold)
			}
			if !rh {
				continue
			}
			if s.eff == policy.EffectDeny {
				denied = true
			} else {
				allowed = true
			}
		}
		for i := range stmts[len(defs):] {
			if fold && lowerASCII(res) == fmt.Sprintf("acs:ram:*:*:role/decoy%d", i) {
				denied = true
			}
		}
		want := eval.ImplicitDeny
		if denied {
			want = eval.ExplicitDeny
		} else if allowed {
			want = eval.Allow
		}
		got := set.Evaluate(req)
		if got.Err != nil {
			t.Skip(got.Err)
		}
		if got.Decision != want {
			t.Fatalf("%s on %q: got %v, want %v", action, res, got.Decision, want)
		}
	})
}
