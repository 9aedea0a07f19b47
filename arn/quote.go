package arn

import (
	"strconv"
	"unicode/utf8"

	"github.com/rampolicy/ram/internal/elide"
)

// quoteShort quotes s for a message, eliding the middle of a long value.
func quoteShort(s string) string { return elide.Quote(s) }

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
