package eval

import (
	"hash/maphash"
	"math/bits"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/rampolicy/ram/internal/wildcard"
)

// Building a PolicySet's index (how it is used is described in index.go).
//
// Loading is dominated by this step, so it allocates per set, not per statement: every
// candidate key is interned once into a keySpace and then named by a small integer; the
// candidates of all statements live in a few flat slices; each key table is filled from
// a flat list of (key, statement) pairs. The filing chosen for each statement is the
// one the rules at the top of index.go give; index_build_test.go checks it against a
// direct, allocating transcription of them.

// keySpace interns the candidate keys of one table and counts how many statements
// could be filed under each. A few keys are compared one by one; past linearKeys they
// are looked up in a map, built then.
type keySpace struct {
	ids    map[string]int32 // holds every key once mapped
	mapped bool
	keys   []string
	freq   []int32
}

// linearKeys is the most keys a keySpace compares one by one: a set of a few statements
// (most sets a directory compiles hold one) then pays no map.
const linearKeys = 16

// id returns the number of key, interning it (key is kept, not copied).
func (ks *keySpace) id(key string) int32 {
	if ks.mapped {
		if id, ok := ks.ids[key]; ok {
			return id
		}
	} else {
		for i, k := range ks.keys {
			if k == key {
				return int32(i)
			}
		}
	}
	return ks.add(key)
}

// idBytes is id for a key held in a scratch buffer: it is copied only the first time.
func (ks *keySpace) idBytes(key []byte) int32 {
	if ks.mapped {
		if id, ok := ks.ids[string(key)]; ok { // no allocation for the lookup
			return id
		}
	} else {
		for i, k := range ks.keys {
			if k == string(key) {
				return int32(i)
			}
		}
	}
	return ks.add(string(key))
}

func (ks *keySpace) add(key string) int32 {
	id := int32(len(ks.keys))
	ks.keys = append(ks.keys, key)
	ks.freq = append(ks.freq, 0)
	switch {
	case ks.mapped:
		ks.ids[key] = id
	case len(ks.keys) > linearKeys:
		if ks.ids == nil {
			ks.ids = make(map[string]int32, 4*linearKeys)
		}
		for i, k := range ks.keys {
			ks.ids[k] = int32(i)
		}
		ks.mapped = true
	}
	return id
}

// tokenCand is one complete token of a resource pattern: the one or two keys (as
// written, lower-cased) a statement filed under it is filed under.
type tokenCand struct {
	k [2]int32
	n int32
}

func (c *tokenCand) keys() []int32 { return c.k[:c.n] }

// span is a range [lo, hi) of a flat slice; lo < 0 means "none" (the statement cannot
// be filed that way).
type span struct{ lo, hi int32 }

func (s span) ok() bool { return s.lo >= 0 }

// keyPair files statement id under key; proof is what a hit on the key proves about the
// statement's Action (see actionProof).
type keyPair struct {
	key, id int32
	proof   uint8
}

// indexBuilder holds the candidates of every statement of a set while it is indexed.
// It is scratch: nothing of it is kept by the set but interned key strings, so builders
// are pooled and a set costs the allocations of what it keeps, not of its candidates.
type indexBuilder struct {
	actions, tokens keySpace
	akeys           []int32     // action key ids, statement after statement
	stmts           []stmtCands // per statement
	cands           []tokenCand // complete tokens, pattern after pattern
	pats            []span      // per resource pattern: its tokens in cands
	apairs, tpairs  []keyPair   // the filings, in statement order
	toks            []int32
	lower           []byte // scratch for lower-casing a key
	lastSrc         string // the resource pattern whose tokens end b.pats, if any
	scratch         []int32
}

// stmtCands is where a statement's candidates are: its action keys in akeys, its
// resource patterns in pats.
type stmtCands struct{ a, t span }

var builders = sync.Pool{New: func() any { return new(indexBuilder) }}

// maxPooled bounds the scratch a pooled builder keeps (about 100 bytes a statement): a
// builder that indexed a larger set is dropped, not pooled. Either way the garbage
// collector drops pooled builders after two cycles.
const maxPooled = 4096

func (b *indexBuilder) reset(n int) {
	b.actions.reset()
	b.tokens.reset()
	// Room for the usual statement (an action or two, a resource pattern of five
	// tokens) up front: growing these by doubling would allocate as much again.
	b.akeys = slices.Grow(b.akeys[:0], n)
	b.stmts = slices.Grow(b.stmts[:0], n)[:n]
	b.cands = slices.Grow(b.cands[:0], 5*n)
	b.pats = slices.Grow(b.pats[:0], n)
	b.lastSrc = ""
	b.apairs = slices.Grow(b.apairs[:0], n)
	b.tpairs = slices.Grow(b.tpairs[:0], n)
}

func (ks *keySpace) reset() {
	if ks.mapped {
		clear(ks.ids)
		ks.mapped = false
	}
	clear(ks.keys) // the pool must not keep a dropped set's strings alive
	ks.keys = ks.keys[:0]
	ks.freq = ks.freq[:0]
}

func (ps *PolicySet) buildIndex() {
	n := len(ps.stmts)
	b := builders.Get().(*indexBuilder)
	b.reset(n)
	ps.fileStatements(b)
	b.release(n)
}

// release gives a builder back to the pool, unless it indexed more than maxPooled
// statements, without the strings of the set it indexed.
func (b *indexBuilder) release(n int) {
	if n > maxPooled {
		return
	}
	b.actions.reset()
	b.tokens.reset()
	b.lastSrc = ""
	builders.Put(b)
}

// fileStatements chooses where each statement is filed (index.go) and builds the tables.
func (ps *PolicySet) fileStatements(b *indexBuilder) {
	n := len(ps.stmts)
	for i := range ps.stmts {
		b.stmts[i] = stmtCands{b.collectActions(&ps.stmts[i]), b.collectTokens(&ps.stmts[i])}
	}
	ps.multi = make([]bool, n)
	var always int
	for i := range ps.stmts {
		// The cost of a filing: how many statements share the buckets it would be found in.
		const none = int(^uint(0) >> 1)
		costA, costT := none, none
		sc := b.stmts[i]
		if sc.a.ok() {
			costA = 0
			for _, k := range b.akeys[sc.a.lo:sc.a.hi] {
				costA += int(b.actions.freq[k])
			}
		}
		toks := b.toks[:0] // the keys of the least shared token of each resource pattern
		if sc.t.ok() {
			costT = 0
			for _, ps := range b.pats[sc.t.lo:sc.t.hi] {
				cands := b.cands[ps.lo:ps.hi]
				best := &cands[0]
				for j := 1; j < len(cands); j++ {
					if b.costT(&cands[j]) < b.costT(best) {
						best = &cands[j]
					}
				}
				for _, k := range best.keys() {
					if !slices.Contains(toks, k) {
						toks = append(toks, k)
						costT += int(b.tokens.freq[k])
					}
				}
			}
		}
		b.toks = toks
		id := int32(i)
		switch {
		case costA == none && costT == none:
			b.apairs = append(b.apairs, keyPair{key: -1, id: id}) // filed under no key: always
			always++
		case costA <= costT:
			s := &ps.stmts[i]
			for _, k := range b.akeys[sc.a.lo:sc.a.hi] {
				b.apairs = append(b.apairs, keyPair{k, id, actionProof(s, b.actions.keys[k])})
			}
		default:
			for _, k := range toks {
				b.tpairs = append(b.tpairs, keyPair{key: k, id: id})
			}
			ps.multi[i] = len(toks) > 1
		}
	}
	ps.buildTables(b, always)
}

// mergeIndex indexes a united set from its parts' indexes: each statement stays filed
// where its part filed it (remaps[k] gives the new id of part k's statement, -1 for one
// left out). A filing is correct for a statement whatever else the set holds (a request
// that the statement matches looks up that key); only how selective it is depends on
// the other statements, and a part's choice is a good one in a union of like sets.
// Statement ids grow part after part, so every bucket stays in ascending order, and a
// statement filed under several tokens keeps its multi mark.
func (ps *PolicySet) mergeIndex(parts []*PolicySet, remaps [][]int32) {
	b := builders.Get().(*indexBuilder)
	b.reset(0)
	ps.multi = make([]bool, len(ps.stmts))
	always := 0
	for k, part := range parts {
		remap := remaps[k]
		for _, id := range part.always {
			if n := remap[id]; n >= 0 {
				b.apairs = append(b.apairs, keyPair{key: -1, id: n})
				always++
			}
		}
		b.apairs = mergePairs(&b.actions, &part.actions, remap, b.apairs)
		b.tpairs = mergePairs(&b.tokens, &part.tokens, remap, b.tpairs)
		for id, m := range part.multi {
			if n := remap[id]; n >= 0 {
				ps.multi[n] = m
			}
		}
	}
	ps.buildTables(b, always)
	b.release(len(ps.stmts))
}

// mergePairs appends the filings of a part's table, with new statement ids.
func mergePairs(ks *keySpace, t *keyTable, remap []int32, pairs []keyPair) []keyPair {
	for i := range t.slots {
		if t.slots[i].end == 0 {
			continue
		}
		key := int32(-1)
		off := t.slots[i].off
		for j, id := range t.bucket(i) {
			if n := remap[id]; n >= 0 {
				if key < 0 {
					key = ks.id(t.slots[i].key)
				}
				var proof uint8
				if t.proof != nil {
					proof = t.proof[off+int32(j)] // a statement's proof does not depend on its set
				}
				pairs = append(pairs, keyPair{key, n, proof})
			}
		}
	}
	return pairs
}

// buildTables builds the set's tables and always list from the builder's pairs: those of
// key -1 in b.apairs are always filings, always of them.
func (ps *PolicySet) buildTables(b *indexBuilder, always int) {
	// The buckets of both tables and the always list share one allocation; each is
	// capped, so nothing appended to one could reach another (nothing is: a set is
	// immutable).
	ids := make([]int32, len(b.apairs)+len(b.tpairs))
	ps.always = nil
	if always > 0 {
		ps.always = ids[:0:always]
		for _, p := range b.apairs {
			if p.key < 0 {
				ps.always = append(ps.always, p.id)
			}
		}
	}
	ids = ids[always:]
	na := len(b.apairs) - always
	ps.actions = b.buildKeyTable(b.actions.keys, b.apairs, ids[:na:na], maxListed)
	ps.tokens = b.buildKeyTable(b.tokens.keys, b.tpairs, ids[na:], 0)
}

func (b *indexBuilder) costT(c *tokenCand) (n int) {
	for _, k := range c.keys() {
		n += int(b.tokens.freq[k])
	}
	return n
}

// lowerKey interns s with its ASCII letters lower-cased; s itself when it has none.
func (b *indexBuilder) lowerKey(ks *keySpace, s string) int32 {
	i := 0
	for i < len(s) && !('A' <= s[i] && s[i] <= 'Z') {
		i++
	}
	if i == len(s) {
		return ks.id(s)
	}
	b.lower = append(b.lower[:0], s...)
	for j := i; j < len(b.lower); j++ {
		b.lower[j] = foldByte(b.lower[j])
	}
	return ks.idBytes(b.lower)
}

// collectActions interns the keys a statement can be filed under in the actions table
// and returns where they are in b.akeys: the lower-cased literal prefix of every action,
// without those that extend another one (a statement with cr:Get* and cr:GetRepo* is
// filed under "cr:get" only). There are none when some action has an empty prefix ('*',
// '?…') or the statement uses NotAction.
//
// Dropping the extensions is what makes a statement found at most once per request: a
// request looks up each prefix of its action at most once, and two keys that are both
// prefixes of one action are prefixes of each other.
func (b *indexBuilder) collectActions(s *statement) span {
	if s.notAction {
		return span{-1, -1}
	}
	lo := len(b.akeys)
	for i := range s.actions {
		if lit, ok := s.actions[i].Literal(); ok && lit != "" {
			// No wildcard: the pattern holds its text lower-cased already.
			b.akeys = append(b.akeys, b.actions.id(lit))
			continue
		}
		src := s.actions[i].String()
		if j := strings.IndexAny(src, "*?"); j >= 0 {
			src = src[:j]
		}
		if src == "" {
			b.akeys = b.akeys[:lo]
			return span{-1, -1}
		}
		b.akeys = append(b.akeys, b.lowerKey(&b.actions, src)) // actions fold case
	}
	keys := b.akeys[lo:]
	if len(keys) > 1 {
		str := b.actions.keys
		slices.SortFunc(keys, func(x, y int32) int { return len(str[x]) - len(str[y]) })
		out := keys[:0]
		for _, k := range keys {
			redundant := false
			for _, kept := range out {
				if strings.HasPrefix(str[k], str[kept]) {
					redundant = true
					break
				}
			}
			if !redundant {
				out = append(out, k)
			}
		}
		b.akeys = b.akeys[:lo+len(out)]
	}
	for _, k := range b.akeys[lo:] {
		b.actions.freq[k]++
	}
	return span{int32(lo), int32(len(b.akeys))}
}

// collectTokens interns, for every resource pattern of a statement, the candidate keys
// it can be filed under, and returns where the patterns are in b.pats: for each of the
// pattern's complete tokens (the runs between delimiters with no wildcard), the token itself when the pattern can
// match a resource other than a ram one (those look their tokens up as written), and the
// token lower-cased when it can match a ram resource (those look their tokens up
// lower-cased, since ram resources match ignoring case; see entitycase.go). There are
// none when some pattern has no complete token or the statement matches any resource.
func (b *indexBuilder) collectTokens(s *statement) span {
	if s.anyRes {
		return span{-1, -1}
	}
	plo, clo := len(b.pats), len(b.cands)
	for i := range s.resources[:s.nres] {
		p := &s.resources[i]
		src := p.String()
		if len(b.pats) > 0 && src == b.lastSrc {
			// The pattern of the last one read (statements of one policy often repeat
			// their Resource): its tokens are the same candidates.
			b.pats = append(b.pats, b.pats[len(b.pats)-1])
			continue
		}
		reach := reachOf(p)
		lo := len(b.cands)
		start := 0
		for j := 0; j <= len(src); j++ {
			if j < len(src) && !isDelim(src[j]) {
				continue
			}
			if t := src[start:j]; t != "" && !strings.ContainsAny(t, "*?") {
				var c tokenCand
				if reach.other {
					c.k[c.n] = b.tokens.id(t)
					c.n++
				}
				if reach.ram {
					lt := b.lowerKey(&b.tokens, t)
					if !reach.other || b.tokens.keys[lt] != t {
						c.k[c.n] = lt
						c.n++
					}
				}
				b.cands = append(b.cands, c)
			}
			start = j + 1
		}
		if len(b.cands) == lo {
			b.pats, b.cands = b.pats[:plo], b.cands[:clo]
			b.lastSrc = "" // its pattern is not the last of b.pats
			return span{-1, -1}
		}
		b.pats = append(b.pats, span{int32(lo), int32(len(b.cands))})
		b.lastSrc = src
	}
	for _, ps := range b.pats[plo:] {
		for _, c := range b.cands[ps.lo:ps.hi] {
			for _, k := range c.keys() {
				b.tokens.freq[k]++
			}
		}
	}
	return span{int32(plo), int32(len(b.pats))}
}

// buildKeyTable builds a table from (key, statement) pairs, skipping those of key -1:
// its keys in the order they first appear, each with its statements in the order given,
// in ids (as long as the pairs it holds). A statement is given at most once per key (its
// keys are distinct), so a bucket holds no duplicates.
func (b *indexBuilder) buildKeyTable(keys []string, pairs []keyPair, ids []int32, maxListed int) keyTable {
	var t keyTable
	if len(ids) == 0 {
		return t
	}
	// slot[k] is 1 + the rank of key k among the table's keys, 0 if k has no pair; then
	// count[r+1] is how many statements rank r holds, turned into where they start.
	b.scratch = slices.Grow(b.scratch[:0], 3*len(keys)+1)
	slot := b.scratch[:len(keys)]
	clear(slot)
	order := b.scratch[len(keys):len(keys)]
	for _, p := range pairs {
		if p.key >= 0 && slot[p.key] == 0 {
			order = append(order, p.key)
			slot[p.key] = int32(len(order))
		}
	}
	count := b.scratch[len(keys)+len(order) : len(keys)+2*len(order)+1]
	clear(count)
	for _, p := range pairs {
		if p.key >= 0 {
			count[slot[p.key]]++
		}
	}
	for r := 1; r < len(count); r++ {
		count[r] += count[r-1]
	}
	t.ids = ids
	for _, p := range pairs {
		if p.key >= 0 && p.proof != proofNone {
			t.proof = make([]uint8, len(ids))
			break
		}
	}
	for _, p := range pairs {
		if p.key >= 0 {
			r := slot[p.key] - 1
			ids[count[r]] = p.id
			if t.proof != nil {
				t.proof[count[r]] = p.proof
			}
			count[r]++ // now where rank r+1 starts, once all of rank r are placed
		}
	}
	// count[r] is now the end of rank r; rank r starts at count[r-1] (0 for the first).
	size := 1 << bits.Len(uint(2*len(order)-1)) // at least twice the keys
	if t.listed = len(order) <= maxListed; t.listed {
		size = len(order)
	}
	t.seed = maphash.MakeSeed()
	t.slots = make([]keySlot, size)
	off := int32(0)
	for r, kid := range order {
		k := keys[kid]
		h := maphash.String(t.seed, k)
		i := r
		if !t.listed {
			i = int(h) & (size - 1)
			for t.slots[i].end != 0 {
				i = (i + 1) & (size - 1)
			}
		}
		t.slots[i] = keySlot{key: k, hash: h, off: off, end: count[r]}
		off = count[r]
		bit := filterBit(len(k), k[0], k[len(k)-1])
		t.filter[bit>>6] |= 1 << (bit & 63)
		if !slices.Contains(t.lens, len(k)) {
			t.lens = append(t.lens, len(k))
		}
	}
	slices.Sort(t.lens)
	return t
}

// What a hit on an actions table key proves about a statement filed under it, so that the
// statement's check can skip its Action patterns (keyTable.proof). A hit on key k means
// that the request's action, with its ASCII letters lower-cased, starts with k.
const (
	proofNone uint8 = 0
	// proofPrefix: one of the statement's Action patterns is k followed by '*' only, so
	// every action that hits k matches it.
	proofPrefix uint8 = 1
	// proofExact: one of its Action patterns is the literal k, so an action that hits k
	// and is exactly as long as k matches it.
	proofExact uint8 = 2
)

// actionProof returns what a hit on the lower-cased key proves about statement s: one of
// its Action patterns matches every action that starts with key (proofPrefix), or every
// action that equals it (proofExact), ignoring ASCII case as actions are matched. It is
// proofNone for NotAction, which a hit can never prove, and whenever the proof is not
// exact: a '?', a '*' anywhere but at the end, text that is not valid UTF-8.
func actionProof(s *statement, key string) uint8 {
	if s.notAction {
		return proofNone
	}
	proof := proofNone
	for i := range s.actions {
		p := &s.actions[i]
		if lit, ok := p.Literal(); ok {
			if lit == key {
				proof = proofExact
			}
			continue
		}
		src := p.String()
		j := strings.IndexAny(src, "*?")
		if j < 0 || strings.Trim(src[j:], "*") != "" || !utf8.ValidString(src) {
			continue // not a prefix followed by stars only
		}
		if j == len(key) && wildcard.HasPrefixFold(src, key) { // src[:j] lower-cased is key
			return proofPrefix
		}
	}
	return proof
}
