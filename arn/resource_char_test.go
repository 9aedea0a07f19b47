package arn

import (
	"testing"
	"unicode"
	"unicode/utf8"
)

// TestBadResourceCharASCII holds badResourceChar's ASCII pass to the rune-by-rune rule:
// every byte value, alone and after ASCII and non-ASCII text.
func TestBadResourceCharASCII(t *testing.T) {
	t.Parallel()
	for c := range 256 {
		for _, prefix := range []string{"", "repository/a", "é", "repo\u00a0"} {
			s := prefix + string([]byte{byte(c)}) + "x"
			if got, want := badResourceChar(s), badRuneChar(s); got != want {
				t.Fatalf("badResourceChar(%q) = %d, rune by rune %d", s, got, want)
			}
		}
		if r := rune(c); c < utf8.RuneSelf && (badRuneChar(string(r)) == 0) != (unicode.IsControl(r) || unicode.IsSpace(r)) {
			t.Fatalf("rule for %q", r)
		}
	}
}
