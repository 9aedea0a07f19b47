package eval

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// TestASCIILowerIsEveryByte puts every ASCII byte in an ASCII key and every byte in a
// lower-cased one, at each position of a word and of the tail, next to bytes that could
// make lowerWord carry, and compares asciiLowerIs (lookup's comparison) with the
// definition: strings.ToLower of the key equals the other.
func TestASCIILowerIsEveryByte(t *testing.T) {
	t.Parallel()
	for _, base := range []string{"aBcDeFgHiJ", "\x7fZ@[`{zA01", "aZ`{", "ABCDEFGH", "acs:SecureTransport"} {
		for p := range len(base) {
			for x := range utf8.RuneSelf {
				for y := range 256 {
					a := []byte(base)
					a[p] = byte(x)
					b := []byte(strings.ToLower(string(a)))
					b[p] = byte(y)
					if q := (p + 1) % len(base); y >= utf8.RuneSelf {
						b[q] = 0xff
					}
					want := strings.ToLower(string(a)) == string(b)
					if got := asciiLowerIs(string(a), string(b)); got != want {
						t.Fatalf("asciiLowerIs(%q, %q) = %v, want %v", a, b, got, want)
					}
				}
			}
		}
	}
}
