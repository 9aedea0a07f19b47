package analyze_test

import (
	"encoding/json"
	"testing"

	"github.com/rampolicy/ram/arn"
	"github.com/rampolicy/ram/eval"
	"github.com/rampolicy/ram/eval/analyze"
	"github.com/rampolicy/ram/policy"
	"pgregory.net/rapid"
)

var (
	reviewActions   = []string{"ram:GetPolicy", "ram:getpolicy", "RAM:DeletePolicy", "ram:*", "*", "cr:Get*"}
	reviewResPats   = []string{"*", "acs:ram:*:system:policy/*", "acs:ram:*:*:policy/a", "acs:ram:*:*:policy/A", "acs:ram::1:*", "acs:RAM:*:*:*", "acs:*:*:*:policy/a", "acs:ram:*:system:*", "acs:cr:*:*:*", "acs:ram:*:*:user/bob"}
	reviewResources = []string{"acs:ram:*:system:policy/a", "acs:ram:*:system:policy/A", "acs:RAM:*:system:policy/a", "acs:ram::1:policy/a",
		"acs:ram::2:policy/a", "acs:ram:*:*:policy/a", "*", "acs:Ram::1:user/BOB", "acs:ram::1:user/bob", "acs:cr:cn:1:x", "acs:ram::SYSTEM:policy/a", "acs:ram::1:policy/A"}
	reviewReqActions = []string{"ram:GetPolicy", "RAM:GETPOLICY", "ram:DeletePolicy", "cr:GetRepository"}
	reviewCondVals   = []string{"acs:ram::1:user/bob", "acs:ram::1:user/BOB", "acs:ram::1:*", "ACS:RAM::1:USER/B*", "acs:ram::2:user/bob"}
	reviewCondOps    = []string{"StringEquals", "StringNotEquals", "StringLike", "StringNotLike", "ForAnyValue:StringLike", "ForAllValues:StringNotEquals", "StringEqualsIgnoreCase"}
)

func reviewIdentity(t *rapid.T, label string) []eval.Policy {
	var stmts []map[string]any
	for range rapid.IntRange(1, 3).Draw(t, label+"n") {
		st := map[string]any{
			"Effect":   rapid.SampledFrom([]string{"Allow", "Deny"}).Draw(t, label+"eff"),
			"Resource": rapid.SliceOfN(rapid.SampledFrom(reviewResPats), 1, 2).Draw(t, label+"res"),
		}
		acts := rapid.SliceOfN(rapid.SampledFrom(reviewActions), 1, 2).Draw(t, label+"act")
		if rapid.IntRange(0, 4).Draw(t, label+"not") == 0 {
			st["NotAction"] = acts
		} else {
			st["Action"] = acts
		}
		if rapid.Bool().Draw(t, label+"cond") {
			op := rapid.SampledFrom(reviewCondOps).Draw(t, label+"op")
			st["Condition"] = map[string]any{op: map[string]any{
				rapid.SampledFrom([]string{"acs:PrincipalARN", "acs:principalarn"}).Draw(t, label+"key"): rapid.SliceOfN(rapid.SampledFrom(reviewCondVals), 1, 2).Draw(t, label+"vals")}}
		}
		stmts = append(stmts, st)
	}
	text, _ := json.Marshal(map[string]any{"Version": "1", "Statement": stmts})
	doc, err := policy.Parse(text, policy.IdentityPolicy)
	if err != nil {
		t.Fatalf("%s: %v", text, err)
	}
	return []eval.Policy{{Name: label, Doc: doc}}
}

// TestReviewPrincipalPassIsSound: a PASS of PrincipalNoNewAccess on identity policies over
// system, mixed-case ram and other resources and acs:PrincipalARN conditions: no request
// of a small universe is allowed by the new evaluator and denied by the old.
func TestReviewPrincipalPassIsSound(t *testing.T) {
	t.Parallel()
	me := arn.MustParse("acs:ram::1:user/Bob")
	rapid.Check(t, func(t *rapid.T) {
		old := analyze.Principal{ARN: me, Identity: reviewIdentity(t, "old")}
		new := analyze.Principal{ARN: me, Identity: reviewIdentity(t, "new")}
		res, err := analyze.PrincipalNoNewAccess(old, new, nil)
		if err != nil {
			t.Fatalf("%v\nold %s\nnew %s", err, old.Identity[0].Doc, new.Identity[0].Doc)
		}
		if !res.Pass {
			return
		}
		compileEv := func(p analyze.Principal) *eval.Evaluator {
			return eval.NewEvaluator(eval.Config{IdentityPolicies: eval.MustCompile(p.Identity...)})
		}
		evOld, evNew := compileEv(old), compileEv(new)
		for _, a := range reviewReqActions {
			for _, r := range reviewResources {
				for _, ctxv := range [][]string{nil, {"acs:ram::1:user/x"}} {
					req := &eval.Request{Principal: me, Action: a, Resource: r}
					if ctxv != nil {
						req.Context.Set("acs:PrincipalARN", ctxv...)
					}
					if evNew.Evaluate(req, nil).Decision == eval.Allow && evOld.Evaluate(req, nil).Decision != eval.Allow {
						t.Fatalf("PASS, but new allows %s on %s and old does not\nold %s\nnew %s", a, r, old.Identity[0].Doc, new.Identity[0].Doc)
					}
				}
			}
		}
	})
}
