package arn

import (
	"strings"
	"testing"
)

// TestParseAccountEveryByteEveryPlace: parseFast reads the account eight bytes at a
// time. For accounts of 0..20 digits (below, at and past one and two words), followed
// by the resource or running to the end, every byte value at every place of the account
// must parse as the field-by-field reference parses it.
func TestParseAccountEveryByteEveryPlace(t *testing.T) {
	t.Parallel()
	for n := 0; n <= 20; n++ {
		acct := strings.Repeat("1234567890", 3)[:n]
		for _, tail := range []string{":root", ":user/u", ":", ""} {
			checkAgainstRef(t, "acs:ram::"+acct+tail)
			for pos := range n {
				for c := range 256 {
					b := []byte(acct)
					b[pos] = byte(c)
					checkAgainstRef(t, "acs:ram::"+string(b)+tail)
					checkAgainstRef(t, "acs:cr:cn:"+string(b)+tail)
				}
			}
		}
	}
}
