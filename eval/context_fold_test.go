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
	{"ſ:x", "s:x"}, {"acs:SourceIpAddress1", "ACS:SOURCEIPADDRESS1"}, {"acs:SourceIpAddress1", "acs:SourceIpAddres\xc11"},
	{"ABCDEFGHIJKLMNOP", "abcdefghijklmnop"}, {"@[`{@[`{", "`{@[`{@["}, {"İ:x", "i:x"}, {"", ""}, {"a", ""}, {"é", "e"}, {"a:B", "A:b"}, {"[", "{"}, {"@", "`"},
}

func FuzzKeysEqual(f *testing.F) {
	for _, s := range foldSeeds {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		//lint:ignore SA6005 the contract is equality of strings.ToLower, which EqualFold is not for every rune
		want := strings.ToLower(a) == strings.ToLower(b)
		if got := keysEqual(a, b); got != want {
			t.Fatalf("keysEqual(%q, %q) = %v; strings.ToLower says %v", a, b, got, want)
		}
		if got := keysEqual(a, strings.ToLower(b)); got != want {
			t.Fatalf("keysEqual(%q, ToLower(%q)) = %v; strings.ToLower says %v", a, b, got, want)
		}
		// The Context's own paths: find (Set, Add, Get) and lookup (conditions).
		var c Context
		c.Set(a, "v")
		if i, _ := c.find(b); (i == 0) != want {
			t.Fatalf("Set(%q) then find(%q) = %v; strings.ToLower says %v", a, b, i, want)
		}
		if _, got := c.lookup(strings.ToLower(b)); got != want {
			t.Fatalf("Set(%q) then lookup(ToLower(%q)) = %v; strings.ToLower says %v", a, b, got, want)
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
			//lint:ignore SA6005 the contract is equality of strings.ToLower, which EqualFold is not for every rune
			if got, want := keysEqual(sa, sb), strings.ToLower(sa) == strings.ToLower(sb); got != want {
				t.Fatalf("keysEqual(%q, %q) = %v, want %v", sa, sb, got, want)
			}
		}
	}
}

// TestASCIIFoldEqualEveryByte puts every ASCII byte in an ASCII key and every byte in the
// other, at each position of a word and of the tail, next to bytes that make lowerWord
// carry, and compares with the byte-wise definition.
func TestASCIIFoldEqualEveryByte(t *testing.T) {
	t.Parallel()
	for _, base := range []string{"aBcDeFgHiJ", "\x7fZ@[`{zA01", "aZ`{", "ABCDEFGH"} {
		for p := range len(base) {
			for x := range utf8.RuneSelf {
				for y := range 256 {
					a, b := []byte(base), []byte(strings.ToUpper(base))
					a[p], b[p] = byte(x), byte(y)
					if q := (p + 1) % len(base); y >= utf8.RuneSelf {
						b[q] = 0xff // a carry out of the byte before
					}
					want := true
					for i := range a {
						la, lb := a[i], b[i]
						if 'A' <= la && la <= 'Z' {
							la += 'a' - 'A'
						}
						if 'A' <= lb && lb <= 'Z' {
							lb += 'a' - 'A'
						}
						want = want && la == lb
					}
					if got := asciiFoldEqual(string(a), string(b)); got != want {
						t.Fatalf("asciiFoldEqual(%q, %q) = %v, want %v", a, b, got, want)
					}
				}
			}
		}
	}
}

// TestIsASCII puts one byte of every value at every position of keys of 0 to 20 bytes.
func TestIsASCII(t *testing.T) {
	t.Parallel()
	for n := range 21 {
		if !isASCII(strings.Repeat("a", n)) {
			t.Fatalf("isASCII of %d ASCII bytes is false", n)
		}
		for p := range n {
			for c := range 256 {
				b := []byte(strings.Repeat("a", n))
				b[p] = byte(c)
				if got, want := isASCII(string(b)), c < utf8.RuneSelf; got != want {
					t.Fatalf("isASCII(%q) = %v", b, got)
				}
			}
		}
	}
}
