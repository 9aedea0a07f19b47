package eval

import (
	"strings"
	"testing"

	"github.com/rampolicy/ram/arn"
	"pgregory.net/rapid"
)

// referenceAccount is resourceAccount written plainly.
func referenceAccount(res string) string {
	f := strings.SplitN(res, ":", 5)
	if f[0] != "acs" || len(f) < 5 {
		return ""
	}
	if acct := f[3]; acct != "*" {
		return acct
	}
	return ""
}

var accountSeeds = []string{"acs:cr:cn-hangzhou:1234567890:repository/dev/app", "acs:ram::1111:role/r", "acs:ram:*:system:policy/P",
	"acs:cr:*:system:x", "acs:cr:*:*:x", "acs:cr::", "acs:a:b:c:", "acs:a:b:c", "acs::::", "acs:a:b:cccccccccccccccccc:d", "*",
	"acs:ram::1234567890123456:role/kubernetesworkerrole-test", "acs:abcdefgh:ijklmnop:qrstuvwx:yz", "acs:", "", "acsx:a:b:c:d",
	"acs:aaaaaaa:bbbbbbb:ccccccc:d", "acs:a:b:c:d:e:f:g", "ACS:a:b:c:d", "acs:a\x80:b\xff:c:d"}

func TestResourceAccount(t *testing.T) {
	t.Parallel()
	for _, s := range accountSeeds {
		if got, want := resourceAccount(s), referenceAccount(s); got != want {
			t.Errorf("resourceAccount(%q) = %q, want %q", s, got, want)
		}
	}
	// Every placement of the colons across word boundaries.
	for a := range 12 {
		for b := range 12 {
			for c := range 12 {
				s := "acs:" + strings.Repeat("s", a) + ":" + strings.Repeat("r", b) + ":" + strings.Repeat("9", c) + ":x"
				if got, want := resourceAccount(s), referenceAccount(s); got != want {
					t.Fatalf("resourceAccount(%q) = %q, want %q", s, got, want)
				}
			}
		}
	}
}

func FuzzResourceAccount(f *testing.F) {
	for _, s := range accountSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := resourceAccount(s), referenceAccount(s); got != want {
			t.Fatalf("resourceAccount(%q) = %q, want %q", s, got, want)
		}
	})
}

// TestPlainActionNameEveryByte puts every byte value at every position of names of 1 to
// 20 bytes and compares with the rule spelled out byte by byte.
func TestPlainActionNameEveryByte(t *testing.T) {
	t.Parallel()
	for n := 1; n <= 20; n++ {
		for p := range n {
			for c := range 256 {
				b := []byte(strings.Repeat("Ab", n)[:n])
				b[p] = byte(c)
				want := c > ' ' && c < 0x80 && c != ':' && c != '*' && c != '?'
				if n < 8 { // the table path keeps the controls it allows
					want = actionBytes[c]&actionName != 0
				}
				if got := plainActionName(string(b)); got != want {
					t.Fatalf("plainActionName(%q) = %v, want %v", b, got, want)
				}
			}
		}
	}
}

// TestPrincipalHasPrincipalARN: every principal Validate's fast pass accepts (it asks
// arn.ARN.IsPrincipal, whose Kind arn.Parse works out once; arn's
// TestParseAgreesWithReference holds that Kind to the former field-by-field one) has an
// acs:PrincipalARN.
func TestPrincipalHasPrincipalARN(t *testing.T) {
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
		if got, want := principalARN(p) != "" || !p.IsPrincipal(), true; got != want {
			t.Fatalf("%q: a principal without acs:PrincipalARN", p)
		}
	})
}

// TestResourceAccountOnRandomText: resourceAccount against referenceAccount, its plain
// reading, on text made of ARN pieces.
func TestResourceAccountOnRandomText(t *testing.T) {
	t.Parallel()
	rapid.Check(t, func(t *rapid.T) {
		var b strings.Builder
		for range rapid.IntRange(0, 8).Draw(t, "n") {
			b.WriteString(rapid.SampledFrom([]string{"acs", "ram", "RAM", ":", ":", "1", "*", "system", "x", "/"}).Draw(t, "p"))
		}
		res := b.String()
		if got, want := resourceAccount(res), referenceAccount(res); got != want {
			t.Fatalf("%q: %q, want %q", res, got, want)
		}
	})
}

// TestWellFormedActionsPassProblem: an action the fast path (wellFormed) accepts, the
// full check (problem) accepts too.
func TestWellFormedActionsPassProblem(t *testing.T) {
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

// TestWellFormedContextKeysPassProblem: the same for context keys.
func TestWellFormedContextKeysPassProblem(t *testing.T) {
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

// accountPieces build resources and principal accounts for the crossAccountOf tests.
var accountPieces = []string{"acs", "ram", "RAM", "cr", ":", ":", ":", "1", "12", "1234567890123456", "*", "system", "SYSTEM", "x", "/", "cn-hangzhou", "\x80", ""}

// TestCrossAccountOfOnRandomText: crossAccountOf, the in-place comparison, against
// crossAccount on the account resourceAccount extracts, for principal accounts without a
// colon (an arn.ARN's account field never holds one) and resources made of ARN pieces.
func TestCrossAccountOfOnRandomText(t *testing.T) {
	t.Parallel()
	rapid.Check(t, func(t *rapid.T) {
		var b strings.Builder
		if rapid.Bool().Draw(t, "acs") {
			b.WriteString("acs:")
		}
		for range rapid.IntRange(0, 10).Draw(t, "n") {
			b.WriteString(rapid.SampledFrom(accountPieces).Draw(t, "p"))
		}
		res := b.String()
		own := strings.ReplaceAll(rapid.SampledFrom(accountPieces).Draw(t, "own")+rapid.SampledFrom(accountPieces).Draw(t, "own2"), ":", "")
		if rapid.Bool().Draw(t, "same") { // the resource's own account, when it has one
			if f := strings.SplitN(res, ":", 5); len(f) == 5 && !strings.Contains(f[3], ":") {
				own = f[3]
			}
		}
		if got, want := crossAccountOf(own, res), crossAccount(own, resourceAccount(res), res); got != want {
			t.Fatalf("crossAccountOf(%q, %q) = %v, want %v", own, res, got, want)
		}
	})
}

// TestCrossAccountOfPlacements: every placement of the colons and of the account across
// word boundaries, with the principal's account equal, a prefix, an extension or other.
func TestCrossAccountOfPlacements(t *testing.T) {
	t.Parallel()
	owns := []string{"", "9", "99", "999", "9999999999999999", "99999999999999999", "*", "system", "1"}
	for a := range 12 {
		for b := range 12 {
			for c := range 19 {
				for _, tail := range []string{":x", ":", "", "9:x", "/x"} {
					for _, svc := range []string{"s", "ram"} {
						res := "acs:" + svc + strings.Repeat("s", a) + ":" + strings.Repeat("r", b) + ":" + strings.Repeat("9", c) + tail
						for _, own := range owns {
							if got, want := crossAccountOf(own, res), crossAccount(own, resourceAccount(res), res); got != want {
								t.Fatalf("crossAccountOf(%q, %q) = %v, want %v", own, res, got, want)
							}
						}
					}
				}
			}
		}
	}
	for _, res := range append(accountSeeds, "acs:ram::system:policy/P", "acs:cr::system:x", "acs:ram:*:*:x", "acs:ram:::x") {
		for _, own := range owns {
			if got, want := crossAccountOf(own, res), crossAccount(own, resourceAccount(res), res); got != want {
				t.Fatalf("crossAccountOf(%q, %q) = %v, want %v", own, res, got, want)
			}
		}
	}
}

func FuzzCrossAccountOf(f *testing.F) {
	for _, s := range accountSeeds {
		f.Add("1234567890", s)
		f.Add("system", s)
	}
	f.Fuzz(func(t *testing.T, own, res string) {
		own = strings.ReplaceAll(own, ":", "") // an arn.ARN's account field holds no colon
		if got, want := crossAccountOf(own, res), crossAccount(own, resourceAccount(res), res); got != want {
			t.Fatalf("crossAccountOf(%q, %q) = %v, want %v", own, res, got, want)
		}
	})
}
