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
// request finds those that could match it without looking at the others.
type allowIndex struct {
	stmts   []allowStmt
	actions map[string][]int32 // lower-cased literal action prefix
	lens    []int              // the distinct lengths of the actions keys, ascending
	tokens  map[string][]int32 // lower-cased complete resource token
	always  []int32            // NotAction, or an action without a literal prefix on any resource
	nsets   int
	members [][]int32 // by identity set: the positions of its users and roles, ascending
	unknown []int32   // the positions of users and roles whose set is unknown, ascending
	nusers  int       // users and roles come first; services from here on
	ndocs   int
	docSets [][]int32 // by document: the identity sets that hold it

	// The principals WhoCan considers, users and roles (the graph's nodes) then services,
	// by position: WhoCan keeps its state per position, which costs no map lookups.
	nodes    []node
	set      []int32 // each position's identity set, -1 when unknown or a service
	byCaller map[*Caller]int32
	byKey    map[string]int32
	// preds holds, per role position, the positions of the graph's predecessors of the
	// role in their order, as runs: filled on first use (a lock-free cache: two searches
	// that race compute the same runs).
	preds []atomic.Pointer[[]span]

	queries sync.Pool // of *allowQuery: their marks are as large as the world
}

// span is a run of consecutive positions, [lo, hi).
type span struct{ lo, hi int32 }

type allowStmt struct {
	doc       int32
	notAction bool
	actions   []*allowPattern // folding case, as actions match
	anyRes    bool
	resources []*allowPattern // folding case: a superset of how resources match
}

// allowPattern is an Action or Resource value matched folding case, with the keys it
// can be filed under; one per distinct text, shared by every statement that has it. It
// is compiled the first time a request checks it: a request checks a few dozen of the
// thousands a large directory has, and compiling them all made most of the index's
// build (a lock-free cache: two searches that race compile the same pattern).
type allowPattern struct {
	text     string
	prefix   string   // as an Action: the literal prefix, lower-cased
	tokens   []string // as a Resource: the complete tokens, lower-cased
	any      bool     // as a Resource: only '*', which matches every resource
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

// patternCache keeps one allowPattern per distinct text: the documents of a large
// directory repeat a few actions thousands of times.
type patternCache map[string]*allowPattern

func (c patternCache) get(text string) *allowPattern {
	if p, ok := c[text]; ok {
		return p
	}
	p := &allowPattern{text: text, tokens: completeTokens(text)}
	// The literal prefix of a folding pattern, as wildcard.Pattern.LiteralPrefix has it.
	p.prefix = wildcard.LowerASCII(text)
	if i := strings.IndexAny(p.prefix, "*?"); i >= 0 {
		p.prefix = p.prefix[:i]
	}
	// Only a shortcut: a pattern of stars that is not marked still matches everything.
	p.any = text != "" && strings.Trim(text, "*") == ""
	c[text] = p
	return p
}

// completeTokens returns the fields of a Resource pattern between ':' and '/' (and its
// ends) that hold no wildcard, lower-cased: every resource that matches the pattern
// (ignoring case) holds each of them whole, as a token of its own.
func completeTokens(text string) []string {
	var out []string
	start := 0
	for i := 0; i <= len(text); i++ {
		if i < len(text) && text[i] != ':' && text[i] != '/' {
			continue
		}
		if f := text[start:i]; f != "" && !strings.ContainsAny(f, "*?") {
			out = append(out, wildcard.LowerASCII(f))
		}
		start = i + 1
	}
	return out
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
	x := &allowIndex{actions: map[string][]int32{}, tokens: map[string][]int32{},
		byCaller: map[*Caller]int32{}, byKey: map[string]int32{}}
	x.nodes = append(append(x.nodes, g.nodes...), g.serviceNodes...)
	x.set = make([]int32, len(x.nodes))
	x.preds = make([]atomic.Pointer[[]span], len(x.nodes))
	for i, n := range x.nodes {
		x.set[i] = -1
		x.byCaller[n.id] = int32(i)
		x.byKey[n.key] = int32(i)
	}
	ids := map[*eval.PolicySet]int32{}
	x.ndocs = len(f.docs)
	x.docSets = make([][]int32, x.ndocs)
	for i, n := range g.nodes {
		ps := n.id.ev.Config().IdentityPolicies
		docs, known := f.bySet[ps]
		if !known {
			continue
		}
		id, ok := ids[ps]
		if !ok {
			id = int32(x.nsets)
			ids[ps] = id
			x.nsets++
			for _, d := range docs {
				x.docSets[d] = append(x.docSets[d], id)
			}
		}
		x.set[i] = id
		if int(id) == len(x.members) {
			x.members = append(x.members, nil)
		}
		x.members[id] = append(x.members[id], int32(i))
	}
	x.nusers = len(g.nodes)
	for i := range g.nodes {
		if x.set[i] < 0 {
			x.unknown = append(x.unknown, int32(i))
		}
	}
	var aKeys [][]string
	var tKeys [][][]string
	freqA, freqT := map[string]int{}, map[string]int{}
	cache := patternCache{}
	for d, src := range f.docs {
		if len(x.docSets[d]) == 0 {
			continue // no principal of the graph holds it
		}
		for _, s := range src {
			st := compileAllow(int32(d), s, cache)
			x.stmts = append(x.stmts, st)
			ak, tk := st.actionKeys(), st.tokenKeys()
			aKeys, tKeys = append(aKeys, ak), append(tKeys, tk)
			for _, k := range ak {
				freqA[k]++
			}
			for _, cands := range tk {
				for _, k := range cands {
					freqT[k]++
				}
			}
		}
	}
	const none = int(^uint(0) >> 1)
	for i := range x.stmts {
		costA, costT := none, none
		if aKeys[i] != nil {
			costA = 0
			for _, k := range aKeys[i] {
				costA += freqA[k]
			}
		}
		var toks []string // the least shared token of each resource pattern
		if tKeys[i] != nil {
			costT = 0
			for _, cands := range tKeys[i] {
				best := cands[0]
				for _, k := range cands[1:] {
					if freqT[k] < freqT[best] {
						best = k
					}
				}
				if !slices.Contains(toks, best) {
					toks = append(toks, best)
					costT += freqT[best]
				}
			}
		}
		id := int32(i)
		switch {
		case costA == none && costT == none:
			x.always = append(x.always, id)
		case costA <= costT:
			for _, k := range aKeys[i] {
				if l := x.actions[k]; len(l) == 0 || l[len(l)-1] != id {
					x.actions[k] = append(l, id)
				}
				if !slices.Contains(x.lens, len(k)) {
					x.lens = append(x.lens, len(k))
				}
			}
		default:
			for _, k := range toks {
				x.tokens[k] = append(x.tokens[k], id)
			}
		}
	}
	slices.Sort(x.lens)
	return x
}

func compileAllow(doc int32, s allowSource, cache patternCache) allowStmt {
	st := allowStmt{doc: doc, notAction: s.notAction, anyRes: s.resources == nil,
		actions: make([]*allowPattern, len(s.actions)), resources: make([]*allowPattern, len(s.resources))}
	for i, a := range s.actions {
		st.actions[i] = cache.get(a)
	}
	for i, r := range s.resources {
		st.resources[i] = cache.get(r)
		st.anyRes = st.anyRes || st.resources[i].any
	}
	return st
}

// actionKeys returns the lower-cased literal prefixes of the statement's actions, which
// every matching action starts with; nil when it uses NotAction or an action has none.
func (s *allowStmt) actionKeys() []string {
	if s.notAction || len(s.actions) == 0 {
		return nil
	}
	var keys []string
	for _, a := range s.actions {
		p := a.prefix
		if p == "" {
			return nil
		}
		if !slices.Contains(keys, p) {
			keys = append(keys, p)
		}
	}
	return keys
}

// tokenKeys returns, for each resource pattern, its complete tokens lower-cased: the
// fields between ':' and '/' (or the pattern's ends) that hold no wildcard, which every
// matching resource holds whole (ignoring case). Nil when the statement matches any
// resource or a pattern has no such token.
func (s *allowStmt) tokenKeys() [][]string {
	if s.anyRes || len(s.resources) == 0 {
		return nil
	}
	out := make([][]string, 0, len(s.resources))
	for _, r := range s.resources {
		if len(r.tokens) == 0 {
			return nil
		}
		out = append(out, r.tokens)
	}
	return out
}

// matches reports whether the statement's Action and Resource can match the request,
// ignoring the case of the resource.
func (s *allowStmt) matches(action, resource string) bool {
	hit := false
	for _, a := range s.actions {
		if a.Match(action) {
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
	for _, r := range s.resources {
		if r.Match(resource) {
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
			if q.done[s.doc] || !s.matches(action, resource) {
				continue
			}
			q.done[s.doc] = true
			q.docs = append(q.docs, s.doc)
			for _, set := range x.docSets[s.doc] {
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
		check(x.actions[string(q.buf[:n])])
	}
	q.buf = appendLower(q.buf[:0], resource)
	start := 0
	for i := 0; i <= len(q.buf); i++ {
		if i < len(q.buf) && q.buf[i] != ':' && q.buf[i] != '/' {
			continue
		}
		if i > start {
			check(x.tokens[string(q.buf[start:i])])
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
		out = append(out, q.x.members[id]...)
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
