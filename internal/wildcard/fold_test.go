package wildcard

import (
	"testing"

	"pgregory.net/rapid"
)

// hasPrefixFoldBytes is HasPrefixFold a byte at a time: the definition it must agree with.
func hasPrefixFoldBytes(s, lit string) bool {
	if len(s) < len(lit) {
		return false
	}
	for i := 0; i < len(lit); i++ {
		if FoldByte(s[i]) != lit[i] {
			return false
		}
	}
	return true
}

// TestLowerWordEveryByte puts every byte value at every position of a word, among
// neighbours that make carries likely (0xff, 'Z', '@', 0x7f...), and checks lowerWord
// against FoldByte byte by byte.
func TestLowerWordEveryByte(t *testing.T) {
	fillers := []byte{0x00, 'A', 'Z', '@', '[', 'a', 0x7f, 0x80, 0xbf, 0xc0, 0xda, 0xff}
	for _, fill := range fillers {
		for pos := 0; pos < 8; pos++ {
			for c := 0; c < 256; c++ {
				var b [8]byte
				for i := range b {
					b[i] = fill
				}
				b[pos] = byte(c)
				x := load64(string(b[:]), 0)
				got := lowerWord(x)
				for i := range b {
					if want := FoldByte(b[i]); byte(got>>(8*i)) != want {
						t.Fatalf("lowerWord(% x): byte %d is %#x, want %#x", b, i, byte(got>>(8*i)), want)
					}
				}
			}
		}
	}
}

// TestHasPrefixFoldProperty compares HasPrefixFold with the byte-at-a-time definition on
// generated inputs: strings over a small alphabet that mixes case and high bytes, lits
// lower-cased from a prefix of s (mostly matching) or drawn on their own.
func TestHasPrefixFoldProperty(t *testing.T) {
	alphabet := rapid.SampledFrom([]byte{'a', 'A', 'z', 'Z', '@', '[', '`', '{', ':', 0x7f, 0x80, 0xc1, 0xfa, 0xff})
	rapid.Check(t, func(t *rapid.T) {
		s := string(rapid.SliceOfN(alphabet, 0, 40).Draw(t, "s"))
		var lit string
		if rapid.Bool().Draw(t, "fromS") && len(s) > 0 {
			lit = lowerASCII(s[:rapid.IntRange(0, len(s)).Draw(t, "n")])
			if len(lit) > 0 && rapid.Bool().Draw(t, "change") {
				b := []byte(lit)
				b[rapid.IntRange(0, len(b)-1).Draw(t, "at")] ^= byte(rapid.IntRange(1, 255).Draw(t, "xor"))
				lit = string(b)
			}
		} else {
			lit = string(rapid.SliceOfN(alphabet, 0, 40).Draw(t, "lit"))
		}
		if got, want := HasPrefixFold(s, lit), hasPrefixFoldBytes(s, lit); got != want {
			t.Fatalf("HasPrefixFold(%q, %q) = %v, want %v", s, lit, got, want)
		}
	})
}

// FuzzHasPrefixFold compares HasPrefixFold with its definition on any bytes.
func FuzzHasPrefixFold(f *testing.F) {
	f.Add("cr:PullRepository", "cr:pullrepository")
	f.Add("CR:GETREPOSITORY\xff", "cr:getrepository\xff")
	f.Add("\xda\xda\xda\xda\xda\xda\xda\xda\xda", "\xfa\xda\xda\xda\xda\xda\xda\xda")
	f.Fuzz(func(t *testing.T, s, lit string) {
		for _, l := range []string{lit, lowerASCII(lit), lowerASCII(s[:min(len(s), len(lit))])} {
			if got, want := HasPrefixFold(s, l), hasPrefixFoldBytes(s, l); got != want {
				t.Fatalf("HasPrefixFold(%q, %q) = %v, want %v", s, l, got, want)
			}
		}
	})
}
