// Package wildcard compiles RAM wildcard patterns and matches them in time linear in the
// length of the input.
//
// A RAM pattern knows two wildcards: '*' matches any run of characters, including none, and
// '?' matches exactly one character (one Unicode code point). Every other character is
// literal, including '[', ']', '{', '}', '\' and ',', which glob libraries treat as syntax.
// There are no separators: '*' crosses ':' and '/'.
//
// Matching never backtracks. Every pattern first checks, in constant time, that the input
// is long enough. Patterns without '?' are split at '*' into literal segments that are
// found leftmost-first (which is exact for '*'-separated literals), with a linear-time
// search; patterns with '?' check their literal prefix and suffix and run a bit-parallel
// automaton over what lies between, at a cost per input character of one pass over the
// live part of ceil(tokens/64) machine words. Either way the time grows linearly with the
// input.
package wildcard

import (
	"strings"
	"unicode/utf8"
)

// shape says which matching strategy a Pattern uses.
type shape uint8

const (
	shapeExact    shape = iota // no wildcards; the zero Pattern is the exact pattern ""
	shapeAny                   // "*": everything
	shapePrefix                // "lit*"
	shapeSuffix                // "*lit"
	shapeContains              // "*lit*"
	shapeSegments              // literals separated by '*', no '?'
	shapeNFA                   // contains '?' (or is not valid UTF-8)
)

// Pattern is a compiled wildcard pattern. The zero value matches nothing but the empty
// string. A Pattern is immutable and safe for concurrent use.
//
// Compiled sets hold one Pattern per action and resource, so the struct is kept small:
// what only some shapes need lives behind the rare pointer.
type Pattern struct {
	src    string
	lit    string   // shapeExact, shapePrefix, shapeSuffix, shapeContains
	segs   []string // shapeSegments: segs[0] anchored at start, segs[len-1] at end
	rare   *rare    // shapeNFA; and fold patterns that search long literals
	minLen int32    // no shorter input matches (in bytes)
	stars  int32    // number of '*' runs, for limits and index heuristics
	qs     int32    // number of '?'
	shape  shape
	fold   bool // ASCII case-insensitive; literals are stored lower-cased
}

// rare holds what few patterns need.
type rare struct {
	nfa *nfa // shapeNFA
	// kmp holds, for a folding pattern, the failure table of lit (shapeContains) or of
	// each middle segment (shapeSegments) that is long enough to need a linear search;
	// nil entries are searched directly.
	kmp [][]int32
}

// Compile compiles a RAM pattern. fold makes matching ASCII case-insensitive (A-Z equal to
// a-z; other characters compare exactly), as actions are matched.
func Compile(src string, fold bool) Pattern {
	p := Pattern{src: src, fold: fold}
	norm := src
	if fold {
		norm = lowerASCII(src)
	}
	if strings.Contains(norm, "**") {
		norm = collapseStars(norm) // a run of '*' means the same as one
	}
	for i := 0; i < len(norm); i++ {
		switch norm[i] {
		case '*':
			p.stars++
		case '?':
			p.qs++
		}
	}
	switch {
	case p.qs > 0 || !utf8.ValidString(norm):
		// '?' needs the automaton. So does invalid UTF-8: literal byte comparison is exact
		// only when the pattern's characters are whole UTF-8 sequences.
		p.shape = shapeNFA
		n := compileNFA(norm)
		p.rare = &rare{nfa: n}
		p.minLen = int32(n.minLen)
	case norm == "*":
		p.shape = shapeAny
	case p.stars == 0:
		p.shape, p.lit = shapeExact, norm
		p.minLen = int32(len(norm))
	default:
		segs := strings.Split(norm, "*")
		p.minLen = int32(len(norm)) - p.stars
		switch {
		case len(segs) == 2 && segs[1] == "":
			p.shape, p.lit = shapePrefix, segs[0]
		case len(segs) == 2 && segs[0] == "":
			p.shape, p.lit = shapeSuffix, segs[1]
		case len(segs) == 3 && segs[0] == "" && segs[2] == "":
			p.shape, p.lit = shapeContains, segs[1]
			if fold && len(p.lit) > naiveFoldMax {
				p.rare = &rare{kmp: [][]int32{kmpTable(p.lit)}}
			}
		default:
			p.shape, p.segs = shapeSegments, segs
			if fold {
				p.rare = foldTables(segs)
			}
		}
	}
	return p
}

// collapseStars replaces every run of '*' with one.
func collapseStars(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		if s[i] == '*' && i > 0 && s[i-1] == '*' {
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// foldTables returns the failure tables of the middle segments too long for the naive
// folding search, or nil when there are none.
func foldTables(segs []string) *rare {
	var r *rare
	for i := 1; i < len(segs)-1; i++ {
		if len(segs[i]) > naiveFoldMax {
			if r == nil {
				r = &rare{kmp: make([][]int32, len(segs))}
			}
			r.kmp[i] = kmpTable(segs[i])
		}
	}
	return r
}

// String returns the pattern's source text.
func (p Pattern) String() string { return p.src }

// Wildcards returns the number of wildcards in the pattern, counting a run of '*' once.
func (p Pattern) Wildcards() int { return int(p.stars + p.qs) }

// IsAny reports whether the pattern matches every string.
func (p Pattern) IsAny() bool { return p.shape == shapeAny }

// Literal returns the pattern's text and true when it holds no wildcard.
func (p Pattern) Literal() (string, bool) {
	if p.shape == shapeExact {
		return p.lit, true
	}
	return "", false
}

// LiteralPrefix returns the literal text before the first wildcard, lower-cased when the
// pattern folds case.
func (p Pattern) LiteralPrefix() string {
	s := p.src
	if p.fold {
		s = lowerASCII(s)
	}
	if i := strings.IndexAny(s, "*?"); i >= 0 {
		return s[:i]
	}
	return s
}

// Segments returns the literal runs of the pattern between wildcards, with whether the
// first is anchored at the start and the last at the end. Runs are lower-cased when the
// pattern folds case. Index builders use them: any matching input contains every run.
func (p Pattern) Segments() (runs []string, anchoredStart, anchoredEnd bool) {
	s := p.src
	if p.fold {
		s = lowerASCII(s)
	}
	runs = strings.FieldsFunc(s, func(r rune) bool { return r == '*' || r == '?' })
	anchoredStart = len(s) > 0 && s[0] != '*' && s[0] != '?'
	anchoredEnd = len(s) > 0 && s[len(s)-1] != '*' && s[len(s)-1] != '?'
	return runs, anchoredStart, anchoredEnd
}

// Match reports whether s matches the whole pattern.
func (p *Pattern) Match(s string) bool {
	if len(s) < int(p.minLen) {
		return false
	}
	switch p.shape {
	case shapeAny:
		return true
	case shapeExact:
		if p.fold {
			return len(s) == len(p.lit) && HasPrefixFold(s, p.lit)
		}
		return s == p.lit
	case shapePrefix:
		if p.fold {
			return HasPrefixFold(s, p.lit)
		}
		return strings.HasPrefix(s, p.lit)
	case shapeSuffix:
		if p.fold {
			return HasPrefixFold(s[len(s)-len(p.lit):], p.lit)
		}
		return strings.HasSuffix(s, p.lit)
	case shapeContains:
		return p.index(s, p.lit, 0) >= 0
	case shapeSegments:
		return p.matchSegments(s)
	default:
		return p.rare.nfa.match(s, p.fold)
	}
}

// matchSegments matches literals separated by '*': the first anchored at the start, the
// last at the end, the ones between found leftmost-first. Taking the leftmost occurrence
// of each middle literal never loses a match, because it leaves the most room for the rest.
// Each search starts where the previous literal ended, so the input is read once.
func (p *Pattern) matchSegments(s string) bool {
	first, last := p.segs[0], p.segs[len(p.segs)-1]
	// minLen (checked by Match) covers len(first)+len(last), so the anchors do not overlap.
	if p.fold {
		if !HasPrefixFold(s, first) || !HasPrefixFold(s[len(s)-len(last):], last) {
			return false
		}
	} else if !strings.HasPrefix(s, first) || !strings.HasSuffix(s, last) {
		return false
	}
	rest := s[len(first) : len(s)-len(last)]
	for i := 1; i < len(p.segs)-1; i++ {
		seg := p.segs[i]
		j := p.index(rest, seg, i)
		if j < 0 {
			return false
		}
		rest = rest[j+len(seg):]
	}
	return true
}

// index finds the leftmost lit in s; seg is lit's place in the pattern, for the failure
// table of a folding search.
//
// Both searches are linear in len(s): strings.Index (a vectorised scan for short literals,
// Rabin-Karp for long ones), and for folding patterns a direct scan when lit is short
// (at most naiveFoldMax comparisons per input byte) or Knuth-Morris-Pratt when it is not.
func (p *Pattern) index(s, lit string, seg int) int {
	if !p.fold {
		return strings.Index(s, lit)
	}
	if len(lit) <= naiveFoldMax {
		return indexFold(s, lit)
	}
	return indexFoldKMP(s, lit, p.rare.kmp[seg])
}

// lowerASCII lower-cases A-Z only.
func lowerASCII(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; 'A' <= c && c <= 'Z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				if 'A' <= b[j] && b[j] <= 'Z' {
					b[j] += 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return s
}

// LowerASCII lower-cases the ASCII letters of s, leaving other characters alone.
func LowerASCII(s string) string { return lowerASCII(s) }

// naiveFoldMax is the longest literal that indexFold searches directly: its cost is at
// most this many comparisons per input byte. Longer literals use Knuth-Morris-Pratt.
const naiveFoldMax = 16

// indexFold finds lit (lower-cased) in s ignoring ASCII case, comparing at every position.
func indexFold(s, lit string) int {
	if len(lit) == 0 {
		return 0
	}
	for i := 0; i+len(lit) <= len(s); i++ {
		if FoldByte(s[i]) == lit[0] && HasPrefixFold(s[i:], lit) {
			return i
		}
	}
	return -1
}

// kmpTable returns the Knuth-Morris-Pratt failure table of lit: fail[i] is the length of
// the longest proper border of lit[:i+1].
func kmpTable(lit string) []int32 {
	fail := make([]int32, len(lit))
	k := int32(0)
	for i := 1; i < len(lit); i++ {
		for k > 0 && lit[i] != lit[k] {
			k = fail[k-1]
		}
		if lit[i] == lit[k] {
			k++
		}
		fail[i] = k
	}
	return fail
}

// indexFoldKMP finds lit (lower-cased, non-empty) in s ignoring ASCII case, in at most
// 2*len(s) comparisons.
func indexFoldKMP(s, lit string, fail []int32) int {
	k := int32(0)
	for i := 0; i < len(s); i++ {
		c := FoldByte(s[i])
		for k > 0 && c != lit[k] {
			k = fail[k-1]
		}
		if c == lit[k] {
			k++
			if int(k) == len(lit) {
				return i + 1 - len(lit)
			}
		}
	}
	return -1
}

// runeAt decodes the character at s[i:]. An invalid byte is one character of its own,
// mapped above the Unicode range so that two different invalid bytes never compare equal.
func runeAt(s string, i int) (rune, int) {
	c := s[i]
	if c < utf8.RuneSelf {
		return rune(c), 1
	}
	r, n := utf8.DecodeRuneInString(s[i:])
	if r == utf8.RuneError && n == 1 {
		return invalidByteRune + rune(c), 1
	}
	return r, n
}

// invalidByteRune is the base of the runes that stand for invalid UTF-8 bytes.
const invalidByteRune = utf8.MaxRune + 1
