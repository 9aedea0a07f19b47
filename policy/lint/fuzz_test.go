package lint

import (
	"testing"

	"github.com/rampolicy/ram/policy"
)

// FuzzLint lints every document that parses, as an identity and as a trust policy, with
// and without its source: Lint must not panic, must find only codes it defines, and with
// the source must place every finding at a line and column inside it.
func FuzzLint(f *testing.F) {
	for _, c := range checkCases {
		f.Add([]byte(c.pos))
		f.Add([]byte(c.neg))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		for _, kind := range []policy.Kind{policy.IdentityPolicy, policy.TrustPolicy} {
			d, err := policy.Parse(src, kind)
			if err != nil {
				continue
			}
			for _, opts := range []Options{{}, {Source: src, Account: "1111111111111111"}} {
				found, err := Lint(d, opts)
				if err != nil {
					t.Fatal(err)
				}
				for _, x := range found {
					if _, ok := findRule(x.Code); !ok {
						t.Fatalf("undefined code %q", x.Code)
					}
					if x.Severity < Suggestion || x.Severity > Error {
						t.Fatalf("bad severity in %v", x)
					}
					if opts.Source != nil && (x.Line < 1 || x.Column < 1) {
						t.Fatalf("no position with source: %v", x)
					}
				}
			}
		}
	})
}
