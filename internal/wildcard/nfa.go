package wildcard

import (
	"strings"
	"unicode/utf8"
)

// nfa matches a pattern that holds '?' (or is not valid UTF-8).
//
// A valid pattern's literal prefix and suffix (the text before its first and after its
// last wildcard) are compared directly, and the automaton runs over the input between
// them. That is exact: a valid UTF-8 literal that the input starts with decodes to the
// same characters in the input, and it ends on a character boundary; a valid suffix starts
// with a byte that cannot continue a character, so the input's characters split at its
// start too. An invalid pattern runs the automaton over the whole input.
//
// The automaton is bit-parallel. Tokens are the characters of the middle other than '*';
// state bit j means "the first j tokens are matched". A '*' before token j+1 makes state
// j loop on any character, so no backtracking is needed and each input character costs
// one pass over the state words that can be live: a state advances by one token per
// character, so the words above the highest live one plus one are zero and skipped.
type nfa struct {
	prefix, suffix string
	minLen         int // bytes: prefix, suffix and one per token of the middle
	tokens         int // acceptance is bit tokens
	words          int // words per state vector: (tokens+1+63)/64
	loop           []uint64
	anyC           []uint64 // advance mask of a character no literal token names ('?' only)
	masks          []uint64 // advance masks of the named characters, words each
	// ascii maps an ASCII byte to 1 + the index of its mask in masks, 0 for anyC; other
	// does the same for other characters (and invalid bytes, see runeAt).
	// int32, not a byte: a pattern may name more than 255 distinct characters, and a
	// wrapped index would give one character another's mask (a wrong match).
	ascii [utf8.RuneSelf]int32
	other map[rune]int32
}

func compileNFA(norm string) *nfa {
	n := &nfa{}
	middle := norm
	if utf8.ValidString(norm) {
		first, last := strings.IndexAny(norm, "*?"), strings.LastIndexAny(norm, "*?")
		n.prefix, n.suffix, middle = norm[:first], norm[last+1:], norm[first:last+1]
	}
	for i := 0; i < len(middle); {
		r, size := runeAt(middle, i)
		i += size
		if r != '*' {
			n.tokens++
		}
	}
	n.minLen = len(n.prefix) + len(n.suffix) + n.tokens
	n.words = (n.tokens + 1 + 63) / 64
	n.loop = make([]uint64, n.words)
	n.anyC = make([]uint64, n.words)
	set := func(v []uint64, j int) { v[j/64] |= 1 << (j % 64) }
	mask := func(r rune) []uint64 {
		k := -1
		if r < utf8.RuneSelf {
			if n.ascii[r] == 0 {
				n.masks = append(n.masks, make([]uint64, n.words)...)
				n.ascii[r] = int32(len(n.masks) / n.words) // 1 + the new mask's index
			}
			k = int(n.ascii[r]) - 1
		} else {
			if n.other == nil {
				n.other = map[rune]int32{}
			}
			m, ok := n.other[r]
			if !ok {
				n.masks = append(n.masks, make([]uint64, n.words)...)
				m = int32(len(n.masks)/n.words - 1)
				n.other[r] = m
			}
			k = int(m)
		}
		return n.masks[k*n.words : (k+1)*n.words]
	}
	j := 0 // next token index
	for i := 0; i < len(middle); {
		r, size := runeAt(middle, i)
		i += size
		switch r {
		case '*':
			set(n.loop, j)
		case '?':
			set(n.anyC, j)
			j++
		default:
			set(mask(r), j)
			j++
		}
	}
	// A named character also advances through '?' tokens.
	for k := range n.masks {
		n.masks[k] |= n.anyC[k%n.words]
	}
	return n
}

// advance returns the advance mask of the character at s[i:] and its size in bytes. The
// matching loops inline the ASCII case and call advanceRune for the rest.
func (n *nfa) advanceRune(s string, i int) ([]uint64, int) {
	r, size := runeAt(s, i)
	if m, ok := n.other[r]; ok {
		return n.masks[int(m)*n.words : (int(m)+1)*n.words], size
	}
	return n.anyC, size
}

// maxStackWords bounds the state vectors kept on the stack: 40 words cover patterns of up
// to 2,559 tokens without allocating; longer patterns (a document of 6,144 characters can
// hold one) take the allocating path.
const maxStackWords = 40

// match reports whether s matches; Pattern.Match has checked len(s) >= minLen.
func (n *nfa) match(s string, fold bool) bool {
	if fold {
		if !HasPrefixFold(s, n.prefix) || !HasPrefixFold(s[len(s)-len(n.suffix):], n.suffix) {
			return false
		}
	} else if !strings.HasPrefix(s, n.prefix) || !strings.HasSuffix(s, n.suffix) {
		return false
	}
	s = s[len(n.prefix) : len(s)-len(n.suffix)]
	if n.words == 1 {
		return n.match1(s, fold)
	}
	return n.matchWide(s, fold)
}

// match1 runs an automaton of one word.
func (n *nfa) match1(s string, fold bool) bool {
	cur, loop, anyC := uint64(1), n.loop[0], n.anyC[0]
	for i := 0; i < len(s); {
		adv := anyC
		if c := s[i]; c < utf8.RuneSelf {
			if fold {
				c = FoldByte(c)
			}
			if k := int(n.ascii[c]); k > 0 {
				adv = n.masks[k-1]
			}
			i++
		} else {
			m, size := n.advanceRune(s, i)
			adv = m[0]
			i += size
		}
		cur = (cur&adv)<<1 | cur&loop
		if cur == 0 {
			return false
		}
	}
	return cur>>n.tokens&1 != 0
}

// matchWide runs an automaton of several words, skipping the words that cannot be live.
func (n *nfa) matchWide(s string, fold bool) bool {
	var stackCur, stackNext [maxStackWords]uint64
	var cur, next []uint64
	words := n.words
	if words <= maxStackWords {
		cur, next = stackCur[:words], stackNext[:words]
	} else {
		cur, next = make([]uint64, words), make([]uint64, words)
	}
	cur[0] = 1
	// cur[hi+1:] are zero. cur[:curDirty+1] and next[:nextDirty+1] are the words each
	// buffer may hold from the last time it was written; the rest of each is zero.
	hi, curDirty, nextDirty := 0, 0, -1
	for i := 0; i < len(s); {
		adv := n.anyC
		if c := s[i]; c < utf8.RuneSelf {
			if fold {
				c = FoldByte(c)
			}
			if k := int(n.ascii[c]); k > 0 {
				adv = n.masks[(k-1)*words : k*words]
			}
			i++
		} else {
			var size int
			adv, size = n.advanceRune(s, i)
			i += size
		}
		top := min(hi+1, words-1)
		step(next[:top+1], cur[:top+1], adv[:top+1], n.loop[:top+1])
		for w := top + 1; w <= nextDirty; w++ {
			next[w] = 0 // left from two characters ago
		}
		newHi := top
		for newHi >= 0 && next[newHi] == 0 {
			newHi--
		}
		if newHi < 0 {
			return false // no state is live
		}
		cur, next = next, cur
		curDirty, nextDirty = top, curDirty
		hi = newHi
	}
	return cur[n.tokens/64]>>(n.tokens%64)&1 != 0
}

// step advances the states cur by one character into next: a state advances when the
// character fits its token (adv), and stays when its token follows a '*' (loop). The four
// slices have the same length.
func step(next, cur, adv, loop []uint64) {
	adv, loop = adv[:len(cur)], loop[:len(cur)]
	next = next[:len(cur)]
	var carry uint64
	for w, c := range cur {
		m := c & adv[w]
		next[w] = m<<1 | carry | c&loop[w]
		carry = m >> 63
	}
}
