package world

import (
	"fmt"
	"slices"
	"strings"

	"github.com/rampolicy/ram/arn"
	"github.com/rampolicy/ram/eval"
	"github.com/rampolicy/ram/policy"
)

// AssumeRoleInput is one STS AssumeRole call.
type AssumeRoleInput struct {
	RoleARN         string // acs:ram::UID:role/NAME
	SessionName     string // 2-64 of [A-Za-z0-9.@_-]
	DurationSeconds int    // 0 means 3,600; else 900 to the role's MaxSessionDuration
	ExternalID      string // optional: 2-1,224 of [A-Za-z0-9_+=,.@:/-]
	SourceIdentity  string // optional: 2-64 of [A-Za-z0-9_+=,.@-], no reserved prefix
	Policy          []byte // optional session policy text
	Context         eval.Context
}

// Hop is the outcome of one AssumeRole call.
type Hop struct {
	Caller arn.ARN // the caller's ARN; zero when a service made the call
	// Service is the service and the account it acts for (UID@SERVICE) when a service
	// made the call, else zero.
	Service arn.ServicePrincipal
	Role    arn.ARN // the role as the directory spells it, once found
	// Err is a parameter error (wrapping one of the sentinels above, or a
	// policy.ErrorList for the session policy); the decision was not made.
	Err error
	// Result is the decision: the caller's identity policies (decision A) and the role's
	// trust policy (decision B) must both allow. DecidedBy lists the identity and trust
	// statements that allowed, or the Deny statements that denied.
	Result eval.Result
	// Session is the new role session when the call was allowed.
	Session *Caller

	// The decision's inputs, for Explain. The request is held by value, not
	// allocated on its own: a copy of the Hop has its own (a Context copies as a value).
	decided bool // the parameter checks passed and req was decided
	req     eval.Request
	caller  *Caller
	trust   *eval.PolicySet
}

// hopSession is an allowed hop and the session it returns, allocated together: the Hop,
// the session's Caller and, when a session policy narrows the role's permissions, the
// session's Evaluator (a session without one shares its role's). They are separate values
// in one block: neither changes the other (the Caller is immutable, the Hop's exported
// fields are its own). The session's ARN text is the one other allocation.
type hopSession struct {
	hop     Hop
	session Caller
	ev      eval.Evaluator // the session's evaluator when it has a session policy
}

// Allowed reports whether the call succeeded.
func (h *Hop) Allowed() bool { return h != nil && h.Err == nil && h.Result.Decision == eval.Allow }

// Explain explains the hop's decision statement by statement; it holds only the result
// when the call failed a parameter check.
func (h *Hop) Explain() eval.Explanation {
	if !h.decided {
		return eval.Explanation{Result: h.Result}
	}
	return h.caller.ev.Explain(&h.req, h.trust)
}

// AssumeRole simulates STS AssumeRole by caller. The checks run in this order, the first
// failure ending the call with its error: the caller is not an account root; RoleArn is
// acs:ram::DIGITS:role/NAME; the role exists; RoleSessionName; DurationSeconds (capped at
// 3,600 for chained calls with WithChainedSessionCap); ExternalId; SourceIdentity (which
// may not change once a chain carries one); the session policy parses as a session policy.
// Then the decision: the caller's control policies and session policy gate it like any
// request, and its identity policies and the role's trust policy must both allow. The
// trust policy sees sts:ExternalId and sts:SourceIdentity (the carried one too) in its
// context.
//
// A service caller (World.ServiceCaller) goes through the same parameter checks; the
// role's trust policy alone decides its call, and no control policy of the role's
// account gates it. The session it gets is an ordinary role session.
func (d *World) AssumeRole(caller *Caller, in AssumeRoleInput) *Hop {
	if d == nil || caller == nil {
		return &Hop{Err: errorf(eval.ErrInvalidRequest, "nil World or caller")}
	}
	// A call that fails a parameter check gets a Hop of its own; one that is decided,
	// its Hop and (when allowed) its session in one allocation, below.
	failed := func(r *role, err error) *Hop {
		h := &Hop{Caller: caller.arn, Service: caller.service, caller: caller, Err: err}
		if r != nil {
			h.Role = r.arn
		}
		return h
	}
	if caller.arn.Kind() == arn.KindRoot {
		return failed(nil, errorf(ErrRootCannotAssumeRole, "%s", caller.arn))
	}
	r, dur, err := d.target(in.RoleARN, in.SessionName, in.DurationSeconds, d.opts.chainCap && caller.role != nil)
	if err != nil {
		return failed(r, err)
	}
	if in.ExternalID != "" && !validExternalID(in.ExternalID) {
		return failed(r, errorf(ErrInvalidExternalID, "%q is not 2-1224 of [A-Za-z0-9_+=,.@:/-]", in.ExternalID))
	}
	source := caller.sourceIdentity
	if in.SourceIdentity != "" {
		if msg := sourceIdentityProblem(in.SourceIdentity); msg != "" {
			return failed(r, errorf(ErrInvalidSourceIdentity, "%q: %s", in.SourceIdentity, msg))
		}
		if source != "" && source != in.SourceIdentity {
			return failed(r, errorf(ErrInvalidSourceIdentity, "the chain carries %q; it may not change to %q", source, in.SourceIdentity))
		}
		source = in.SourceIdentity
	}
	session, err := sessionPolicy(in.Policy)
	if err != nil {
		return failed(r, err)
	}
	// The decision, on a request on the stack; the Hop keeps a copy.
	var req eval.Request
	assumeRequest(&req, caller, r, withoutDerived(in.Context), in.ExternalID, source)
	res := caller.ev.Evaluate(&req, r.trust)
	var h *Hop
	if res.Decision == eval.Allow {
		b := new(hopSession)
		d.initSession(&b.session, &b.ev, r, in.SessionName, session, dur, source)
		h = &b.hop
		h.Session = &b.session
	} else {
		h = new(Hop)
	}
	h.Caller, h.Service, h.Role, h.caller, h.trust = caller.arn, caller.service, r.arn, caller, r.trust
	h.decided, h.req, h.Result = true, req, res
	return h
}

// errorf is a parameter error: the sentinel, then what is wrong.
func errorf(sentinel error, format string, args ...any) error {
	return fmt.Errorf("%w: %s", sentinel, fmt.Sprintf(format, args...))
}

// target runs the checks AssumeRole and the federated calls share, in their order:
// RoleArn is acs:ram::DIGITS:role/NAME, the role exists, RoleSessionName, then
// DurationSeconds (0 means 3,600) against the role's maximum, or 3,600 when capped. It
// returns the role once found, even with a later error, and the duration.
func (d *World) target(roleArn, sessionName string, duration int, capped bool) (*role, int, error) {
	fail := func(sentinel error, format string, args ...any) error {
		return fmt.Errorf("%w: %s", sentinel, fmt.Sprintf(format, args...))
	}
	ra, err := arn.Parse(roleArn)
	if err != nil || ra.Kind() != arn.KindRole || ra.Account() == "system" {
		return nil, 0, fail(ErrInvalidRoleARN, "%q is not acs:ram::UID:role/NAME", roleArn)
	}
	r := d.role(ra.Account(), ra.Name())
	if r == nil {
		return nil, 0, fail(ErrRoleNotFound, "%s", ra)
	}
	if !validSessionName(sessionName) {
		return r, 0, fail(ErrInvalidRoleSessionName, "%q is not 2-64 of letters, digits and .@_-", sessionName)
	}
	dur := duration
	if dur == 0 {
		dur = 3600
	}
	max := r.maxDuration
	if capped && max > 3600 {
		max = 3600
	}
	if dur < 900 || dur > max {
		return r, 0, fail(ErrInvalidDurationSeconds, "%d is outside 900..%d", duration, max)
	}
	return r, dur, nil
}

// sessionPolicy parses and compiles a session policy; nil text means none. Its errors are
// the policy package's.
func sessionPolicy(text []byte) (*eval.PolicySet, error) {
	if text == nil {
		return nil, nil
	}
	doc, err := policy.Parse(text, policy.SessionPolicy)
	if err != nil {
		return nil, err
	}
	return eval.Compile(eval.Policy{Name: "session policy", Doc: doc})
}

// newSession is the caller a successful call returns: a session of the role with the
// role's policies, narrowed by the session policy, under the role account's controls.
func (d *World) newSession(r *role, name string, session *eval.PolicySet, dur int, source string) *Caller {
	b := new(struct {
		c  Caller
		ev eval.Evaluator
	})
	d.initSession(&b.c, &b.ev, r, name, session, dur, source)
	return &b.c
}

// initSession makes c the session newSession describes. Without a session policy its
// evaluator is the role's own (the same configuration, immutable); with one, *ev, which
// must live as long as c (newSession and hopSession allocate them together).
func (d *World) initSession(c *Caller, ev *eval.Evaluator, r *role, name string, session *eval.PolicySet, dur int, source string) {
	*c = Caller{
		w:              d,
		arn:            arn.MustParse(r.arn.String() + "/" + name),
		role:           r,
		ev:             r.ev,
		sourceIdentity: source,
		duration:       dur,
	}
	if session != nil {
		*ev = *eval.NewEvaluator(eval.Config{IdentityPolicies: r.policies, SessionPolicy: session,
			ControlPolicies: r.acct.control, ServiceLinked: r.serviceLinked})
		c.ev = ev
	}
}

func validSessionName(s string) bool {
	if len(s) < 2 || len(s) > 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(isWord(c) || c == '.' || c == '@' || c == '-') {
			return false
		}
	}
	return true
}

func isWord(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_'
}

func validExternalID(s string) bool {
	if len(s) < 2 || len(s) > 1224 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !(isWord(c) || strings.IndexByte("+=,.@:/-", c) >= 0) {
			return false
		}
	}
	return true
}

func sourceIdentityProblem(s string) string {
	if len(s) < 2 || len(s) > 64 {
		return "want 2 to 64 characters"
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !(isWord(c) || strings.IndexByte("+=,.@-", c) >= 0) {
			return "want letters, digits and _+=,.@-"
		}
	}
	l := strings.ToLower(s)
	for _, p := range []string{"acs:", "aliyun:", "alibabacloud:"} {
		if strings.HasPrefix(l, p) {
			return "the prefix " + p + " is reserved"
		}
	}
	return ""
}

// ChainResult is the outcome of a chain of AssumeRole calls.
type ChainResult struct {
	Hops []*Hop // the hops walked, up to and including the first that failed
	// Final is the last session when every hop succeeded.
	Final *Caller
}

// Allowed reports whether every hop succeeded.
func (c *ChainResult) Allowed() bool { return c.Final != nil }

// Failed returns the index of the first failing hop and that hop, or -1 and nil.
func (c *ChainResult) Failed() (int, *Hop) {
	for i, h := range c.Hops {
		if !h.Allowed() {
			return i, h
		}
	}
	return -1, nil
}

// Chain walks a chain of AssumeRole calls: the first made by caller, each next one by
// the session the previous one returned. It stops at the first hop that fails.
func (d *World) Chain(caller *Caller, hops []AssumeRoleInput) ChainResult {
	var res ChainResult
	cur := caller
	for _, in := range hops {
		h := d.AssumeRole(cur, in)
		res.Hops = append(res.Hops, h)
		if !h.Allowed() {
			return res
		}
		cur = h.Session
	}
	if len(hops) > 0 {
		res.Final = cur
	}
	return res
}

// assumeRequest makes *req the request an AssumeRole call is decided as: ctx must hold
// no key STS derives (see withoutDerived); sts:ExternalId and sts:SourceIdentity come
// from the call's parameters alone. It fills a request of the caller's, so that the
// request can live on the caller's stack.
func assumeRequest(req *eval.Request, caller *Caller, r *role, ctx eval.Context, externalID, source string) {
	*req = eval.Request{Principal: caller.arn, Service: caller.service, Action: "sts:AssumeRole", Resource: r.arn.String(), Context: ctx}
	if externalID != "" {
		req.Context.Set("sts:ExternalId", externalID)
	}
	if source != "" {
		req.Context.Set("sts:SourceIdentity", source)
	}
}

// derivedKeys are the condition keys STS sets from the call's parameters. A value the
// caller puts in the context under one of them is dropped: the trust policy must see
// only what was validated and what the session will carry.
var derivedKeys = []string{"sts:ExternalId", "sts:SourceIdentity"}

// withoutDerived returns a copy of ctx without the keys STS derives: ctx itself (a
// Context copies as a value) when it holds none of them, the usual case, which then
// costs one allocation (the list of keys) rather than one per key.
func withoutDerived(ctx eval.Context) eval.Context {
	if ctx.Len() == 0 {
		return ctx
	}
	keys := ctx.Keys()
	if !slices.ContainsFunc(keys, isDerived) {
		return ctx
	}
	var out eval.Context
	for _, k := range keys {
		if !isDerived(k) {
			v, _ := ctx.Get(k)
			out.Add(k, v...)
		}
	}
	return out
}

// isDerived reports whether a context key is one STS derives, in any letter case.
func isDerived(k string) bool {
	for _, d := range derivedKeys {
		if strings.EqualFold(k, d) {
			return true
		}
	}
	return false
}
