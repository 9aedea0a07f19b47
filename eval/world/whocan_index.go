package world

import (
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/rampolicy/ram/eval"
	"github.com/rampolicy/ram/internal/wildcard"
)

// WhoCan asks every user and role of the world whether it can make one request, and
// every hop asks each predecessor of a role whether it can assume it. Almost all of them
// cannot, for a reason that needs no decision: a user or role is allowed only when its
// identity policies allow (a request without a resource policy is allowed by them or by
// nothing; sts:AssumeRole needs them and the trust policy both), and so only when one of
// its identity policies' Allow statements names the action and the resource. The
// allowIndex files those statements of the whole world by action prefix and resource
// token, as a PolicySet's index files its own, and answers for a request which identity
// sets have such a statement. WhoCan decides only the principals that hold one: the
// others would be denied, and skipping them changes no answer.
//
// The check is a superset of statement matching: it ignores conditions and Principal
// elements, and matches resources ignoring ASCII case (a superset of both exact matching
// and the case folding of ram resources). An identity set whose statements were not
// captured is unknown, and its principals are always decided.

// allowIndex files the captured Allow statements of every known identity set so that a
// request finds those that could match it without looking at the others. Its lists are
// flat (all entries in one slice, each list a range of it) and its lower-cased keys are
// substrings of one string: a large directory's index is a few dozen allocations, not
// several per statement, pattern and key, which made most of the first query's cost.
type allowIndex struct {
	stmts   []allowStmt
	pats    []allowPattern // the distinct Action and Resource texts
	refs    []int32        // the statements' patterns: each one's actions, then its resources
	actions postings       // by lower-cased literal action prefix
	lens    []int          // the distinct lengths of the actions keys that file a statement, ascending
	tokens  postings       // by lower-cased complete resource token
	always  []int32        // NotAction, or an action without a literal prefix on any resource
	nsets   int
	members flatLists // by identity set: the positions of its users and roles, ascending
	unknown []int32   // the positions of users and roles whose set is unknown, ascending
	nusers  int       // users and roles come first; services from here on
	ndocs   int
	docSets flatLists // by document: the identity sets that hold it

	// The principals WhoCan considers, users and roles (the graph's nodes) then services,
	// by position: WhoCan keeps its state per position, which costs no map lookups.
	nodes    []node
	set      []int32 // each position's identity set, -1 when unknown or a service
	byCaller map[*Caller]int32
	// byKey finds a principal whose Caller is not the one of the graph's nodes by its
	// ARN text; no search has met one, so it is built only when one does.
	byKey     map[string]int32
	byKeyOnce sync.Once
	// preds holds, per role position, the positions of the graph's predecessors of the
	// role in their order, as runs: filled on first use (a lock-free cache: two searches
	// that race compute the same runs).
	preds []atomic.Pointer[[]span]

	queries sync.Pool // of *allowQuery: their marks are as large as the world
}

// span is a run of consecutive positions, [lo, hi).
type span struct{ lo, hi int32 }

// flatLists is a list of lists of numbers: list i is items[off[i]:off[i+1]].
type flatLists struct {
	off   []int32
	items []int32
}

func (l *flatLists) at(i int32) []int32 { return l.items[l.off[i]:l.off[i+1]] }

// flatFromCounts returns lists of the given lengths, to be filled by add; it takes cnt
// over as the lists' write positions.
func flatFromCounts(cnt []int32) flatLists {
	l := flatLists{off: make([]int32, len(cnt)+1)}
	for i, n := range cnt {
		l.off[i+1] = l.off[i] + n
		cnt[i] = l.off[i]
	}
	l.items = make([]int32, l.off[len(cnt)])
	return l
}

// add appends v to list i, next being the write positions flatFromCounts returned.
func (l *flatLists) add(next []int32, i, v int32) {
	l.items[next[i]] = v
	next[i]++
}

// postings files statements by key: a key's statements are lists.at(keys[key]).
type postings struct {
	keys  map[string]int32
	lists flatLists
}

type allowStmt struct {
	doc        int32
	notAction  bool
	anyRes     bool  // no Resource element, or a pattern that is only '*'
	refs       int32 // its patterns start here in allowIndex.refs
	nact, nres int32
}

// allowPattern is an Action or Resource value matched folding case (as actions match,
// and a superset of how resources match); one per distinct text, shared by every
// statement that has it. It is compiled the first time a request checks it: a request
// checks a few dozen of the thousands a large directory has, and compiling them all
// made most of the index's build (a lock-free cache: two searches that race compile
// the same pattern).
type allowPattern struct {
	text     string
	compiled atomic.Pointer[wildcard.Pattern]
}

// Match reports whether s matches the pattern, ignoring ASCII case.
func (p *allowPattern) Match(s string) bool {
	c := p.compiled.Load()
	if c == nil {
		pat := wildcard.Compile(p.text, true)
		c = &pat
		p.compiled.Store(c)
	}
	return c.Match(s)
}

// index returns the world's allow index, building it on first use. Without facts (a
// World that New did not build) every identity set is unknown: nothing is pruned.
func (f *allowFacts) index(g *graph) *allowIndex {
	if f == nil {
		f = &allowFacts{}
	}
	f.once.Do(func() { f.idx = newAllowIndex(f, g) })
	return f.idx
}

func newAllowIndex(f *allowFacts, g *graph) *allowIndex {
	x := &allowIndex{}
	x.nodes = make([]node, 0, len(g.nodes)+len(g.serviceNodes))
	x.nodes = append(append(x.nodes, g.nodes...), g.serviceNodes...)
	x.set = make([]int32, len(x.nodes))
	x.preds = make([]atomic.Pointer[[]span], len(x.nodes))
	x.byCaller = make(map[*Caller]int32, len(x.nodes))
	for i, n := range x.nodes {
		x.set[i] = -1
		x.byCaller[n.id] = int32(i)
	}
	x.nusers = len(g.nodes)
	x.ndocs = len(f.docs)
	x.fileSets(f, g)
	b := &allowBuilder{x: x}
	b.statements(f)
	b.file()
	return x
}

// fileSets numbers the identity sets of the graph's users and roles and lists their
// members, and each document's sets.
func (x *allowIndex) fileSets(f *allowFacts, g *graph) {
	ids := make(map[*eval.PolicySet]int32, len(f.bySet))
	setDocs := make([][]int32, 0, len(f.bySet)) // by set: its documents
	cnt := make([]int32, 0, len(f.bySet))       // by set: its members
	nunknown := 0
	for i, n := range g.nodes {
		ps := n.id.ev.Config().IdentityPolicies
		docs, known := f.bySet[ps]
		if !known {
			nunknown++
			continue
		}
		id, ok := ids[ps]
		if !ok {
			id = int32(len(setDocs))
			ids[ps] = id
			setDocs = append(setDocs, docs)
			cnt = append(cnt, 0)
		}
		x.set[i] = id
		cnt[id]++
	}
	x.nsets = len(setDocs)
	x.members = flatFromCounts(cnt)
	x.unknown = make([]int32, 0, nunknown)
	for i := range g.nodes {
		if id := x.set[i]; id >= 0 {
			x.members.add(cnt, id, int32(i))
		} else {
			x.unknown = append(x.unknown, int32(i))
		}
	}
	dcnt := make([]int32, x.ndocs)
	for _, docs := range setDocs {
		for _, d := range docs {
			dcnt[d]++
		}
	}
	x.docSets = flatFromCounts(dcnt)
	for id, docs := range setDocs {
		for _, d := range docs {
			x.docSets.add(dcnt, d, int32(id))
		}
	}
}

// allowBuilder is newAllowIndex's scratch: keys are numbered as they are met, and
// each pattern's keys worked out once however many statements share it.
type allowBuilder struct {
	x     *allowIndex
	texts []string // by pattern
	lower []string // by pattern: its text lower-cased, a substring of one string
	akey  []int32  // by pattern: its action key; -1 for none, -2 not worked out yet
	tok   []span   // by pattern: its token keys in tkeys; lo -1 not worked out yet
	tkeys []int32

	aKeys, tKeys map[string]int32
	aText        []string // by action key
	aFreq, tFreq []int32  // by key: how many statements' keys hold it

	sa    []int32   // scratch: a statement's action keys
	st    [][]int32 // scratch: a statement's resource patterns' token keys
	kind  []int8    // by statement: filed by action (1), by token (2) or always (0)
	keys  []int32   // the keys each statement is filed under, from keyOf[i]
	keyOf []int32
}

// statements numbers the Allow statements of the documents some set holds, and their
// distinct patterns.
func (b *allowBuilder) statements(f *allowFacts) {
	x := b.x
	nst, nstr := 0, 0
	for d, src := range f.docs {
		if len(x.docSets.at(int32(d))) == 0 {
			continue // no principal of the graph holds it
		}
		for _, s := range src {
			nst++
			nstr += len(s.actions) + len(s.resources)
		}
	}
	x.stmts = make([]allowStmt, 0, nst)
	x.refs = make([]int32, 0, nstr)
	pat := make(map[string]int32, nstr/2)
	b.texts = make([]string, 0, nstr/2)
	var low []byte
	intern := func(t string) int32 {
		if p, ok := pat[t]; ok {
			return p
		}
		p := int32(len(b.texts))
		pat[t] = p
		b.texts = append(b.texts, t)
		low = appendLower(low, t)
		return p
	}
	for d, src := range f.docs {
		if len(x.docSets.at(int32(d))) == 0 {
			continue
		}
		for _, s := range src {
			st := allowStmt{doc: int32(d), notAction: s.notAction, anyRes: s.resources == nil,
				refs: int32(len(x.refs)), nact: int32(len(s.actions)), nres: int32(len(s.resources))}
			for _, a := range s.actions {
				x.refs = append(x.refs, intern(a))
			}
			for _, r := range s.resources {
				x.refs = append(x.refs, intern(r))
			}
			x.stmts = append(x.stmts, st)
		}
	}
	lowAll := string(low)
	x.pats = make([]allowPattern, len(b.texts))
	b.lower = make([]string, len(b.texts))
	b.akey = make([]int32, len(b.texts))
	b.tok = make([]span, len(b.texts))
	o := 0
	for i, t := range b.texts {
		x.pats[i].text = t
		b.lower[i] = lowAll[o : o+len(t)]
		o += len(t)
		b.akey[i] = -2
		b.tok[i].lo = -1
	}
	for i := range x.stmts {
		s := &x.stmts[i]
		for _, r := range x.resourceRefs(s) {
			// Only a shortcut: a pattern of stars that is not marked still matches everything.
			t := b.texts[r]
			s.anyRes = s.anyRes || t != "" && strings.Trim(t, "*") == ""
		}
	}
}

func (x *allowIndex) actionRefs(s *allowStmt) []int32 { return x.refs[s.refs : s.refs+s.nact] }
func (x *allowIndex) resourceRefs(s *allowStmt) []int32 {
	return x.refs[s.refs+s.nact : s.refs+s.nact+s.nres]
}

// actionKey returns the key of an action pattern's literal prefix, lower-cased; -1 when
// it has none.
func (b *allowBuilder) actionKey(p int32) int32 {
	if k := b.akey[p]; k != -2 {
		return k
	}
	prefix := b.lower[p]
	if i := strings.IndexAny(prefix, "*?"); i >= 0 {
		prefix = prefix[:i]
	}
	k := int32(-1)
	if prefix != "" {
		var ok bool
		if k, ok = b.aKeys[prefix]; !ok {
			k = int32(len(b.aText))
			b.aKeys[prefix] = k
			b.aText = append(b.aText, prefix)
			b.aFreq = append(b.aFreq, 0)
		}
	}
	b.akey[p] = k
	return k
}

// tokenKeys returns the keys of a resource pattern's complete tokens: the fields between
// ':' and '/' (and its ends) that hold no wildcard, lower-cased, which every resource
// that matches the pattern (ignoring case) holds whole, as a token of its own.
func (b *allowBuilder) tokenKeys(p int32) []int32 {
	if t := b.tok[p]; t.lo >= 0 {
		return b.tkeys[t.lo:t.hi]
	}
	lo := int32(len(b.tkeys))
	text := b.lower[p]
	start := 0
	for i := 0; i <= len(text); i++ {
		if i < len(text) && text[i] != ':' && text[i] != '/' {
			continue
		}
		if f := text[start:i]; f != "" && !strings.ContainsAny(f, "*?") {
			k, ok := b.tKeys[f]
			if !ok {
				k = int32(len(b.tFreq))
				b.tKeys[f] = k
				b.tFreq = append(b.tFreq, 0)
			}
			b.tkeys = append(b.tkeys, k)
		}
		start = i + 1
	}
	b.tok[p] = span{lo, int32(len(b.tkeys))}
	return b.tkeys[lo:len(b.tkeys)]
}

// stmtActionKeys returns the distinct action keys of a statement, which every matching
// action starts with; none when it uses NotAction or an action has no literal prefix.
func (b *allowBuilder) stmtActionKeys(s *allowStmt) []int32 {
	if s.notAction || s.nact == 0 {
		return nil
	}
	keys := b.sa[:0]
	for _, p := range b.x.actionRefs(s) {
		k := b.actionKey(p)
		if k < 0 {
			return nil
		}
		if !slices.Contains(keys, k) {
			keys = append(keys, k)
		}
	}
	b.sa = keys
	return keys
}

// stmtTokenKeys returns, for each resource pattern of a statement, its token keys;
// none when the statement matches any resource or a pattern has no complete token.
func (b *allowBuilder) stmtTokenKeys(s *allowStmt) [][]int32 {
	if s.anyRes || s.nres == 0 {
		return nil
	}
	out := b.st[:0]
	for _, p := range b.x.resourceRefs(s) {
		toks := b.tokenKeys(p)
		if len(toks) == 0 {
			return nil
		}
		out = append(out, toks)
	}
	b.st = out
	return out
}

// file files each statement under its action keys or under the least shared token of
// each resource pattern, whichever names fewer statements, or as always checked.
func (b *allowBuilder) file() {
	x := b.x
	n := len(b.texts)
	b.aKeys = make(map[string]int32, n/4)
	b.tKeys = make(map[string]int32, n)
	for i := range x.stmts {
		s := &x.stmts[i]
		for _, k := range b.stmtActionKeys(s) {
			b.aFreq[k]++
		}
		for _, cands := range b.stmtTokenKeys(s) {
			for _, k := range cands {
				b.tFreq[k]++
			}
		}
	}
	const none = int(^uint(0) >> 1)
	b.kind = make([]int8, len(x.stmts))
	b.keyOf = make([]int32, len(x.stmts)+1)
	aCnt, tCnt := make([]int32, len(b.aFreq)), make([]int32, len(b.tFreq))
	for i := range x.stmts {
		s := &x.stmts[i]
		b.keyOf[i] = int32(len(b.keys))
		ak := b.stmtActionKeys(s)
		costA, costT := none, none
		if len(ak) > 0 {
			costA = 0
			for _, k := range ak {
				costA += int(b.aFreq[k])
			}
		}
		tk := b.stmtTokenKeys(s)
		toks := len(b.keys) // the least shared token of each resource pattern, from here
		if tk != nil {
			costT = 0
			for _, cands := range tk {
				best := cands[0]
				for _, k := range cands[1:] {
					if b.tFreq[k] < b.tFreq[best] {
						best = k
					}
				}
				if !slices.Contains(b.keys[toks:], best) {
					b.keys = append(b.keys, best)
					costT += int(b.tFreq[best])
				}
			}
		}
		switch {
		case costA == none && costT == none:
			x.always = append(x.always, int32(i))
		case costA <= costT:
			b.kind[i] = 1
			b.keys = append(b.keys[:toks], ak...)
			for _, k := range ak {
				aCnt[k]++
			}
		default:
			b.kind[i] = 2
			for _, k := range b.keys[toks:] {
				tCnt[k]++
			}
		}
		if b.kind[i] == 0 {
			b.keys = b.keys[:toks]
		}
	}
	b.keyOf[len(x.stmts)] = int32(len(b.keys))
	for k, c := range aCnt {
		if l := len(b.aText[k]); c > 0 && !slices.Contains(x.lens, l) {
			x.lens = append(x.lens, l)
		}
	}
	slices.Sort(x.lens)
	x.actions = postings{keys: b.aKeys, lists: flatFromCounts(aCnt)}
	x.tokens = postings{keys: b.tKeys, lists: flatFromCounts(tCnt)}
	for i, kind := range b.kind {
		l, next := &x.actions.lists, aCnt
		switch kind {
		case 0:
			continue
		case 2:
			l, next = &x.tokens.lists, tCnt
		}
		for _, k := range b.keys[b.keyOf[i]:b.keyOf[i+1]] {
			l.add(next, k, int32(i))
		}
	}
}

// matches reports whether the statement's Action and Resource can match the request,
// ignoring the case of the resource.
func (x *allowIndex) matches(s *allowStmt, action, resource string) bool {
	hit := false
	for _, p := range x.actionRefs(s) {
		if x.pats[p].Match(action) {
			hit = true
			break
		}
	}
	if hit == s.notAction {
		return false
	}
	if s.anyRes {
		return true
	}
	for _, p := range x.resourceRefs(s) {
		if x.pats[p].Match(resource) {
			return true
		}
	}
	return false
}

// allowQuery is the scratch of one WhoCan: which identity sets may allow the request
// last asked about.
type allowQuery struct {
	x       *allowIndex
	may     []bool // by identity set
	done    []bool // by document: one of its statements matched
	touched []int32
	docs    []int32
	buf     []byte
}

// query returns a query of the index; release gives it back for another search.
func (x *allowIndex) query() *allowQuery {
	if q, ok := x.queries.Get().(*allowQuery); ok {
		return q
	}
	return &allowQuery{x: x, may: make([]bool, x.nsets), done: make([]bool, x.ndocs)}
}

// release clears the query's marks and keeps it for the next search.
func (q *allowQuery) release() {
	q.clear()
	q.x.queries.Put(q)
}

func (q *allowQuery) clear() {
	for _, id := range q.touched {
		q.may[id] = false
	}
	for _, d := range q.docs {
		q.done[d] = false
	}
	q.touched, q.docs = q.touched[:0], q.docs[:0]
}

// ask marks the identity sets with an Allow statement that can match the action and
// resource, clearing the marks of the previous request.
func (q *allowQuery) ask(action, resource string) {
	q.clear()
	x := q.x
	check := func(ids []int32) {
		for _, id := range ids {
			s := &x.stmts[id]
			if q.done[s.doc] || !x.matches(s, action, resource) {
				continue
			}
			q.done[s.doc] = true
			q.docs = append(q.docs, s.doc)
			for _, set := range x.docSets.at(s.doc) {
				if !q.may[set] {
					q.may[set] = true
					q.touched = append(q.touched, set)
				}
			}
		}
	}
	q.buf = appendLower(q.buf[:0], action)
	for _, n := range x.lens {
		if n > len(q.buf) {
			break
		}
		if k, ok := x.actions.keys[string(q.buf[:n])]; ok {
			check(x.actions.lists.at(k))
		}
	}
	q.buf = appendLower(q.buf[:0], resource)
	start := 0
	for i := 0; i <= len(q.buf); i++ {
		if i < len(q.buf) && q.buf[i] != ':' && q.buf[i] != '/' {
			continue
		}
		if i > start {
			if k, ok := x.tokens.keys[string(q.buf[start:i])]; ok {
				check(x.tokens.lists.at(k))
			}
		}
		start = i + 1
	}
	check(x.always)
}

// pos returns a principal's position; -1 for one the index does not know.
func (x *allowIndex) pos(n node) int32 {
	if p, ok := x.byCaller[n.id]; ok {
		return p
	}
	x.byKeyOnce.Do(func() {
		x.byKey = make(map[string]int32, len(x.nodes))
		for i, n := range x.nodes {
			x.byKey[n.key] = int32(i)
		}
	})
	if p, ok := x.byKey[n.key]; ok {
		return p
	}
	return -1
}

// predecessors returns graph.predecessors of the role at position rp as runs of
// positions, in the same order; ok is false when one of them is not a principal of the
// index (which the graph's construction rules out).
func (x *allowIndex) predecessors(g *graph, rp int32) (runs []span, ok bool) {
	if p := x.preds[rp].Load(); p != nil {
		return *p, true
	}
	for _, c := range g.predecessors(x.nodes[rp].id.role) {
		p := x.pos(c)
		if p < 0 {
			return nil, false
		}
		if n := len(runs); n > 0 && runs[n-1].hi == p {
			runs[n-1].hi++
		} else {
			runs = append(runs, span{p, p + 1})
		}
	}
	runs = slices.Clip(runs)
	x.preds[rp].Store(&runs)
	return runs, true
}

// candidates appends to out, ascending, the positions of the users and roles that may
// be allowed the request last asked about: the members of the marked sets and those of
// unknown sets.
func (q *allowQuery) candidates(out []int32) []int32 {
	out = append(out, q.x.unknown...)
	for _, id := range q.touched {
		out = append(out, q.x.members.at(id)...)
	}
	slices.Sort(out)
	return out
}

// mayAllow reports whether the principal at position p may be allowed the request last
// asked about: it is a service, its identity set is unknown, or the set has an Allow
// statement that can match.
func (q *allowQuery) mayAllow(p int32) bool {
	id := q.x.set[p]
	return id < 0 || q.may[id]
}

func appendLower(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		b = append(b, c)
	}
	return b
}
