package arn

import "math/bits"

// The fast path of Parse. A service parses the caller's ARN on every request it decides,
// so Parse first reads the text once, left to right, and accepts it there when every
// field is of the usual kind (an ASCII resource, a numeric or empty account), working out
// its Kind on the way. Anything else, valid or not, goes to parseSlow, which accepts
// exactly what it accepted before and names the problem. The tests compare Parse with
// the field-by-field parser it replaced on generated and fuzzed texts.

// parseFast returns the ARN of s and true when s is an ARN whose account is digits or
// empty and whose resource is ASCII; false when it cannot vouch for s.
func parseFast(s string) (ARN, bool) {
	if len(s) > MaxLength || len(s) < len("acs:::::") || s[0] != 'a' || s[1] != 'c' || s[2] != 's' || s[3] != ':' {
		return ARN{}, false
	}
	// Service: lower-case letters, digits and '-', not empty.
	i := c1 + 1
	for i < len(s) && lowerWordByte[s[i]] {
		i++
	}
	if i == c1+1 || i == len(s) || s[i] != ':' {
		return ARN{}, false
	}
	c2 := i
	// Region: the same bytes, possibly none.
	for i++; i < len(s) && lowerWordByte[s[i]]; i++ {
	}
	if i == len(s) || s[i] != ':' {
		return ARN{}, false
	}
	c3 := i
	// Account: digits, possibly none ("system" is left to parseSlow); eight at a time
	// while eight bytes are left (an account has 16).
	for i++; i+8 <= len(s); i += 8 {
		if m := nonDigits(load64(s, i)); m != 0 {
			i += bits.TrailingZeros64(m) / 8
			goto accountEnd
		}
	}
	for ; i < len(s) && '0' <= s[i] && s[i] <= '9'; i++ {
	}
accountEnd:
	if i == len(s) || s[i] != ':' {
		return ARN{}, false
	}
	c4 := i
	// Resource: not empty, printable ASCII without space.
	res := s[c4+1:]
	if res == "" || !printableASCII(res) {
		return ARN{}, false
	}
	return ARN{s: s, c2: int32(c2), c3: int32(c3), c4: int32(c4), kind: kindOf(s, c2, c3, c4)}, true
}

// nonDigits marks with 0x80 each byte of x that is not an ASCII digit, exactly: the low
// seven bits of each byte get 0x80-'0' and 0x80-'9'-1 added, which cannot carry into the
// next byte, and the high bits of the sums say ">= '0'" and "> '9'".
func nonDigits(x uint64) uint64 {
	const ones, hi = 0x0101010101010101, 0x8080808080808080
	y := x &^ hi
	digit := (y + ones*(0x80-'0')) &^ (y + ones*(0x80-'9'-1)) &^ x & hi
	return digit ^ hi
}

// lowerWordByte marks the bytes of a service or region: a-z, 0-9 and '-'.
var lowerWordByte = func() (t [256]bool) {
	for c := range t {
		t[c] = 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-'
	}
	return t
}()

// printableASCII reports whether every byte of s is in '!'..'~': ASCII that is neither a
// control, white space nor DEL (what badResourceChar accepts among ASCII bytes), eight
// bytes at a time.
func printableASCII(s string) bool {
	const ones, hi = 0x0101010101010101, 0x8080808080808080
	if len(s) < 8 {
		for i := 0; i < len(s); i++ {
			if c := s[i]; c <= ' ' || c >= 0x7f {
				return false
			}
		}
		return true
	}
	bad := uint64(0)
	for i := 0; i < len(s); i += 8 {
		x := load64(s, min(i, len(s)-8)) // the last word overlaps the one before
		del := x ^ (ones * 0x7f)
		// A byte is flagged when its high bit is set (outside ASCII), when it is below
		// 0x21, or when it is 0x7f (a zero byte of del). The borrow tricks may flag more
		// bytes of a word that has one such byte, never a word that has none.
		bad |= x | (x-ones*0x21)&^x | (del-ones)&^del
	}
	return bad&hi == 0
}

// load64 reads eight bytes of s from i, little-endian (the compiler makes it one load).
func load64(s string, i int) uint64 {
	s = s[i : i+8]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

// kindOf is the Kind of a parsed ARN s with colons at 3, c2, c3 and c4: see ARN.Kind.
func kindOf(s string, c2, c3, c4 int) Kind {
	// Service "ram", no region, an account of digits, not empty. Parse has checked the
	// account is digits or "system", and "system" starts with a letter.
	if c2 != 7 || s[4:7] != "ram" || c3 != c2+1 || c4 == c3+1 || s[c3+1] == 's' {
		return KindOther
	}
	res := s[c4+1:]
	switch {
	case res == "root":
		return KindRoot
	case len(res) > len("user/") && res[:len("user/")] == "user/":
		if isName(res[len("user/"):]) {
			return KindUser
		}
	case len(res) > len("group/") && res[:len("group/")] == "group/":
		if isName(res[len("group/"):]) {
			return KindGroup
		}
	case len(res) > len("role/") && res[:len("role/")] == "role/":
		rest := res[len("role/"):]
		for i := 0; i < len(rest); i++ {
			switch rest[i] {
			case '*', '?':
				return KindOther
			case '/':
				if i > 0 && isName(rest[i+1:]) {
					return KindRoleSession
				}
				return KindOther
			}
		}
		return KindRole // rest is not empty: the case above checked the length
	}
	return KindOther
}
