package analyze

import (
	"math/rand/v2"
	"testing"

	"github.com/rampolicy/ram/arn"
	"github.com/rampolicy/ram/eval"
	"github.com/rampolicy/ram/policy"
	"pgregory.net/rapid"
)

var principalResources = append(append([]string(nil), uniResources...),
	"acs:x:r:2:a", "acs:x:r:2:b", "acs:ram::system:a", "acs:x::system:a", "acs:x:r:*:a", "acs:x:r", "plain")

// A principal's access (control levels and identity policies) against the universe,
// decided by eval.Evaluator as eval/world builds it.
func TestPropertyPrincipal(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		me := arn.MustParse(rapid.SampledFrom([]string{"acs:ram::1:user/a", "acs:ram::1:role/r"}).Draw(t, "me"))
		var p [2]Principal
		ids := [2][]map[string]any{}
		ids[0] = genStatements(t, "oldid", policy.IdentityPolicy)
		ids[1] = mutate(t, ids[0], policy.IdentityPolicy)
		for i := range p {
			p[i].ARN = me
			s, _ := toSet(t, []string{"old", "new"}[i], policy.IdentityPolicy, ids[i])
			p[i].Identity = s.Policies
			for l := rapid.IntRange(0, 2).Draw(t, "levels"); l > 0; l-- {
				c, _ := toSet(t, "ctl", policy.ControlPolicy, genStatements(t, "ctl", policy.ControlPolicy))
				p[i].Control = append(p[i].Control, c.Policies)
			}
		}
		res, err := PrincipalNoNewAccess(p[0], p[1], &Options{MaxWitnesses: 2})
		if err != nil {
			t.Fatal(err)
		}
		old, _ := evaluatorOf(p[0])
		new, _ := evaluatorOf(p[1])
		if !res.Pass {
			for _, w := range res.Witnesses {
				if new.Evaluate(&w.Request, nil).Decision != eval.Allow || old.Evaluate(&w.Request, nil).Decision == eval.Allow {
					t.Fatalf("witness does not verify: %+v", w)
				}
			}
			return
		}
		rng := rand.New(rand.NewPCG(rapid.Uint64().Draw(t, "seed"), 5))
		for _, a := range uniActions {
			for _, r := range principalResources {
				m := map[string][]string{}
				for _, ks := range keySpecs[:4] {
					if v := ks.request[rng.IntN(len(ks.request))]; v != nil {
						m[ks.key] = v
					}
				}
				req := eval.Request{Principal: me, Action: a, Resource: r, Context: eval.NewContext(m)}
				if new.Evaluate(&req, nil).Decision == eval.Allow && old.Evaluate(&req, nil).Decision != eval.Allow {
					t.Fatalf("PASS, but %s on %s (%v) is new for %s", a, r, m, me)
				}
			}
		}
	})
}
