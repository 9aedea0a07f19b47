// Package wildcard compiles RAM wildcard patterns and matches them in time linear in the
// length of the input.
//
// A RAM pattern knows two wildcards: '*' matches any run of characters, including none, and
// '?' matches exactly one character (one Unicode code point). Every other character is
// literal, including '[', ']', '{', '}', '\' and ',', which glob libraries treat as syntax.
// There are no separators: '*' crosses ':' and '/'.
//
// Matching never backtracks. Patterns without '?' are split at '*' into literal segments
// that are found leftmost-first (which is exact for '*'-separated literals); patterns with
// '?' run a bit-parallel automaton whose cost per input character is one pass over
// ceil(tokens/64) machine words. Either way the time grows linearly with the input.
package wildcard

import (
	"strings"
	"unicode/utf8"
)

// shape says which matching strategy a Pattern uses.
type shape uint8

const (
	shapeAny      shape = iota // "*": everything
	shapeExact                 // no wildcards
	shapePrefix                // "lit*"
	shapeSuffix                // "*lit"
	shapeContains              // "*lit*"
	shapeSegments              // literals separated by '*', no '?'
	shapeNFA                   // contains '?'
)

// Pattern is a compiled wildcard pattern. The zero value matches nothing but the empty
// string. A Pattern is immutable and safe for concurrent use.
type Pattern struct {
	src   string
	shape shape
	fold  bool // ASCII case-insensitive; literals are stored lower-cased

	lit   string   // shapeExact, shapePrefix, shapeSuffix, shapeContains
	segs  []string // shapeSegments: segs[0] anchored at start, segs[len-1] at end
	nfa   *nfa     // shapeNFA
	stars int      // number of '*' runs, for limits and index heuristics
	qs    int      // number of '?'
}

// Compile compiles a RAM pattern. fold makes matching ASCII case-insensitive (A-Z equal to
// a-z; other characters compare exactly), as actions are matched.
func Compile(src string, fold bool) Pattern {
	p := Pattern{src: src, fold: fold}
	norm := src
	if fold {
		norm = lowerASCII(src)
	}
	// Collapse runs of '*' (they mean the same as one) and count wildcards.
	var b strings.Builder
	prevStar := false
	for i := 0; i < len(norm); i++ {
		c := norm[i]
		if c == '*' {
			if prevStar {
				continue
			}
			prevStar = true
			p.stars++
		} else {
			prevStar = false
			if c == '?' {
				p.qs++
			}
		}
		b.WriteByte(c)
	}
	norm = b.String()
	switch {
	case p.qs > 0 || !utf8.ValidString(norm):
		// '?' needs the automaton. So does invalid UTF-8: literal byte comparison is exact
		// only when the pattern's characters are whole UTF-8 sequences.
		p.shape = shapeNFA
		p.nfa = compileNFA(norm)
	case norm == "*":
		p.shape = shapeAny
	case p.stars == 0:
		p.shape, p.lit = shapeExact, norm
	default:
		segs := strings.Split(norm, "*")
		switch {
		case len(segs) == 2 && segs[1] == "":
			p.shape, p.lit = shapePrefix, segs[0]
		case len(segs) == 2 && segs[0] == "":
			p.shape, p.lit = shapeSuffix, segs[1]
		case len(segs) == 3 && segs[0] == "" && segs[2] == "":
			p.shape, p.lit = shapeContains, segs[1]
		default:
			p.shape, p.segs = shapeSegments, segs
		}
	}
	return p
}

// String returns the pattern's source text.
func (p Pattern) String() string { return p.src }

// Wildcards returns the number of wildcards in the pattern, counting a run of '*' once.
func (p Pattern) Wildcards() int { return p.stars + p.qs }

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
	switch p.shape {
	case shapeAny:
		return true
	case shapeExact:
		if p.fold {
			return len(s) == len(p.lit) && hasPrefixFold(s, p.lit)
		}
		return s == p.lit
	case shapePrefix:
		if p.fold {
			return hasPrefixFold(s, p.lit)
		}
		return strings.HasPrefix(s, p.lit)
	case shapeSuffix:
		if p.fold {
			return len(s) >= len(p.lit) && hasPrefixFold(s[len(s)-len(p.lit):], p.lit)
		}
		return strings.HasSuffix(s, p.lit)
	case shapeContains:
		return p.index(s, p.lit) >= 0
	case shapeSegments:
		return p.matchSegments(s)
	default:
		return p.nfa.match(s, p.fold)
	}
}

// matchSegments matches literals separated by '*': the first anchored at the start, the
// last at the end, the ones between found leftmost-first. Taking the leftmost occurrence
// of each middle literal never loses a match, because it leaves the most room for the rest.
func (p *Pattern) matchSegments(s string) bool {
	first, last := p.segs[0], p.segs[len(p.segs)-1]
	if len(s) < len(first)+len(last) {
		return false
	}
	if p.fold {
		if !hasPrefixFold(s, first) || !hasPrefixFold(s[len(s)-len(last):], last) {
			return false
		}
	} else if !strings.HasPrefix(s, first) || !strings.HasSuffix(s, last) {
		return false
	}
	rest := s[len(first) : len(s)-len(last)]
	for _, seg := range p.segs[1 : len(p.segs)-1] {
		i := p.index(rest, seg)
		if i < 0 {
			return false
		}
		rest = rest[i+len(seg):]
	}
	return true
}

func (p *Pattern) index(s, lit string) int {
	if p.fold {
		return indexFold(s, lit)
	}
	return strings.Index(s, lit)
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

func foldByte(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// hasPrefixFold reports whether s starts with lit; lit is already lower-cased.
func hasPrefixFold(s, lit string) bool {
	if len(s) < len(lit) {
		return false
	}
	for i := 0; i < len(lit); i++ {
		if foldByte(s[i]) != lit[i] {
			return false
		}
	}
	return true
}

// indexFold finds lit (lower-cased) in s ignoring ASCII case. It is quadratic only in
// len(lit), and callers bound both lengths (actions are short).
func indexFold(s, lit string) int {
	if len(lit) == 0 {
		return 0
	}
	for i := 0; i+len(lit) <= len(s); i++ {
		if foldByte(s[i]) == lit[0] && hasPrefixFold(s[i:], lit) {
			return i
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
