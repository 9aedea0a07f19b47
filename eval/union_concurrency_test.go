package eval_test

import (
	"fmt"
	"sync"
	"testing"

	"github.com/rampolicy/ram/eval"
	"github.com/rampolicy/ram/policy"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"
)

// Compile and Union index with pooled builders. Sets compiled and united on many
// goroutines at once must each decide as the same sets built one at a time: nothing of
// a builder may stay in a set it built, to be overwritten by the next build.
func TestConcurrentCompileAndUnion(t *testing.T) {
	t.Parallel()
	rapid.Check(t, func(t *rapid.T) {
		pols := genUnionPolicies(t, rapid.IntRange(2, 5).Draw(t, "policies"), policy.IdentityPolicy, false)
		parts, distinct := genUnionParts(t, pols)
		var reqs []*eval.Request
		for range 10 {
			reqs = append(reqs, genUnionRequest(t))
		}
		decide := func(ps *eval.PolicySet) string {
			out := ""
			for _, r := range reqs {
				res := ps.Evaluate(r)
				out += fmt.Sprintf("%v %v;", res.Decision, res.DecidedBy())
			}
			return out
		}
		want := decide(eval.MustCompile(distinct...))
		var wg sync.WaitGroup
		got := make([]string, 6)
		for i := range got {
			wg.Add(1)
			go func() {
				defer wg.Done()
				var u *eval.PolicySet
				var err error
				if i%2 == 0 {
					u, err = eval.Compile(distinct...)
				} else {
					u, err = eval.Union(parts...)
				}
				if err != nil {
					got[i] = err.Error()
					return
				}
				// Another build on this goroutine before the decisions.
				_ = eval.MustCompile(pols...)
				got[i] = decide(u)
			}()
		}
		wg.Wait()
		for i, g := range got {
			require.Equal(t, want, g, "build %d", i)
		}
	})
}
