package analyze

import (
	"testing"

	"github.com/rampolicy/ram/policy"
	"pgregory.net/rapid"
)

// TestGeneratorCoversBothAnswers keeps the property tests honest: the generated pairs
// must give both answers often, or the properties would check little.
func TestGeneratorCoversBothAnswers(t *testing.T) {
	var pass, fail int
	rapid.Check(t, func(rt *rapid.T) {
		old, _, new, _ := genPair(rt, policy.IdentityPolicy)
		res, err := NoNewAccess(old, new, nil)
		switch {
		case err != nil:
			rt.Fatal(err)
		case res.Pass:
			pass++
		default:
			fail++
		}
	})
	if pass < 10 || fail < 10 {
		t.Fatalf("pass %d, fail %d: the generator is lopsided", pass, fail)
	}
}
