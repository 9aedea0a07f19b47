package lint

import (
	"os"
	"testing"

	"github.com/rampolicy/ram/policy"
)

// BenchmarkLint lints the corpus's largest identity document with its source.
func BenchmarkLint(b *testing.B) {
	src, err := os.ReadFile("../../testdata/lint/never-applies-and-redundant.json")
	if err != nil {
		b.Fatal(err)
	}
	d, err := policy.Parse(src, policy.IdentityPolicy)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Lint(d, Options{Source: src}); err != nil {
			b.Fatal(err)
		}
	}
}
