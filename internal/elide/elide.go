// Package elide shortens text for error messages: a hostile input of a megabyte must not
// make each message about it a megabyte too, so long values are shown with their middle
// replaced by "…". Messages then grow with the number of problems, not with their size.
package elide

import (
	"strconv"
	"unicode/utf8"
)

// MaxQuoted bounds the bytes of a value that Quote shows.
const MaxQuoted = 64

// split returns the first and last max/2 bytes of s, never splitting a character.
func split(s string, max int) (head, tail string) {
	i, j := max/2, len(s)-max/2
	for i > 0 && !utf8.RuneStart(s[i]) {
		i--
	}
	for j < len(s) && !utf8.RuneStart(s[j]) {
		j++
	}
	return s[:i], s[j:]
}

// Middle returns s when it has at most max bytes, else its first and last max/2 bytes
// joined by "…".
func Middle(s string, max int) string {
	if len(s) <= max {
		return s
	}
	head, tail := split(s, max)
	return head + "…" + tail
}

// Quote quotes s as strconv.Quote does, eliding the middle of a value longer than
// MaxQuoted bytes: "aaaa"…"zzzz". Quoting each part keeps an elided value apart from a
// value that contains "…".
func Quote(s string) string {
	if len(s) <= MaxQuoted {
		return strconv.Quote(s)
	}
	head, tail := split(s, MaxQuoted)
	return strconv.Quote(head) + "…" + strconv.Quote(tail)
}
