package eval

import (
	"github.com/rampolicy/ram/arn"
	"github.com/rampolicy/ram/internal/wildcard"
	"github.com/rampolicy/ram/policy"
)

// reqState is what a decision carries from one policy set to the next. It is small on
// purpose: what a set needs from the request (the lower-cased action, the resource's
// tokens) it computes itself, on its own stack, while it looks its index up.
//
// It holds the caller's *Request and nothing else that points anywhere. Escape analysis
// does not tell one field of reqState from another: values read from it (the principal's
// ARN, context values) reach code that keeps strings (netip's errors, explanations), so
// any string field here would make the pointer beside it leak, and move every caller's
// Request to the heap, one allocation per decision (TestDecideRawAllocatesNothing). Read
// through the pointer, those values are one indirection further, apart from it.
type reqState struct {
	req *Request

	// ramResource is set when the resource is of service ram: its patterns fold case.
	ramResource bool
}

// newReqState returns the state of a decision on req. It returns a value, not a method
// that fills one in: escape analysis takes a store through a pointer for a store to the
// heap, and would move req there.
func newReqState(req *Request) reqState {
	return reqState{req: req, ramResource: isRAMResource(req.Resource)}
}

// federated is the identity provider ARN of a federated caller (AssumeRoleWithSAML or
// OIDC), or "".
func (st *reqState) federated() string { return st.req.Provider.String() }

// contextValues returns the request's values for a condition's key. acs:PrincipalARN is
// derived, as RAM derives it from the authenticated caller: a caller's request never
// supplies it, in any letter case and not even as an empty list; only an anonymous
// request (no principal, provider or service) may carry its own.
func (st *reqState) contextValues(c *condition, scratch *[1]string) []string {
	if c.principalARN && (st.req.Principal.IsValid() || st.req.Provider.IsValid() || st.req.Service.IsValid()) {
		if s := principalARN(st.req.Principal); s != "" {
			scratch[0] = s
			return scratch[:]
		}
		return nil // a federated or service caller has none
	}
	v, _ := st.req.Context.lookup(c.key)
	return v
}

// principalARN is the acs:PrincipalARN of a caller: a user's own ARN, a role session's
// role ARN, the root's ARN; "" for an anonymous caller.
func principalARN(p arn.ARN) string {
	switch p.Kind() {
	case arn.KindRoleSession, arn.KindRole:
		return p.Role().String()
	case arn.KindUser, arn.KindRoot:
		return p.String()
	}
	return ""
}

// matches reports whether the statement applies to the request. actionMatched says that
// the index already proved one of its Action patterns matches (keyTable.proof); it is
// never set for a NotAction statement.
func (s *statement) matches(st *reqState, actionMatched bool) bool {
	if !actionMatched {
		actionHit := false
		for i := range s.actions {
			if s.actions[i].Match(st.req.Action) { // the patterns fold case themselves
				actionHit = true
				break
			}
		}
		if actionHit == s.notAction {
			return false
		}
	}
	if !s.anyRes {
		// resourceMatches, spelled out: the call is not inlined and costs the decisions
		// of large sets (BenchmarkDecide/W2) about a sixth of their time.
		pats := s.resources[:s.nres]
		if st.ramResource {
			pats = s.resources[s.nres:] // see resourcePatterns
		}
		hit := false
		for i := range pats {
			if pats[i].Match(st.req.Resource) {
				hit = true
				break
			}
		}
		if !hit {
			return false
		}
	}
	if s.principal != nil && !s.principalMatches(st) {
		return false
	}
	var scratch [1]string
	for i := range s.conds {
		c := &s.conds[i]
		if !st.conditionHolds(c, &scratch) { // condition.go
			return false
		}
	}
	return true
}

// resourceMatches reports whether a Resource pattern matches the request's resource (a
// ram resource ignoring ASCII case), or the statement has none to check.
func (s *statement) resourceMatches(st *reqState) bool {
	if s.anyRes {
		return true
	}
	pats := s.resourcePatterns(st)
	for i := range pats {
		if pats[i].Match(st.req.Resource) {
			return true
		}
	}
	return false
}

func (s *statement) principalMatches(st *reqState) bool {
	switch {
	case st.req.Provider.IsValid():
		return s.principal.admitsFederated(st.federated())
	case st.req.Service.IsValid():
		return s.principal.admitsService(st.req.Service, resourceAccount(st.req.Resource))
	}
	return s.principal.admits(st.req.Principal)
}

// setOutcome is one PolicySet's verdict on a request.
type setOutcome struct {
	denied, allowed bool
}

// eval decides the request against the set. With rec non-nil it records the matching
// statements. It visits the statements that the index files under a prefix of the
// request's action or under one of its resource's tokens, and the always list; every
// other statement cannot match (see PolicySet).
func (ps *PolicySet) eval(st *reqState, rec *recorder) setOutcome {
	if ps == nil {
		return setOutcome{}
	}
	v := visitor{ps: ps, st: *st, rec: rec}
	// Each statement is met at most once below, so recording it needs no duplicate check,
	// unless the recorder already holds statements from an earlier set (identity and
	// resource policies share one), which may be this very set.
	v.checkDup = rec != nil && (rec.denies.n > 0 || rec.allows.n > 0)
	if len(st.req.Action) > MaxActionLength {
		// Evaluate validates the length; a request built internally without validation
		// that is longer still gets an exact answer, from every statement in turn.
		for i := range ps.stmts {
			v.visitOne(int32(i), false)
		}
		return v.out
	}
	if len(ps.actions.slots) > 0 {
		v.visitActions()
	}
	if len(ps.tokens.slots) > 0 {
		v.visitTokens()
	}
	v.visit(ps.always)
	return v.out
}

// visitor is one evaluation of one set; it lives on eval's stack.
type visitor struct {
	ps *PolicySet
	// st is a copy (two words), not the caller's pointer: escape analysis does not tell
	// v.st from v.rec, whose contents reach the heap (a recorder's overflow list), and a
	// pointer to the caller's reqState here would send its Request along.
	st       reqState
	rec      *recorder
	checkDup bool
	out      setOutcome
}

// visitActions visits the buckets of the actions table whose key is a prefix of the
// request's action (compared in lower case), one lookup per distinct key length.
func (v *visitor) visitActions() {
	t := &v.ps.actions
	action := v.st.req.Action
	if t.listed {
		// A few keys: compare each with the action's start. Keys of one statement are not
		// prefixes of each other, so at most one of them matches here too.
		//
		// The keys share the service prefix ("cr:") and mostly differ soon after it, so
		// each is first compared here, without a call: a long key's first eight bytes
		// with the action's, lower-cased once; a short key's last byte.
		var first uint64
		if len(action) >= 8 {
			first = wildcard.LowerWord(load64(action, 0))
		}
		for i := range t.slots {
			k := t.slots[i].key
			switch n := len(k); {
			case n > len(action):
				continue
			case n >= 8:
				if load64(k, 0) != first {
					continue
				}
			case n > 0:
				if wildcard.FoldByte(action[n-1]) != k[n-1] {
					continue
				}
			}
			if wildcard.HasPrefixFold(action, k) {
				v.visitAction(t, i, len(k) == len(action))
			}
		}
		return
	}
	var buf [MaxActionLength]byte
	lower := buf[:min(len(action), t.lens[len(t.lens)-1])]
	for i := range lower {
		lower[i] = foldByte(action[i])
	}
	for _, n := range t.lens {
		if n > len(lower) {
			break
		}
		if !t.mayHold(n, lower[0], lower[n-1]) {
			continue
		}
		if slot := t.findBytes(lower[:n]); slot >= 0 {
			v.visitAction(t, slot, n == len(action))
		}
	}
}

// visitTokens visits the buckets of the tokens table named by the resource's tokens (the
// runs between ':' and '/'), each bucket once even when its token occurs several times.
func (v *visitor) visitTokens() {
	if v.st.ramResource {
		v.visitTokensLower()
		return
	}
	t := &v.ps.tokens
	res := v.st.req.Resource
	var seen slotSet
	start := 0
	for i := 0; i <= len(res); i++ {
		if i < len(res) && res[i] != ':' && res[i] != '/' {
			continue
		}
		if i > start && t.mayHold(i-start, res[start], res[i-1]) {
			if slot := t.find(res[start:i]); slot >= 0 && seen.add(slot, len(t.slots)) {
				v.visit(t.bucket(slot))
			}
		}
		start = i + 1
	}
}

// visitTokensLower is visitTokens for a ram resource, which looks its tokens up
// lower-cased (see indexBuilder.collectTokens). It is a loop of its own so that other resources, the
// usual case, pay nothing for it.
func (v *visitor) visitTokensLower() {
	t := &v.ps.tokens
	res := v.st.req.Resource
	var seen slotSet
	start := 0
	for i := 0; i <= len(res); i++ {
		if i < len(res) && res[i] != ':' && res[i] != '/' {
			continue
		}
		if i > start && t.mayHold(i-start, foldByte(res[start]), foldByte(res[i-1])) {
			if slot := t.findLower(res[start:i]); slot >= 0 && seen.add(slot, len(t.slots)) {
				v.visit(t.bucket(slot))
			}
		}
		start = i + 1
	}
}

// slotSet remembers the table slots a request has visited. A few fit inline; a resource
// that names more than that many indexed tokens gets a heap bitmap.
type slotSet struct {
	n      int
	inline [8]int
	more   []bool
}

// add reports whether slot is new, and remembers it; size is the table's slot count.
func (s *slotSet) add(slot, size int) bool {
	if s.more != nil {
		if s.more[slot] {
			return false
		}
		s.more[slot] = true
		return true
	}
	for _, have := range s.inline[:s.n] {
		if have == slot {
			return false
		}
	}
	if s.n < len(s.inline) {
		s.inline[s.n] = slot
		s.n++
		return true
	}
	s.more = make([]bool, size)
	for _, have := range s.inline {
		s.more[have] = true
	}
	s.more[slot] = true
	return true
}

func (v *visitor) visit(ids []int32) {
	for _, id := range ids {
		v.visitOne(id, false)
	}
}

// visitAction visits the bucket of an actions table slot whose key the request's action
// starts with (ignoring case); whole says the action is the key. Statements whose
// filing proves their Action matches are checked without it.
func (v *visitor) visitAction(t *keyTable, slot int, whole bool) {
	off, end := t.slots[slot].off, t.slots[slot].end
	if t.proof == nil {
		v.visit(t.ids[off:end])
		return
	}
	mask := proofPrefix
	if whole {
		mask |= proofExact
	}
	proof := t.proof[off:end]
	for j, id := range t.ids[off:end] {
		v.visitOne(id, proof[j]&mask != 0)
	}
}

func (v *visitor) visitOne(id int32, actionMatched bool) {
	s := &v.ps.stmts[id]
	if !s.matches(&v.st, actionMatched) {
		return
	}
	if s.effect == policy.EffectDeny {
		v.out.denied = true
	} else {
		v.out.allowed = true
	}
	if v.rec == nil {
		return
	}
	if v.checkDup || v.ps.multi[id] {
		v.rec.add(s)
	} else {
		v.rec.addNew(s)
	}
}

// foldByte lower-cases an ASCII letter (wildcard.FoldByte, which the matcher uses too).
func foldByte(c byte) byte { return wildcard.FoldByte(c) }

// stmtList is a short list of statements, without allocation up to its inline size.
type stmtList struct {
	n      int
	inline [inlineRefs]*statement
	more   []*statement
}

func (l *stmtList) add(s *statement) {
	for _, have := range l.all() {
		if have == s {
			return
		}
	}
	l.addNew(s)
}

// addNew adds a statement that the caller knows is not in the list yet.
func (l *stmtList) addNew(s *statement) {
	if l.n < inlineRefs {
		l.inline[l.n] = s
	} else {
		if l.n == inlineRefs {
			l.more = append(make([]*statement, 0, 2*inlineRefs), l.inline[:]...)
		}
		l.more = append(l.more, s)
	}
	l.n++
}

func (l *stmtList) all() []*statement {
	if l.n <= inlineRefs {
		return l.inline[:l.n]
	}
	return l.more
}

// result turns the list into a Result with the statements as its DecidedBy. The list is
// not changed afterwards (the recorder it belongs to is done), so the Result may share
// its overflow storage.
func (l *stmtList) result(d Decision, stage Stage, level int) Result {
	return Result{Decision: d, Stage: stage, Level: level, by: *l}
}

// recorder collects the matching statements of one stage: Deny and Allow apart, since
// only one of the lists decides.
type recorder struct {
	denies, allows stmtList
}

func (r *recorder) add(s *statement) {
	if r == nil {
		return
	}
	if s.effect == policy.EffectDeny {
		r.denies.add(s)
	} else {
		r.allows.add(s)
	}
}

// addNew records a statement that the caller knows is not recorded yet.
func (r *recorder) addNew(s *statement) {
	if s.effect == policy.EffectDeny {
		r.denies.addNew(s)
	} else {
		r.allows.addNew(s)
	}
}
