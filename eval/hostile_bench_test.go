package eval_test

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	"github.com/rampolicy/ram/arn"
	"github.com/rampolicy/ram/eval"
	"github.com/rampolicy/ram/policy"
)

// BenchmarkHostileConditions measures the most expensive evaluation hardening found within
// the documented limits: one identity policy of 680 StringLike patterns "*a?x*" (5,557
// characters, under the 6,144 limit) against a valid request whose one context key holds
// values of 2,048 bytes. Each match is linear, but the cost is patterns x values x bytes:
// about 3 ns each, so 1,000 values take about 4 s per decision.
func BenchmarkHostileConditions(b *testing.B) {
	pats := make([]string, 680)
	for i := range pats {
		pats[i] = "*a?x*"
	}
	list, _ := json.Marshal(pats)
	doc, err := policy.Parse([]byte(`{"Version":"1","Statement":[{"Effect":"Allow","Action":"*","Resource":"*",
	  "Condition":{"StringLike":{"a:k":`+string(list)+`}}}]}`), policy.IdentityPolicy)
	if err != nil {
		b.Fatal(err)
	}
	ev := eval.NewEvaluator(eval.Config{IdentityPolicies: eval.MustCompile(eval.Policy{Name: "p", Doc: doc})})
	// The worst request the limits admit: MaxContextBytes of values under the key.
	for _, n := range []int{4, 16, 64} {
		b.Run("values="+strconv.Itoa(n), func(b *testing.B) {
			vals := make([]string, n)
			for i := range vals {
				vals[i] = strings.Repeat("ab", eval.MaxContextBytes/n/2)
			}
			req := &eval.Request{Principal: arn.MustParse("acs:ram::1:user/u"), Action: "cr:GetRepository", Resource: "*"}
			req.Context.Set("a:k", vals...)
			if err := req.Validate(); err != nil {
				b.Fatal(err)
			}
			for b.Loop() {
				if ev.Evaluate(req, nil).Decision != eval.ImplicitDeny {
					b.Fatal("no pattern matches")
				}
			}
		})
	}
}
