package eval

import "github.com/rampolicy/ram/arn"

// Config is what applies to one principal (or one role session): its identity policies,
// its session policy, its account's control-policy levels and whether it is a
// service-linked role.
type Config struct {
	// IdentityPolicies holds the principal's identity policies: a user's own and its
	// groups', or a role's. Nil means none.
	IdentityPolicies *PolicySet
	// SessionPolicy is the session policy passed to AssumeRole; nil means none (no
	// restriction).
	SessionPolicy *PolicySet
	// ControlPolicies lists the Resource Directory control-policy levels, nearest first: the
	// account's own attachments, then each parent folder up to the root folder. Each level
	// must allow on its own; a nil level allows nothing.
	ControlPolicies []*PolicySet
	// ServiceLinked exempts a service-linked role from control policies.
	ServiceLinked bool
}

// Evaluator decides requests for one principal as RAM does. It is immutable and safe for
// concurrent use. Build it once per principal or session and reuse it.
type Evaluator struct {
	cfg Config
}

// NewEvaluator returns an Evaluator for the configuration.
func NewEvaluator(cfg Config) *Evaluator {
	cfg.ControlPolicies = append([]*PolicySet(nil), cfg.ControlPolicies...)
	return &Evaluator{cfg: cfg}
}

// Config returns the evaluator's configuration (a copy); the zero Config for a nil
// Evaluator.
func (e *Evaluator) Config() Config {
	if e == nil {
		return Config{}
	}
	c := e.cfg
	c.ControlPolicies = append([]*PolicySet(nil), c.ControlPolicies...)
	return c
}

// evalSet evaluates one set: with the index on the decision path (x is nil), or walking
// every statement for an explanation. Both feed the same combination logic in decide.
// which names the set ("identity", "resource", "session", "control") and level the
// control-policy level. The calls are static on purpose: through a function value,
// escape analysis would move the per-stage recorders to the heap, two allocations per
// decision.
func evalSet(x *Explanation, ps *PolicySet, which string, level int, st *reqState, rec *recorder) setOutcome {
	if x == nil {
		if ps == nil { // no resource policy, no session policy: the usual case
			return setOutcome{}
		}
		return ps.eval(st, rec)
	}
	return x.explainSet(ps, which, level, st, rec)
}

// Evaluate decides a request, with resource the resource-based policy of the resource
// (for sts:AssumeRole, the role's trust policy), or nil.
//
// The steps, each final when it does not allow:
//
//  1. An invalid request is denied, and so is any request to a nil Evaluator or a nil
//     request: the Result's Err says what was nil.
//     A federated or service caller (Request.Provider, Request.Service) is decided by
//     the resource policy alone, the configuration unused.
//  2. An account root calling sts:AssumeRole is denied; an account root acting on its own
//     account's resources (the resource's account field equal to its own, empty, '*' or
//     the resource not an ARN) is allowed without evaluation.
//  3. Control-policy levels, nearest first (not for account roots or service-linked
//     roles): a level that denies ends the evaluation with its decision.
//  4. The session policy, if any, must allow.
//  5. Identity policies (decision A) and the resource policy (decision B): any explicit
//     Deny wins; for sts:AssumeRole, and when the resource is in another account than the
//     principal, A and B must both allow; otherwise either allows. A cross-account
//     request that only one of them allows is denied at StageCrossAccount.
func (e *Evaluator) Evaluate(req *Request, resource *PolicySet) Result {
	if e == nil {
		return Result{Stage: StageInvalid, Err: errNil("*Evaluator")}
	}
	if req == nil {
		return Result{Stage: StageInvalid, Err: errNil("*Request")}
	}
	// Validate's two passes, apart: a request the fast pass vouches for has no provider
	// or service caller, which the fast path below then need not ask again.
	if !req.wellFormed() {
		if err := req.problem(); err != nil {
			return Result{Stage: StageInvalid, Err: err}
		}
		st := newReqState(req)
		return e.decide(&st, resource, nil)
	}
	st := newReqState(req)
	if resource == nil && e.cfg.SessionPolicy == nil && len(e.cfg.ControlPolicies) == 0 &&
		req.Principal.Kind() != arn.KindRoot {
		// The usual configuration: identity policies alone decide. This is decide's
		// answer without its stages (no control level, no session policy, no resource
		// policy to evaluate, no root rules), here rather than in a method of its own so
		// that the Result is built once, in place; TestPropertyIdentityOnlyAgreesWithDecide
		// holds the two together.
		var rec recorder
		a := e.cfg.IdentityPolicies.eval(&st, &rec)
		switch {
		case a.denied:
			return rec.denies.result(ExplicitDeny, StageIdentity, 0)
		case !a.allowed:
			return Result{Stage: StageIdentity}
		}
		// The identity policies allow alone: the cross-account rule and sts:AssumeRole's
		// both need a resource policy's Allow too, and there is none.
		if crossAccountOf(req.Principal.Account(), req.Resource) {
			return Result{Stage: StageCrossAccount}
		}
		if isAssumeRole(req.Action) {
			return Result{Stage: StageIdentity}
		}
		return rec.allows.result(Allow, StageIdentity, 0)
	}
	return e.decide(&st, resource, nil)
}

func (e *Evaluator) decide(st *reqState, resource *PolicySet, x *Explanation) Result {
	if st.req.Provider.IsValid() || st.req.Service.IsValid() {
		// A federated or service caller has no policies of its own, and no control
		// policies gate it: the resource policy decides.
		var rec recorder
		b := evalSet(x, resource, "resource", 0, st, &rec)
		switch {
		case b.denied:
			return rec.denies.result(ExplicitDeny, StageIdentity, 0)
		case b.allowed:
			return rec.allows.result(Allow, StageIdentity, 0)
		}
		return Result{Stage: StageIdentity}
	}
	req := st.req
	isRoot := req.Principal.Kind() == arn.KindRoot // worked out once, by arn.Parse
	if isRoot {
		if isAssumeRole(req.Action) {
			x.explainRoot(false)
			return Result{Stage: StageRoot} // an account root cannot assume a role
		}
		if resAcct := resourceAccount(req.Resource); resAcct == "" || resAcct == req.Principal.Account() {
			x.explainRoot(true)
			return Result{Decision: Allow, Stage: StageRoot}
		}
	}
	if !isRoot && !e.cfg.ServiceLinked {
		for i, level := range e.cfg.ControlPolicies {
			var rec recorder
			out := evalSet(x, level, "control", i, st, &rec)
			if out.denied {
				return rec.denies.result(ExplicitDeny, StageControl, i)
			}
			if !out.allowed {
				return Result{Stage: StageControl, Level: i}
			}
		}
	}
	if e.cfg.SessionPolicy != nil {
		var rec recorder
		out := evalSet(x, e.cfg.SessionPolicy, "session", 0, st, &rec)
		if out.denied {
			return rec.denies.result(ExplicitDeny, StageSession, 0)
		}
		if !out.allowed {
			return Result{Stage: StageSession}
		}
	}
	var rec recorder
	a := evalSet(x, e.cfg.IdentityPolicies, "identity", 0, st, &rec)
	b := evalSet(x, resource, "resource", 0, st, &rec)
	if a.denied || b.denied {
		return rec.denies.result(ExplicitDeny, StageIdentity, 0)
	}
	if !a.allowed && !b.allowed {
		return Result{Stage: StageIdentity}
	}
	if a.allowed && b.allowed {
		return rec.allows.result(Allow, StageIdentity, 0)
	}
	// One of them allows. For sts:AssumeRole, and when the resource is in another account
	// than the principal, both must. The accounts are read only now: most requests are
	// allowed by neither or by both.
	ownAcct := req.Principal.Account()
	crossAccount := crossAccountOf(ownAcct, req.Resource)
	if !crossAccount && !isAssumeRole(req.Action) {
		return rec.allows.result(Allow, StageIdentity, 0)
	}
	// One side allowed alone: the rule that both must allow decided.
	if x != nil { // only an explanation names the resource's account
		x.explainBothMustAllow(crossAccount, ownAcct, resourceAccount(req.Resource), a.allowed, resource != nil)
	}
	if crossAccount {
		return Result{Stage: StageCrossAccount}
	}
	return Result{Stage: StageIdentity}
}
