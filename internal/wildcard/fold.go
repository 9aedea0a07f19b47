package wildcard

// ASCII case folding, eight bytes at a time. Actions fold case, so every action pattern
// compares its literals this way on every decision, and the index compares the action
// with its lower-cased prefixes.

// FoldByte lower-cases an ASCII letter and leaves every other byte alone.
func FoldByte(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// HasPrefixFold reports whether s starts with lit, ignoring the case of s's ASCII
// letters: whether FoldByte(s[i]) == lit[i] for every byte of lit. lit must already be
// lower-cased (LowerASCII); a lit with an upper-case ASCII letter never matches.
func HasPrefixFold(s, lit string) bool {
	n := len(lit)
	if len(s) < n {
		return false
	}
	if n < 8 {
		if n == 0 {
			return true
		}
		// The last byte first: most literals an action meets share its service prefix
		// ("cr:") and differ further on.
		if foldTable[s[n-1]] != lit[n-1] {
			return false
		}
		for i := 0; i < n-1; i++ {
			if foldTable[s[i]] != lit[i] {
				return false
			}
		}
		return true
	}
	// The last word first, overlapping the one before, for the same reason.
	if lowerWord(load64(s, n-8)) != load64(lit, n-8) {
		return false
	}
	for i := 0; i < n-8; i += 8 {
		if lowerWord(load64(s, i)) != load64(lit, i) {
			return false
		}
	}
	return true
}

// foldTable maps every byte to FoldByte of it.
var foldTable = func() (t [256]byte) {
	for c := range t {
		t[c] = FoldByte(byte(c))
	}
	return t
}()

const ones = 0x0101010101010101

// load64 reads eight bytes of s from i, little-endian (the compiler makes it one load).
func load64(s string, i int) uint64 {
	s = s[i : i+8]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

// LowerWord applies FoldByte to each of the eight bytes of x (see lowerWord).
func LowerWord(x uint64) uint64 { return lowerWord(x) }

// lowerWord applies FoldByte to each of eight bytes, exactly, whatever the bytes are.
// Each byte's low seven bits y get 0x80-'A' and 0x80-'Z'-1 added: the high bit of the
// first sum is set when y >= 'A', of the second when y > 'Z', and neither sum carries
// into the next byte (0x7f+0x3f < 0x100). Their difference marks the letters A-Z among
// the bytes whose own high bit is clear (a byte of 0x80 and up is no letter), and the
// 0x20 bit makes each of them lower case.
func lowerWord(x uint64) uint64 {
	const hi = ones * 0x80
	y := x &^ hi
	upper := (y + ones*(0x80-'A')) &^ (y + ones*(0x80-'Z'-1)) & hi &^ x
	return x | upper>>2
}
