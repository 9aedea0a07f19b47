// Package suggest finds the word a misspelt one was probably meant to be, for
// "did you mean" hints in error messages and lint findings.
//
// Distances are optimal-string-alignment distances over runes: insertions, deletions,
// substitutions and swaps of two neighbours ("rc" for "cr") cost one each. The work is bounded: words
// longer than MaxLen are never compared, so a hostile input costs at most
// MaxLen² steps per candidate.
package suggest

import (
	"strings"
	"unicode/utf8"
)

// MaxLen is the longest word, in runes, that is compared. Longer words get no suggestion.
const MaxLen = 128

// Distance returns the optimal-string-alignment distance between a and b, comparing runes
// exactly.
// It returns -1 when either word is longer than MaxLen runes.
func Distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	if len(ra) > MaxLen || len(rb) > MaxLen {
		return -1
	}
	if len(ra) < len(rb) {
		ra, rb = rb, ra
	}
	// One row of the table at a time: the memory is linear in the shorter word.
	// Three rows of the table at a time (a swap looks two rows back): memory is linear in
	// the shorter word.
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(rb)]
}

// Closest returns the candidate nearest to word, comparing case-insensitively, when its
// distance is at most max and less than word's length, so that a short word is not
// "corrected" into an unrelated one by replacing all of it. Ties go to the earlier candidate.
// A candidate equal to word (in any letter case) is returned with distance 0. ok is false
// when no candidate is near enough.
func Closest(word string, candidates []string, max int) (best string, dist int, ok bool) {
	n := utf8.RuneCountInString(word)
	if n == 0 || n > MaxLen {
		return "", 0, false
	}
	limit := min(max, n-1)
	lw := strings.ToLower(word)
	dist = limit + 1
	for _, c := range candidates {
		// Cheap bound first: the distance is at least the difference in length.
		if d := utf8.RuneCountInString(c) - n; d > limit || -d > limit {
			continue
		}
		d := Distance(lw, strings.ToLower(c))
		if d >= 0 && d < dist {
			best, dist = c, d
			if d == 0 {
				break
			}
		}
	}
	if dist > limit {
		return "", 0, false
	}
	return best, dist, true
}
