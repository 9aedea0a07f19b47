package arn

import (
	"strconv"
	"unicode/utf8"
)

// maxQuoted bounds the bytes of a value quoted in an error message: a hostile value of a
// megabyte must not make every message about it a megabyte too.
const maxQuoted = 64

// quoteShort quotes s for a message, eliding its middle when it is longer than maxQuoted.
func quoteShort(s string) string {
	if len(s) <= maxQuoted {
		return strconv.Quote(s)
	}
	i, j := maxQuoted/2, len(s)-maxQuoted/2
	for i > 0 && !utf8.RuneStart(s[i]) { // do not split a character
		i--
	}
	for j < len(s) && !utf8.RuneStart(s[j]) {
		j++
	}
	head, tail := s[:i], s[j:]
	return strconv.Quote(head) + "…" + strconv.Quote(tail)
}

// quoteRune quotes the first character of s.
func quoteRune(s string) string {
	r, _ := utf8.DecodeRuneInString(s)
	return strconv.QuoteRune(r)
}

// looksMasked reports whether an account field is an account ID with some digits hidden,
// as documents copied from a console or a ticket carry them (123456789012****): digits and
// a run of at least two '*'. As a wildcard a run of stars means the same as one star, so
// only masking writes it.
func looksMasked(acct string) bool {
	digit, run, maxRun := false, 0, 0
	for i := 0; i < len(acct); i++ {
		switch c := acct[i]; {
		case '0' <= c && c <= '9':
			digit, run = true, 0
		case c == '*':
			run++
			maxRun = max(maxRun, run)
		default:
			return false
		}
	}
	return digit && maxRun >= 2
}
