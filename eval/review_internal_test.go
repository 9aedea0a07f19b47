package eval

import (
	"strings"
	"testing"

	"github.com/rampolicy/ram/arn"
	"pgregory.net/rapid"
)

// TestReviewIsPrincipalMirrorsARN: the decision path's isPrincipal must accept exactly
// what arn.ARN.IsPrincipal accepts, or Validate's fast path lets a bad principal through.
func TestReviewIsPrincipalMirrorsARN(t *testing.T) {
	t.Parallel()
	parts := []string{"acs", "ram", "RAM", "sts", ":", ":", "/", "1", "0", "12", "root", "user", "role", "group", "a", "B", "*", "?", ".", "@", "-", " ", "\t", "é", "system", "saml-provider"}
	rapid.Check(t, func(t *rapid.T) {
		var b strings.Builder
		if rapid.Bool().Draw(t, "prefix") {
			b.WriteString("acs:ram::")
		}
		for range rapid.IntRange(0, 10).Draw(t, "n") {
			b.WriteString(rapid.SampledFrom(parts).Draw(t, "p"))
		}
		p, err := arn.Parse(b.String())
		if err != nil {
			return
		}
		if got, want := isPrincipal(p), p.IsPrincipal(); got != want {
			t.Fatalf("%q: isPrincipal %v, IsPrincipal %v", p, got, want)
		}
		if got, want := principalARN(p) != "" || !p.IsPrincipal(), true; got != want {
			t.Fatalf("%q: a principal without acs:PrincipalARN", p)
		}
	})
}

// TestReviewResourceAccountFastPath: resourceAccount against a plain reading of the ARN.
func TestReviewResourceAccountFastPath(t *testing.T) {
	t.Parallel()
	rapid.Check(t, func(t *rapid.T) {
		var b strings.Builder
		for range rapid.IntRange(0, 8).Draw(t, "n") {
			b.WriteString(rapid.SampledFrom([]string{"acs", "ram", "RAM", ":", ":", "1", "*", "system", "x", "/"}).Draw(t, "p"))
		}
		res := b.String()
		f := strings.SplitN(res, ":", 5)
		want := ""
		if len(f) == 5 && f[0] == "acs" && f[3] != "*" && !(f[3] == "system" && f[1] == "ram") {
			want = f[3]
		}
		if got := resourceAccount(res); got != want {
			t.Fatalf("%q: %q, want %q", res, got, want)
		}
	})
}

func TestReviewValidateFastPathAgrees(t *testing.T) {
	t.Parallel()
	rapid.Check(t, func(t *rapid.T) {
		var b strings.Builder
		for range rapid.IntRange(0, 6).Draw(t, "n") {
			b.WriteString(rapid.SampledFrom([]string{"cr", ":", "Get", "\x00", "\x7f", "é", "*", "?", " ", "\v", "-", "_", "[", "\u00a0", "\u2028", "\x85"}).Draw(t, "p"))
		}
		r := Request{Action: b.String(), Resource: "*"}
		if r.wellFormed() && r.problem() != nil {
			t.Fatalf("%q: fast path accepts what problem rejects: %v", r.Action, r.problem())
		}
	})
}

func TestReviewValidateFastPathKeys(t *testing.T) {
	t.Parallel()
	rapid.Check(t, func(t *rapid.T) {
		var b strings.Builder
		for range rapid.IntRange(0, 6).Draw(t, "n") {
			b.WriteString(rapid.SampledFrom([]string{"acs", ":", "\x00", "\x7f", "é", " ", "\v", "\x1c", "\u00a0", "\u2028", "\x85", "\xff", "x"}).Draw(t, "p"))
		}
		var r Request
		r.Action, r.Resource = "cr:Get", "*"
		r.Context.Set(b.String(), "v")
		if r.wellFormed() && r.problem() != nil {
			t.Fatalf("%q: fast path accepts what problem rejects: %v", b.String(), r.problem())
		}
	})
}
