package wildcard

import "testing"

// TestHasPrefixFoldEveryByteEveryPlace: for every literal length 0..17 (below, at and
// past one and two words), every position and every byte value, a text that differs from
// the literal's upper-cased spelling in that one byte agrees with the byte-at-a-time
// definition. The literal mixes letters with their neighbours '@', '[', '`', '{' and a
// byte past ASCII, where a word-wide fold could go wrong.
func TestHasPrefixFoldEveryByteEveryPlace(t *testing.T) {
	t.Parallel()
	const base = "a@z[`{m\xc3-9:y\x80b/kq"
	for n := 0; n <= len(base); n++ {
		lit := base[:n]
		upper := []byte(lit)
		for i, c := range upper {
			if 'a' <= c && c <= 'z' {
				upper[i] = c - 'a' + 'A'
			}
		}
		for extra := 0; extra <= 1; extra++ { // s as long as lit, and one longer
			s := append(append([]byte(nil), upper...), make([]byte, extra)...)
			if got := HasPrefixFold(string(s), lit); !got {
				t.Fatalf("HasPrefixFold(%q, %q) = false", s, lit)
			}
			for pos := range n {
				for c := range 256 {
					b := append([]byte(nil), s...)
					b[pos] = byte(c)
					if got, want := HasPrefixFold(string(b), lit), hasPrefixFoldBytes(string(b), lit); got != want {
						t.Fatalf("HasPrefixFold(%q, %q) = %v, want %v", b, lit, got, want)
					}
				}
			}
			if n > 0 && HasPrefixFold(string(s[:n-1]), lit) {
				t.Fatalf("HasPrefixFold(%q, %q): a shorter text matched", s[:n-1], lit)
			}
		}
	}
}
