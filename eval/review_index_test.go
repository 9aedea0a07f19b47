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

// reviewIsRAM: "acs:" then the service "ram" in any letter case, then ':'.
func reviewIsRAM(res string) bool {
	f := strings.SplitN(res, ":", 3)
	return len(f) == 3 && f[0] == "acs" && strings.EqualFold(f[1], "ram")
}

func reviewMatch(pattern, res string, fold bool) bool {
	if fold {
		pattern, res = lowerASCII(pattern), lowerASCII(res)
	}
	return refGlob(pattern, res)
}

var reviewPieces = []string{"acs", "ACS", "ram", "RAM", "Ram", "cr", "", "*", "?", "1", "role", "ROLE", "user", "Admin", "admin", "a*", "A?min", "*in", "r", "R"}

func reviewARNish(t *rapid.T, label string) string {
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
		b.WriteString(rapid.SampledFrom(reviewPieces).Draw(t, label+"p"))
	}
	return b.String()
}

// TestReviewIndexAgreesWithFoldingReference: random Deny patterns in any case over random
// resources (ram and not), filed in the index among decoys, decide exactly as a direct
// reading of semantics.md: ram resources fold, others do not.
func TestReviewIndexAgreesWithFoldingReference(t *testing.T) {
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
				r := reviewARNish(t, "pat")
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
		res := reviewARNish(t, "res")
		if res == "" {
			res = "x"
		}
		action := rapid.SampledFrom([]string{"ram:GetRole", "RAM:getrole", "cr:GetRepository"}).Draw(t, "action")
		req := &eval.Request{Principal: arn.MustParse("acs:ram::1:user/u"), Action: action, Resource: res}
		fold := reviewIsRAM(res)
		denied, allowed := false, false
		for _, s := range defs {
			hit := false
			for _, a := range s.actions {
				hit = hit || reviewMatch(a, action, true)
			}
			if hit == s.not {
				continue
			}
			rh := false
			for _, p := range s.res {
				rh = rh || reviewMatch(p, res, fold)
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
