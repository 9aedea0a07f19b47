package eval

import (
	"github.com/rampolicy/ram/arn"
	"github.com/rampolicy/ram/policy"
)

// maxTokens bounds the resource tokens looked up in the index; a resource with more
// tokens is still decided exactly, by visiting every statement filed under a token.
const maxTokens = 32

// reqState is what a decision computes once from a request. It lives on the stack.
type reqState struct {
	req       *Request
	actionBuf [MaxActionLength]byte // the action, lower-cased (ASCII), for index lookups
	actionLen int
	svcLen    int // length of the service before ':', or -1
	tokens    [maxTokens]string
	nTokens   int
	allTokens bool // false when the resource had more than maxTokens tokens

	// The caller, for principal matching in trust and resource policies.
	principal arn.ARN
	service_  string // a service principal (ecs.aliyuncs.com), for service-linked roles
	federated string // an identity provider ARN, for AssumeRoleWithSAML/OIDC
}

func (st *reqState) init(req *Request) {
	st.req = req
	st.principal = req.Principal
	n := copy(st.actionBuf[:], req.Action)
	colon := -1
	for i := 0; i < n; i++ {
		c := st.actionBuf[i]
		if 'A' <= c && c <= 'Z' {
			st.actionBuf[i] = c + 'a' - 'A'
		}
		if c == ':' && colon < 0 {
			colon = i
		}
	}
	st.actionLen, st.svcLen = n, colon
	// Split the resource into tokens between ':' and '/', each looked up once.
	st.allTokens = true
	res := req.Resource
	start := 0
	for i := 0; i <= len(res); i++ {
		if i < len(res) && res[i] != ':' && res[i] != '/' {
			continue
		}
		if i > start {
			tok := res[start:i]
			dup := false
			for _, t := range st.tokens[:st.nTokens] {
				if t == tok {
					dup = true
					break
				}
			}
			if !dup {
				if st.nTokens == maxTokens {
					st.allTokens = false
				} else {
					st.tokens[st.nTokens] = tok
					st.nTokens++
				}
			}
		}
		start = i + 1
	}
}

// contextValues returns the request's values for a lower-cased key, filling in
// acs:PrincipalARN from the principal when the request does not set it.
func (st *reqState) contextValues(key string, scratch *[1]string) []string {
	if v, ok := st.req.Context.lookup(key); ok {
		return v
	}
	if key == principalARNKey {
		if s := principalARN(st.principal); s != "" {
			scratch[0] = s
			return scratch[:]
		}
	}
	return nil
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

// matches reports whether the statement applies to the request.
func (s *statement) matches(st *reqState) bool {
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
	if !s.anyRes {
		hit := false
		for i := range s.resources {
			if s.resources[i].Match(st.req.Resource) {
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
		if !c.holds(st.contextValues(c.key, &scratch)) {
			return false
		}
	}
	return true
}

func (s *statement) principalMatches(st *reqState) bool {
	switch {
	case st.federated != "":
		return s.principal.admitsFederated(st.federated)
	case st.service_ != "":
		return s.principal.admitsService(st.service_)
	}
	return s.principal.admits(st.principal)
}

// setOutcome is one PolicySet's verdict on a request.
type setOutcome struct {
	denied, allowed bool
}

// eval decides the request against the set. With res non-nil it records the matching
// statements: the Deny ones in denies order, the Allow ones when collectAllow is set.
func (ps *PolicySet) eval(st *reqState, rec *recorder) setOutcome {
	var out setOutcome
	if ps == nil {
		return out
	}
	visit := func(ids []int32) {
		for _, id := range ids {
			s := &ps.stmts[id]
			if !s.matches(st) {
				continue
			}
			if s.effect == policy.Deny {
				out.denied = true
			} else {
				out.allowed = true
			}
			rec.add(s)
		}
	}
	// m[string(bytes)] does not allocate.
	if len(ps.byAction) > 0 {
		visit(ps.byAction[string(st.actionBuf[:st.actionLen])])
	}
	if len(ps.byService) > 0 && st.svcLen > 0 {
		visit(ps.byService[string(st.actionBuf[:st.svcLen])])
	}
	if len(ps.byToken) > 0 {
		if st.allTokens {
			for _, t := range st.tokens[:st.nTokens] {
				visit(ps.byToken[t])
			}
		} else {
			for _, ids := range ps.byToken {
				visit(ids)
			}
		}
	}
	visit(ps.always)
	return out
}

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

// result turns the list into a Result with the statements as its DecidedBy.
func (l *stmtList) result(d Decision, stage Stage, level int) Result {
	r := Result{Decision: d, Stage: stage, Level: level}
	for _, s := range l.all() {
		r.addRef(&s.ref)
	}
	return r
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
	if s.effect == policy.Deny {
		r.denies.add(s)
	} else {
		r.allows.add(s)
	}
}

// Evaluate decides the request against this one set: ExplicitDeny when a Deny statement
// matches, else Allow when an Allow statement matches, else ImplicitDeny. It is the basic
// step of RAM's evaluation; Evaluator.Evaluate combines such steps.
func (ps *PolicySet) Evaluate(req *Request) Result {
	if err := req.Validate(); err != nil {
		return Result{Stage: StageInvalid, Err: err}
	}
	var st reqState
	st.init(req)
	var rec recorder
	out := ps.eval(&st, &rec)
	switch {
	case out.denied:
		return rec.denies.result(ExplicitDeny, StageIdentity, 0)
	case out.allowed:
		return rec.allows.result(Allow, StageIdentity, 0)
	}
	return Result{Stage: StageIdentity}
}
