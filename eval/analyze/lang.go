package analyze

import (
	"encoding/binary"
	"fmt"
	"sort"
	"unicode"
	"unicode/utf8"
)

// A token is one step of a pattern: '*' (any run), '?' (one character) or one character
// out of a finite set (a literal, or a literal with its case variants).
type token struct {
	star, any bool
	set       []rune // sorted; for a character token
}

// A pat is a sequence of tokens; a language of strings. Patterns of RAM (Action,
// Resource, StringLike values), literal strings (StringEquals) and case-folded literals
// (StringEqualsIgnoreCase, names in principals) are all pats, so one engine decides them.
type pat []token

// foldMode says which case variants a literal character stands for.
type foldMode uint8

const (
	foldNone    foldMode = iota
	foldASCII            // A-Z equal to a-z, as actions, acs:ram: resources and acs:PrincipalARN
	foldUnicode          // Unicode simple folding, as strings.EqualFold
)

func charSet(r rune, f foldMode) []rune {
	switch {
	case f == foldASCII && 'a' <= r && r <= 'z':
		return []rune{r - 'a' + 'A', r}
	case f == foldASCII && 'A' <= r && r <= 'Z':
		return []rune{r, r - 'A' + 'a'}
	case f == foldUnicode:
		set := []rune{r}
		for o := unicode.SimpleFold(r); o != r; o = unicode.SimpleFold(o) {
			set = append(set, o)
		}
		sort.Slice(set, func(i, j int) bool { return set[i] < set[j] })
		return set
	}
	return []rune{r}
}

// wildcardPat reads a RAM pattern: '*' and '?' are wildcards, everything else literal.
func wildcardPat(s string, f foldMode) (pat, error) {
	if !utf8.ValidString(s) {
		return nil, fmt.Errorf("%w: pattern %q is not valid UTF-8", ErrUndecided, s)
	}
	var p pat
	for _, r := range s {
		switch r {
		case '*':
			if len(p) > 0 && p[len(p)-1].star {
				continue // a run of '*' means one
			}
			p = append(p, token{star: true})
		case '?':
			p = append(p, token{any: true})
		default:
			p = append(p, token{set: charSet(r, f)})
		}
	}
	return p, nil
}

// literalPat is the language {s} (with case variants under f).
func literalPat(s string, f foldMode) (pat, error) {
	if !utf8.ValidString(s) {
		return nil, fmt.Errorf("%w: value %q is not valid UTF-8", ErrUndecided, s)
	}
	p := make(pat, 0, len(s))
	for _, r := range s {
		p = append(p, token{set: charSet(r, f)})
	}
	return p, nil
}

// validity is a deterministic automaton for the strings a request may carry in one
// field (a well-formed action, a principal ARN, any string...). Its transitions depend
// on a rune only through its literals (runes tested by identity) and through disjoint
// character classes, so one representative per class stands for every rune of the class
// that no pattern mentions.
type validity interface {
	start() int
	step(state int, r rune) int // -1: no valid string continues this way
	accept(state int) bool
	literals() string
	classes() []func(rune) bool
}

// candidates are tried, in order, as representatives of character classes: readable
// ASCII first, then control characters, then a block of CJK ideographs (which patterns
// of bounded size cannot exhaust).
var candidates = func() []rune {
	var out []rune
	for _, r := range "xyzqjkwvbfghmnpabcdelorstui0123456789-_.~" {
		out = append(out, r)
	}
	for r := rune(0x21); r < 0x7f; r++ {
		out = append(out, r)
	}
	for r := rune(0); r < 0x21; r++ {
		out = append(out, r)
	}
	out = append(out, 0x7f, 'é')
	for r := rune(0x4e00); r < 0x4e00+20000; r++ {
		out = append(out, r)
	}
	return out
}()

// cell is one class of strings: every valid string that is accepted by exactly the
// patterns in bits. witness is one of them.
type cell struct {
	bits    bitset
	witness string
}

// langLimits bound one exploration.
type langLimits struct {
	maxBytes  int  // longest string considered, in bytes (the request field's limit)
	maxStates int  // most automaton states explored
	budget    *int // states left for the whole call (every exploration draws on it); nil: none
}

// explore returns the cells of the valid strings up to lim.maxBytes bytes: for every set
// of patterns that some valid string is accepted by exactly, one such string. It is
// exact: it walks the deterministic product of the patterns' position automata and the
// validity automaton over an alphabet of every rune the patterns and the validity
// automaton name, plus one representative of each character class that holds runes they
// do not name (those runes are interchangeable). A shortest-first walk in bytes finds
// every cell that a string within the byte limit reaches. It fails with ErrLimit when the
// product has more than lim.maxStates states.
func explore(pats []pat, v validity, lim langLimits) ([]cell, error) {
	// The alphabet.
	named := map[rune]bool{}
	for _, p := range pats {
		for _, t := range p {
			for _, r := range t.set {
				named[r] = true
			}
		}
	}
	for _, r := range v.literals() {
		named[r] = true
	}
	alpha := make([]rune, 0, len(named)+4)
	for r := range named {
		alpha = append(alpha, r)
	}
	sort.Slice(alpha, func(i, j int) bool { return alpha[i] < alpha[j] })
	for _, class := range v.classes() {
		found := false
		for _, r := range candidates {
			if class(r) && !named[r] {
				alpha = append(alpha, r)
				found = true
				break
			}
		}
		// Every candidate of the class is named. An ASCII-only class is then fully named
		// and needs no representative; a class with runes beyond the candidates does.
		if !found && class(0x20000) {
			return nil, fmt.Errorf("%w: the patterns name every representative of a character class", ErrLimit)
		}
	}

	// Per pattern: bitsets over positions 0..len(p) of the tokens that are stars, and for
	// every symbol of the alphabet, of the tokens that consume it.
	type compiled struct {
		off, words int
		star       bitset
		adv        []bitset // per symbol
		n          int
	}
	cps := make([]compiled, len(pats))
	total := 0
	for i, p := range pats {
		w := (len(p) + 1 + 63) / 64
		c := compiled{off: total, words: w, n: len(p), star: newBitset(len(p) + 1), adv: make([]bitset, len(alpha))}
		for j, t := range p {
			if t.star {
				c.star.set(j)
			}
		}
		for a, r := range alpha {
			b := newBitset(len(p) + 1)
			for j, t := range p {
				if t.any || (!t.star && containsRune(t.set, r)) {
					b.set(j)
				}
			}
			c.adv[a] = b
		}
		cps[i] = c
		total += w
	}
	closeStars := func(s bitset, star bitset) {
		// Positions before a star also stand after it (the star matches nothing). Runs of
		// stars are collapsed, so one pass is enough.
		for i := range s {
			carry := s[i] & star[i]
			s[i] |= carry << 1
			if i+1 < len(s) {
				s[i+1] |= carry >> 63
			}
		}
	}

	// States: the validity state and the patterns' position sets, flattened.
	type state struct {
		vs     int
		pos    bitset // total words
		dist   int
		parent int32
		sym    int32
		done   bool
	}
	var states []state
	index := map[string]int{}
	var keyBuf []byte
	keyOf := func(vs int, pos bitset) []byte {
		keyBuf = binary.LittleEndian.AppendUint32(keyBuf[:0], uint32(vs))
		for _, w := range pos {
			keyBuf = binary.LittleEndian.AppendUint64(keyBuf, w)
		}
		return keyBuf
	}
	startPos := newBitset(total * 64)[:total]
	for _, c := range cps {
		s := startPos[c.off : c.off+c.words]
		s.set(0)
		closeStars(s, c.star)
	}
	buckets := make([][]int, lim.maxBytes+1)
	add := func(vs int, pos bitset, dist int, parent, sym int32) error {
		k := keyOf(vs, pos)
		if id, ok := index[string(k)]; ok {
			if st := &states[id]; !st.done && dist < st.dist {
				st.dist, st.parent, st.sym = dist, parent, sym
				buckets[dist] = append(buckets[dist], id)
			}
			return nil
		}
		if len(states) >= lim.maxStates {
			return fmt.Errorf("%w: more than %d automaton states for %d patterns", ErrLimit, lim.maxStates, len(pats))
		}
		if lim.budget != nil {
			if *lim.budget <= 0 {
				return fmt.Errorf("%w: the call explored more automaton states than Options.MaxTotalStates", ErrLimit)
			}
			*lim.budget--
		}
		index[string(k)] = len(states)
		states = append(states, state{vs: vs, pos: pos.clone(), dist: dist, parent: parent, sym: sym})
		buckets[dist] = append(buckets[dist], len(states)-1)
		return nil
	}
	if err := add(v.start(), startPos, 0, -1, -1); err != nil {
		return nil, err
	}
	var cells []cell
	seenCell := map[string]bool{}
	width := make([]int, len(alpha))
	for a, r := range alpha {
		width[a] = utf8.RuneLen(r)
	}
	next := make(bitset, total) // scratch: add copies it when it is a new state
	var live []int
	for d := 0; d <= lim.maxBytes; d++ {
		for bi := 0; bi < len(buckets[d]); bi++ {
			id := buckets[d][bi]
			st := &states[id]
			if st.done || st.dist != d {
				continue
			}
			st.done = true
			if v.accept(st.vs) {
				bits := newBitset(len(pats))
				for i, c := range cps {
					if st.pos[c.off : c.off+c.words].has(c.n) {
						bits.set(i)
					}
				}
				if k := string(bits.key()); !seenCell[k] {
					seenCell[k] = true
					cells = append(cells, cell{bits: bits})
					cells[len(cells)-1].witness = witnessOf(id, func(i int) (int32, int32) {
						return states[i].parent, states[i].sym
					}, alpha)
				}
			}
			vs, pos := st.vs, st.pos
			// Only patterns with a live position can change; the others stay empty.
			live = live[:0]
			clear(next) // ranges of patterns not live stay zero for every symbol below
			for i, c := range cps {
				if !pos[c.off : c.off+c.words].empty() {
					live = append(live, i)
				}
			}
			for a, r := range alpha {
				nd := d + width[a]
				if nd > lim.maxBytes {
					continue
				}
				nvs := v.step(vs, r)
				if nvs < 0 {
					continue
				}
				for _, i := range live {
					c := &cps[i]
					cur := pos[c.off : c.off+c.words]
					out := next[c.off : c.off+c.words]
					clear(out)
					adv := c.adv[a]
					for w := range cur {
						m := cur[w] & adv[w]
						out[w] |= m << 1
						if w+1 < len(out) {
							out[w+1] |= m >> 63
						}
						out[w] |= cur[w] & c.star[w] // a star consumes the rune and stays
					}
					closeStars(out, c.star)
				}
				if err := add(nvs, next, nd, int32(id), int32(a)); err != nil {
					return nil, err
				}
			}
		}
		buckets[d] = nil
	}
	return cells, nil
}

func witnessOf(id int, link func(int) (int32, int32), alpha []rune) string {
	var rs []rune
	for {
		p, s := link(id)
		if p < 0 {
			break
		}
		rs = append(rs, alpha[s])
		id = int(p)
	}
	for i, j := 0, len(rs)-1; i < j; i, j = i+1, j-1 {
		rs[i], rs[j] = rs[j], rs[i]
	}
	return string(rs)
}

func containsRune(set []rune, r rune) bool {
	i := sort.Search(len(set), func(i int) bool { return set[i] >= r })
	return i < len(set) && set[i] == r
}

// matches reports whether s is in p's language (a direct simulation of the position
// automaton, for checking a candidate string against a cell).
func (p pat) matches(s string) bool {
	cur := make([]bool, len(p)+1)
	close := func(c []bool) {
		for i := 0; i < len(p); i++ {
			if c[i] && p[i].star {
				c[i+1] = true
			}
		}
	}
	cur[0] = true
	close(cur)
	for _, r := range s {
		next := make([]bool, len(p)+1)
		for i := 0; i < len(p); i++ {
			if !cur[i] {
				continue
			}
			switch t := p[i]; {
			case t.star:
				next[i] = true
			case t.any || containsRune(t.set, r):
				next[i+1] = true
			}
		}
		close(next)
		cur = next
	}
	return cur[len(p)]
}
