package wildcard

import "unicode/utf8"

// nfa is a bit-parallel automaton for a pattern that holds '?'. Tokens are the pattern's
// characters other than '*'; state bit j means "the first j tokens are matched". A '*'
// before token j+1 makes state j loop on any character, so no backtracking is needed and
// each input character costs one pass over the state words.
type nfa struct {
	tokens int        // number of tokens; acceptance is bit tokens
	words  int        // words per state vector: (tokens+1+63)/64
	loop   []uint64   // states with a '*' loop
	anyC   []uint64   // advance mask for a character that no literal token names ('?' only)
	ascii  [][]uint64 // advance masks for ASCII characters named by the pattern, by byte
	other  map[rune][]uint64
}

func compileNFA(norm string) *nfa {
	n := &nfa{}
	// Count tokens first.
	runes := make([]rune, 0, len(norm))
	for i := 0; i < len(norm); {
		r, size := runeAt(norm, i)
		runes = append(runes, r)
		i += size
		if r != '*' {
			n.tokens++
		}
	}
	n.words = (n.tokens + 1 + 63) / 64
	n.loop = make([]uint64, n.words)
	n.anyC = make([]uint64, n.words)
	n.ascii = make([][]uint64, utf8.RuneSelf)
	set := func(v []uint64, j int) { v[j/64] |= 1 << (j % 64) }
	j := 0 // next token index
	for _, r := range runes {
		switch r {
		case '*':
			set(n.loop, j)
		case '?':
			set(n.anyC, j)
			j++
		default:
			var m []uint64
			if r < utf8.RuneSelf {
				if n.ascii[r] == nil {
					n.ascii[r] = make([]uint64, n.words)
				}
				m = n.ascii[r]
			} else {
				if n.other == nil {
					n.other = make(map[rune][]uint64)
				}
				if n.other[r] == nil {
					n.other[r] = make([]uint64, n.words)
				}
				m = n.other[r]
			}
			set(m, j)
			j++
		}
	}
	// A literal character's mask also advances through '?' tokens.
	for _, m := range n.ascii {
		for w := range m {
			m[w] |= n.anyC[w]
		}
	}
	for _, m := range n.other {
		for w := range m {
			m[w] |= n.anyC[w]
		}
	}
	return n
}

// maxStackWords bounds the state vectors kept on the stack: 16 words cover patterns of up
// to 1,023 tokens without allocating.
const maxStackWords = 16

func (n *nfa) match(s string, fold bool) bool {
	var stackCur, stackNext [maxStackWords]uint64
	var cur, next []uint64
	if n.words <= maxStackWords {
		cur, next = stackCur[:n.words], stackNext[:n.words]
	} else {
		cur, next = make([]uint64, n.words), make([]uint64, n.words)
	}
	cur[0] = 1
	for i := 0; i < len(s); {
		r, size := runeAt(s, i)
		i += size
		if fold && 'A' <= r && r <= 'Z' {
			r += 'a' - 'A'
		}
		adv := n.anyC
		if r < utf8.RuneSelf {
			if m := n.ascii[r]; m != nil {
				adv = m
			}
		} else if m, ok := n.other[r]; ok {
			adv = m
		}
		var carry, live uint64
		for w := 0; w < n.words; w++ {
			a := cur[w] & adv[w]
			next[w] = a<<1 | carry | cur[w]&n.loop[w]
			carry = a >> 63
			live |= next[w]
		}
		if live == 0 {
			return false
		}
		cur, next = next, cur
	}
	return cur[n.tokens/64]&(1<<(n.tokens%64)) != 0
}
