package analyze

import (
	"math/rand/v2"
	"testing"

	"github.com/rampolicy/ram/arn"
	"github.com/rampolicy/ram/eval"
	"github.com/rampolicy/ram/internal/wildcard"
	"github.com/rampolicy/ram/policy"
	"pgregory.net/rapid"
)

// AccessNotGranted against the universe: PASS means no request inside the query is
// allowed; every witness is inside the query and allowed.
func TestPropertyAccessNotGranted(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s, text := toSet(t, "s", policy.IdentityPolicy, genStatements(t, "s", policy.IdentityPolicy))
		qa := genPattern(t, "qa", actionChars, "s:", 2)
		qr := genPattern(t, "qr", resourceChars, "acs:x:::", 2)
		res, err := AccessNotGranted(s, []string{qa}, []string{qr}, nil)
		if err != nil {
			t.Fatalf("%s: %v", text, err)
		}
		pa, pr := wildcard.Compile(qa, true), wildcard.Compile(qr, false)
		ps, _ := eval.Compile(s.Policies...)
		if !res.Pass {
			for _, w := range res.Witnesses {
				if !pa.Match(w.Action) || !pr.Match(w.Resource) || ps.Evaluate(&w.Request).Decision != eval.Allow {
					t.Fatalf("witness %+v outside the query or not allowed", w)
				}
			}
			return
		}
		rng := rand.New(rand.NewPCG(rapid.Uint64().Draw(t, "seed"), 2))
		for _, a := range uniActions {
			for _, r := range uniResources {
				if !pa.Match(a) || !pr.Match(r) {
					continue
				}
				m := map[string][]string{}
				for _, ks := range keySpecs {
					if v := ks.request[rng.IntN(len(ks.request))]; v != nil {
						m[ks.key] = v
					}
				}
				req := eval.Request{Action: a, Resource: r, Context: eval.NewContext(m)}
				if ps.Evaluate(&req).Decision == eval.Allow {
					t.Fatalf("PASS, but %s on %s (context %v) is allowed by %s", a, r, m, text)
				}
			}
		}
	})
}

// NoExternalAccess against the universe of callers: PASS means no caller outside
// account 1 is admitted; every witness is outside and admitted.
func TestPropertyNoExternalAccess(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s, text := toSet(t, "s", policy.TrustPolicy, genStatements(t, "s", policy.TrustPolicy))
		res, err := NoExternalAccess(s, []string{"1"}, nil)
		if err != nil {
			t.Fatalf("%s: %v", text, err)
		}
		ps, _ := eval.Compile(s.Policies...)
		if !res.Pass {
			for _, w := range res.Witnesses {
				if w.Caller == nil || !w.Checked {
					continue
				}
				if w.Caller.ARN.Account() == "1" || ps.Evaluate(&w.Request).Decision != eval.Allow {
					t.Fatalf("witness %+v inside or not admitted", w)
				}
			}
			return
		}
		rng := rand.New(rand.NewPCG(rapid.Uint64().Draw(t, "seed"), 3))
		for _, c := range uniCallers {
			p := arn.MustParse(c)
			if p.Account() == "1" {
				continue
			}
			for _, a := range uniActions {
				for i := 0; i < 3; i++ {
					m := map[string][]string{}
					for _, ks := range keySpecs[:4] {
						if v := ks.request[rng.IntN(len(ks.request))]; v != nil {
							m[ks.key] = v
						}
					}
					req := eval.Request{Principal: p, Action: a, Resource: uniResources[rng.IntN(len(uniResources))], Context: eval.NewContext(m)}
					if ps.Evaluate(&req).Decision == eval.Allow {
						t.Fatalf("PASS, but %s may %s (%v) under %s", c, a, m, text)
					}
				}
			}
		}
	})
}
