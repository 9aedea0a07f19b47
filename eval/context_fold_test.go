package eval

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// keysEqual folds letter case on the fly instead of comparing strings.ToLower of both
// keys; these hold it to that definition.

// TestLowerCaseIsIdempotent: lookup compares a request key with a key lower-cased at
// compile time by folding both again, which is exact only if lower-casing twice changes
// nothing.
func TestLowerCaseIsIdempotent(t *testing.T) {
	t.Parallel()
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if l := unicode.ToLower(r); unicode.ToLower(l) != l {
			t.Errorf("ToLower(ToLower(%U)) = %U, not %U", r, unicode.ToLower(l), l)
		}
	}
}

var foldSeeds = [][2]string{
	{"acs:SourceIp", "acs:sourceip"}, {"ACS:SOURCEIP", "acs:SourceIp"}, {"acs:SourceIp", "acs:SourceIpx"},
	{"\u212Acs:x", "kcs:x"}, {"\u212Acs:x", "KCS:X"}, {"Ünï:Kéy", "ünï:kéy"}, {"a\xffb", "a\ufffdb"}, {"a\xff", "a\xfe"},
	{"ſ:x", "s:x"}, {"İ:x", "i:x"}, {"", ""}, {"a", ""}, {"é", "e"}, {"a:B", "A:b"}, {"[", "{"}, {"@", "`"},
}

func FuzzKeysEqual(f *testing.F) {
	for _, s := range foldSeeds {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		want := strings.ToLower(a) == strings.ToLower(b)
		if got := keysEqual(a, b); got != want {
			t.Fatalf("keysEqual(%q, %q) = %v; strings.ToLower says %v", a, b, got, want)
		}
		if got := keysEqual(a, strings.ToLower(b)); got != want {
			t.Fatalf("keysEqual(%q, ToLower(%q)) = %v; strings.ToLower says %v", a, b, got, want)
		}
	})
}

// TestKeysEqualExhaustiveASCII compares every pair of two-byte ASCII keys.
func TestKeysEqualExhaustiveASCII(t *testing.T) {
	t.Parallel()
	var a, b [2]byte
	for i := range utf8.RuneSelf * utf8.RuneSelf {
		a[0], a[1] = byte(i/utf8.RuneSelf), byte(i%utf8.RuneSelf)
		for j := range utf8.RuneSelf {
			b[0], b[1] = a[0], byte(j)
			sa, sb := string(a[:]), string(b[:])
			if got, want := keysEqual(sa, sb), strings.ToLower(sa) == strings.ToLower(sb); got != want {
				t.Fatalf("keysEqual(%q, %q) = %v, want %v", sa, sb, got, want)
			}
		}
	}
}
