package eval

import (
	"hash/maphash"
	"math/bits"
	"slices"
	"strings"

	"github.com/rampolicy/ram/internal/wildcard"
)

// How a PolicySet is indexed.
//
// The index lets a decision look only at statements that could match. Each statement is
// filed in exactly one of three places, chosen at compile time as the most selective it
// has (the one whose buckets hold the fewest statements):
//
//   - actions: under the literal prefix of each of its actions, lower-cased: cr:Get* is
//     filed under "cr:get", cr:PullRepository under "cr:pullrepository". Every action
//     that matches the pattern starts with that prefix, so a request finds the statement
//     by looking up the prefixes of its own action, one lookup per distinct key length;
//   - tokens: for every resource pattern, under one complete token of its literal text. A
//     token is a run between ':' and '/' that the pattern spells out with a delimiter (or
//     the pattern's anchored start or end) on both sides, so every matching resource holds
//     it as a whole token: acs:cr:*:123:repository/ns7/* is filed under "ns7". A ram
//     resource matches ignoring case and looks its tokens up lower-cased, so a pattern
//     that can match one is filed under its token lower-cased as well (acs:ram::1:role/Ops
//     under "ops"; acs:*:*:*:role/Ops under "Ops" and "ops");
//   - always: statements with neither (NotAction, '*' actions on '*' resources).
//
// A decision therefore visits the statements filed under its action's prefixes and its
// resource's tokens, and the always list: its cost does not grow with statements that
// cannot match. The lookups use open-addressing tables (keyTable) probed with one seeded
// hash per candidate key; no Go map is touched and nothing is allocated.

func isDelim(c byte) bool { return c == ':' || c == '/' }

// completeTokens returns the tokens of a pattern that every matching text holds whole:
// the fields of the pattern's text between ':' and '/' (and its ends) that are not empty
// and hold no wildcard. Such a field is literal text with a delimiter or an anchored end
// on both sides, so a match spells it out between delimiters or ends of its own.
func completeTokens(p *wildcard.Pattern) []string {
	src := p.String()
	var out []string
	start := 0
	for i := 0; i <= len(src); i++ {
		if i < len(src) && !isDelim(src[i]) {
			continue
		}
		if f := src[start:i]; f != "" && !strings.ContainsAny(f, "*?") {
			out = append(out, f)
		}
		start = i + 1
	}
	return out
}

// actionKeys returns the keys a statement can be filed under in the actions table: the
// lower-cased literal prefix of every action, without those that extend another one (a
// statement with cr:Get* and cr:GetRepo* is filed under "cr:get" only). It returns nil
// when some action has an empty prefix ('*', '?…') or the statement uses NotAction.
//
// Dropping the extensions is what makes a statement found at most once per request: a
// request looks up each prefix of its action at most once, and two keys that are both
// prefixes of one action are prefixes of each other.
func actionKeys(s *statement) []string {
	if s.notAction {
		return nil
	}
	keys := make([]string, 0, len(s.actions))
	for i := range s.actions {
		p := s.actions[i].LiteralPrefix() // lower-cased: actions fold case
		if p == "" {
			return nil
		}
		keys = append(keys, p)
	}
	if len(keys) == 1 {
		return keys
	}
	slices.SortFunc(keys, func(a, b string) int { return len(a) - len(b) })
	out := keys[:0]
	for _, k := range keys {
		redundant := false
		for _, kept := range out {
			if strings.HasPrefix(k, kept) {
				redundant = true
				break
			}
		}
		if !redundant {
			out = append(out, k)
		}
	}
	return out
}

// tokenKeys returns, for every resource pattern of a statement, the candidate keys it
// can be filed under: for each of its complete tokens, the token itself when the pattern
// can match a resource other than a ram one (those look their tokens up as written), and
// the token lower-cased when it can match a ram resource (those look their tokens up
// lower-cased, since ram resources match ignoring case; see entitycase.go). It returns
// nil when some pattern has no complete token or the statement matches any resource.
func tokenKeys(s *statement) [][][]string {
	if s.anyRes {
		return nil
	}
	out := make([][][]string, 0, s.nres)
	for i := range s.resources[:s.nres] {
		p := &s.resources[i]
		toks := completeTokens(p)
		if len(toks) == 0 {
			return nil
		}
		reach := reachOf(p)
		cands := make([][]string, 0, len(toks))
		for _, t := range toks {
			var keys []string
			if reach.other {
				keys = append(keys, t)
			}
			if lt := wildcard.LowerASCII(t); reach.ram && (!reach.other || lt != t) {
				keys = append(keys, lt)
			}
			cands = append(cands, keys)
		}
		out = append(out, cands)
	}
	return out
}

func (ps *PolicySet) buildIndex() {
	n := len(ps.stmts)
	akeys := make([][]string, n)
	tkeys := make([][][][]string, n)
	freqA, freqT := map[string]int{}, map[string]int{}
	for i := range ps.stmts {
		akeys[i] = actionKeys(&ps.stmts[i])
		for _, k := range akeys[i] {
			freqA[k]++
		}
		tkeys[i] = tokenKeys(&ps.stmts[i])
		for _, cands := range tkeys[i] {
			for _, keys := range cands {
				for _, k := range keys {
					freqT[k]++
				}
			}
		}
	}
	var actions, tokens keyTableBuilder
	ps.always = nil
	ps.multi = make([]bool, n)
	for i := range ps.stmts {
		// The cost of a filing: how many statements share the buckets it would be found in.
		const none = int(^uint(0) >> 1)
		costA, costT := none, none
		if akeys[i] != nil {
			costA = 0
			for _, k := range akeys[i] {
				costA += freqA[k]
			}
		}
		var toks []string // the keys of the least shared token of each resource pattern
		if tkeys[i] != nil {
			costT = 0
			cost := func(keys []string) (c int) {
				for _, k := range keys {
					c += freqT[k]
				}
				return c
			}
			for _, cands := range tkeys[i] {
				best := cands[0]
				for _, keys := range cands[1:] {
					if cost(keys) < cost(best) {
						best = keys
					}
				}
				for _, k := range best {
					if !slices.Contains(toks, k) {
						toks = append(toks, k)
						costT += freqT[k]
					}
				}
			}
		}
		id := int32(i)
		switch {
		case costA == none && costT == none:
			ps.always = append(ps.always, id)
		case costA <= costT:
			for _, k := range akeys[i] {
				actions.add(k, id)
			}
		default:
			for _, t := range toks {
				tokens.add(t, id)
			}
			ps.multi[i] = len(toks) > 1
		}
	}
	ps.actions = actions.build(maxListed)
	ps.tokens = tokens.build(0)
}

// maxListed is the most keys an actions table compares one by one instead of hashing:
// W1's four keys are checked in the time that lower-casing the action and hashing one of
// its prefixes takes. The bound keeps the cost independent of the set's size.
const maxListed = 8

// keyTable maps keys to lists of statement ids. It is an open-addressing hash table
// (linear probing, at most half full) built once; lookups hash the probe once with a
// per-table seed and compare the full key only when the stored hash agrees. The seed
// keeps policy authors from choosing keys that collide. A table of a few keys may instead
// be listed: its slots are just the keys, compared one by one.
type keyTable struct {
	seed  maphash.Seed
	slots []keySlot // a power of two long; nil when the table is empty
	// listed is set for a table of at most maxListed keys: slots then holds just the
	// keys, and a lookup compares each of them, which is cheaper than hashing.
	listed bool
	ids    []int32 // the buckets' statement ids, one bucket after the other
	// lens lists the distinct key lengths in ascending order. filter has the bit
	// filterBit(key) set for every key: a candidate whose bit is clear is in no bucket, and
	// is skipped without hashing it (most of a resource's tokens are).
	lens   []int
	filter [filterWords]uint64
}

const filterWords = 16 // 1,024 bits

// filterBit mixes a key's length, first and last byte into a bit of keyTable.filter.
func filterBit(n int, first, last byte) uint32 {
	return (uint32(n)*0x9E3779B1 ^ uint32(first)*0x85EBCA77 ^ uint32(last)*0xC2B2AE3D) >> 22
}

// mayHold reports whether a key of length n with that first and last byte may be in the
// table.
func (t *keyTable) mayHold(n int, first, last byte) bool {
	b := filterBit(n, first, last)
	return t.filter[b>>6]&(1<<(b&63)) != 0
}

type keySlot struct {
	key      string
	hash     uint64
	off, end int32 // ids[off:end]; end == 0 marks an empty slot (a bucket is never empty)
}

// find returns the slot holding key, or -1.
func (t *keyTable) find(key string) int {
	return t.probe(maphash.String(t.seed, key), key)
}

// findBytes is find for a key held in a byte slice; it does not allocate.
func (t *keyTable) findBytes(key []byte) int {
	return t.probe(maphash.Bytes(t.seed, key), string(key)) // probe does not keep the string
}

func (t *keyTable) probe(h uint64, key string) int {
	if t.listed {
		for i := range t.slots {
			if t.slots[i].key == key {
				return i
			}
		}
		return -1
	}
	mask := len(t.slots) - 1
	for i := int(h) & mask; ; i = (i + 1) & mask {
		s := &t.slots[i]
		if s.end == 0 {
			return -1
		}
		if s.hash == h && s.key == key {
			return i
		}
	}
}

// findLower returns the slot holding key with its ASCII letters lower-cased, or -1: the
// lookup of a ram resource's tokens. It does not allocate: a short key is lower-cased
// into a stack buffer and hashed at once, a long one hashed byte by byte.
func (t *keyTable) findLower(key string) int {
	var h uint64
	var buf [64]byte
	if len(key) <= len(buf) {
		b := buf[:len(key)]
		for i := range b {
			b[i] = foldByte(key[i])
		}
		h = maphash.Bytes(t.seed, b)
	} else {
		var mh maphash.Hash
		mh.SetSeed(t.seed)
		for i := 0; i < len(key); i++ {
			mh.WriteByte(foldByte(key[i]))
		}
		h = mh.Sum64()
	}
	if t.listed {
		for i := range t.slots {
			if isLowerOf(t.slots[i].key, key) {
				return i
			}
		}
		return -1
	}
	mask := len(t.slots) - 1
	for i := int(h) & mask; ; i = (i + 1) & mask {
		s := &t.slots[i]
		if s.end == 0 {
			return -1
		}
		if s.hash == h && isLowerOf(s.key, key) {
			return i
		}
	}
}

// isLowerOf reports whether lower is s with its ASCII letters lower-cased.
func isLowerOf(lower, s string) bool {
	if len(lower) != len(s) {
		return false
	}
	for i := 0; i < len(s); i++ {
		if lower[i] != foldByte(s[i]) {
			return false
		}
	}
	return true
}

// bucket returns the statement ids of a slot.
func (t *keyTable) bucket(slot int) []int32 {
	return t.ids[t.slots[slot].off:t.slots[slot].end]
}

// keyTableBuilder collects the ids of each key in the order they are added.
type keyTableBuilder struct {
	order []string
	ids   map[string][]int32
}

func (b *keyTableBuilder) add(key string, id int32) {
	if b.ids == nil {
		b.ids = map[string][]int32{}
	}
	list, ok := b.ids[key]
	if !ok {
		b.order = append(b.order, key)
	}
	if n := len(list); n == 0 || list[n-1] != id {
		b.ids[key] = append(list, id)
	}
}

func (b *keyTableBuilder) build(maxListed int) keyTable {
	var t keyTable
	if len(b.order) == 0 {
		return t
	}
	size := 1 << bits.Len(uint(2*len(b.order)-1)) // at least twice the keys
	if t.listed = len(b.order) <= maxListed; t.listed {
		size = len(b.order)
	}
	t.seed = maphash.MakeSeed()
	t.slots = make([]keySlot, size)
	total := 0
	for _, k := range b.order {
		total += len(b.ids[k])
	}
	t.ids = make([]int32, 0, total)
	for n, k := range b.order {
		off := int32(len(t.ids))
		t.ids = append(t.ids, b.ids[k]...)
		h := maphash.String(t.seed, k)
		i := n
		if !t.listed {
			i = int(h) & (size - 1)
			for t.slots[i].end != 0 {
				i = (i + 1) & (size - 1)
			}
		}
		t.slots[i] = keySlot{key: k, hash: h, off: off, end: int32(len(t.ids))}
		b := filterBit(len(k), k[0], k[len(k)-1])
		t.filter[b>>6] |= 1 << (b & 63)
		if !slices.Contains(t.lens, len(k)) {
			t.lens = append(t.lens, len(k))
		}
	}
	slices.Sort(t.lens)
	return t
}
