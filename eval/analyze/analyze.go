package analyze

import (
	"errors"
	"fmt"

	"github.com/rampolicy/ram/arn"

	"github.com/rampolicy/ram/eval"
	"github.com/rampolicy/ram/policy"
)

// Set is a set of policies of one kind, as one evaluation step sees them: the identity
// policies of a principal, one session policy, the control policies of one level, one
// trust or resource policy.
type Set struct {
	Kind     policy.Kind
	Policies []eval.Policy
}

// Result answers one question. Pass is true when no request exists that the question
// looks for; otherwise Witnesses holds up to Options.MaxWitnesses such requests.
type Result struct {
	Pass      bool      `json:"pass"`
	Witnesses []Witness `json:"witnesses,omitempty"`
	// Nodes is the number of search nodes visited (the measure of the call's cost).
	Nodes int `json:"nodes"`
}

// Witness is one request, with what each set decided.
type Witness struct {
	Request eval.Request `json:"-"`
	// Caller is the request's principal for trust and resource policies; nil otherwise
	// (the request then has no principal, and acs:PrincipalARN, if any, is in Context).
	Caller *Caller `json:"caller,omitempty"`
	// Context is Request.Context as a map, for printing.
	Context  map[string][]string `json:"context,omitempty"`
	Action   string              `json:"action"`
	Resource string              `json:"resource"`
	// AllowedBy are the statements of the allowing set that allow the request.
	AllowedBy []eval.StatementRef `json:"allowedBy"`
	// Other is the other set's decision (ImplicitDeny or ExplicitDeny) and DeniedBy the
	// Deny statements that decided it, when it was an ExplicitDeny.
	Other    eval.Decision       `json:"other"`
	DeniedBy []eval.StatementRef `json:"deniedBy,omitempty"`
	// Checked is true when both decisions above come from package eval. It is false only
	// for service callers, which eval's Request cannot express yet; their decisions come
	// from this package's model of semantics.md.
	Checked bool `json:"checked"`
}

// NoNewAccess reports whether every request that new allows is also allowed by old. A
// FAIL's witnesses are requests new allows and old does not, each decided by package
// eval before it is reported (see Witness.Checked). An error is never a PASS.
func NoNewAccess(old, new Set, opts *Options) (*Result, error) {
	if old.Kind != new.Kind {
		return nil, fmt.Errorf("%w: the sets are of different kinds (%s, %s)", ErrInput, old.Kind, new.Kind)
	}
	return run(new.Kind, old.Policies, new.Policies, query{}, opts)
}

// Diff answers NoNewAccess both ways: Added holds what new allows and old does not,
// Removed what old allows and new does not.
type Diff struct {
	Added   *Result `json:"added"`
	Removed *Result `json:"removed"`
}

// Compare returns both directions of NoNewAccess.
func Compare(old, new Set, opts *Options) (*Diff, error) {
	added, err := NoNewAccess(old, new, opts)
	if err != nil {
		return nil, fmt.Errorf("new access: %w", err)
	}
	removed, err := NoNewAccess(new, old, opts)
	if err != nil {
		return nil, fmt.Errorf("removed access: %w", err)
	}
	return &Diff{Added: added, Removed: removed}, nil
}

// AccessNotGranted reports whether the set never allows any of the actions on any of the
// resources (both lists of RAM patterns: an action matches a request's action folding
// ASCII case, a resource as policy resources do). A FAIL's witnesses are allowed
// requests inside the query.
func AccessNotGranted(s Set, actions, resources []string, opts *Options) (*Result, error) {
	if len(actions) == 0 || len(resources) == 0 {
		return nil, fmt.Errorf("%w: AccessNotGranted needs actions and resources", ErrInput)
	}
	return run(s.Kind, nil, s.Policies, query{actions: actions, resources: resources}, opts)
}

// NoExternalAccess reports whether a trust or resource policy set allows no caller
// outside the given accounts: no RAM identity of another account (through "*", another
// account's root, user or role), no service acting for another account, and no
// federated identity (whose users are not identities of any account). Service principals
// written without an account act for the owner, which is Options.Owner, or else the
// first of accounts.
func NoExternalAccess(s Set, accounts []string, opts *Options) (*Result, error) {
	if !hasPrincipal(s.Kind) {
		return nil, fmt.Errorf("%w: NoExternalAccess needs a trust or resource policy set, not %s", ErrInput, s.Kind)
	}
	if len(accounts) == 0 {
		return nil, fmt.Errorf("%w: NoExternalAccess needs at least one account", ErrInput)
	}
	o := opts.withDefaults()
	if o.Owner == "" {
		o.Owner = accounts[0]
	}
	return run(s.Kind, nil, s.Policies, query{external: true, accounts: accounts}, &o)
}

func run(kind policy.Kind, old, new []eval.Policy, q query, opts *Options) (*Result, error) {
	if err := checkKind(kind, old, new); err != nil {
		return nil, err
	}
	oldPS, err := compile(old)
	if err != nil {
		return nil, err
	}
	newPS, err := compile(new)
	if err != nil {
		return nil, err
	}
	return runStaged(kind, [2][][]eval.Policy{{old}, {new}}, [2]decider{oldPS.Evaluate, newPS.Evaluate}, q, opts)
}

// decider is how eval decides a witness for one side.
type decider func(*eval.Request) eval.Result

func runStaged(kind policy.Kind, sides [2][][]eval.Policy, decide [2]decider, q query, opts *Options) (*Result, error) {
	lim := opts.withDefaults()
	m, err := buildStaged(kind, sides, q, lim)
	if err != nil {
		return nil, err
	}
	found, nodes, err := m.search(lim)
	if err != nil {
		return nil, err
	}
	res := &Result{Pass: len(found) == 0, Nodes: nodes}
	for _, f := range found {
		w, err := m.witness(f, q, decide[sideOld], decide[sideNew])
		if err != nil {
			return nil, err
		}
		res.Witnesses = append(res.Witnesses, w)
	}
	return res, nil
}

func compile(ps []eval.Policy) (*eval.PolicySet, error) {
	for _, p := range ps {
		if p.Doc == nil {
			return nil, fmt.Errorf("%w: policy %q has no document", ErrInput, p.Name)
		}
	}
	s, err := eval.Compile(ps...)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrInput, err)
	}
	return s, nil
}

// witness builds the request of a search result and has package eval decide it.
func (m *model) witness(choice []*dimOption, q query, oldDecide, newDecide decider) (Witness, error) {
	var w Witness
	ctx := map[string][]string{}
	for _, o := range choice {
		switch {
		case o.action != "":
			w.Action = o.text.readable(o.action, o.cell)
		case o.resource != "":
			w.Resource = o.text.readable(o.resource, o.cell)
		case o.caller != nil:
			w.Caller = o.caller
		case o.key != "" && !o.absent:
			ctx[o.key] = o.vals
		}
	}
	w.Request = eval.Request{Action: w.Action, Resource: w.Resource, Context: eval.NewContext(ctx)}
	if len(ctx) > 0 {
		w.Context = ctx
	}
	if w.Caller != nil && w.Caller.ARN.IsValid() {
		w.Request.Principal = w.Caller.ARN
	}
	if q.caller.IsValid() {
		w.Request.Principal = q.caller
	}
	if w.Caller != nil && w.Caller.Federated != "" {
		p, err := arn.Parse(w.Caller.Federated)
		if err != nil {
			return w, fmt.Errorf("%w: provider %q: %w", ErrUndecided, w.Caller.Federated, err)
		}
		w.Request.Provider = p
	}
	if err := w.Request.Validate(); err != nil {
		return w, fmt.Errorf("%w: the witness the analysis built is not a valid request: %w", ErrUndecided, err)
	}
	if w.Caller != nil && w.Caller.Service != "" {
		// eval's PolicySet cannot take a service caller: the model decided.
		w.Other = eval.ImplicitDeny
		for _, i := range m.holding(choice) {
			s := &m.stmts[i]
			ref := eval.StatementRef{Policy: s.policy, Statement: s.index, Sid: s.src.Sid, Line: s.src.Pos.Line, Column: s.src.Pos.Column}
			switch {
			case s.side == sideNew && s.allow:
				w.AllowedBy = append(w.AllowedBy, ref)
			case s.side == sideOld && !s.allow:
				w.Other = eval.ExplicitDeny
				w.DeniedBy = append(w.DeniedBy, ref)
			}
		}
		return w, nil
	}
	nr, or := newDecide(&w.Request), oldDecide(&w.Request)
	if nr.Decision != eval.Allow || or.Decision == eval.Allow {
		return w, fmt.Errorf("%w: action %q resource %q caller %s context %v: the allowing set decided %s, the other %s",
			ErrUnconfirmed, w.Action, w.Resource, w.Caller, ctx, nr.Decision, or.Decision)
	}
	w.Checked = true
	w.AllowedBy = nr.DecidedBy()
	w.Other = or.Decision
	if or.Decision == eval.ExplicitDeny {
		w.DeniedBy = or.DecidedBy()
	}
	return w, nil
}

// IsUndecided reports whether err says the analysis could not decide (a limit, or a
// corner it does not decide exactly), as opposed to invalid input.
func IsUndecided(err error) bool {
	return errors.Is(err, ErrLimit) || errors.Is(err, ErrUndecided) || errors.Is(err, ErrUnconfirmed)
}

// holding returns the statements whose every atom holds under the choice.
func (m *model) holding(choice []*dimOption) []int {
	ok := make([]bool, len(m.stmts))
	for i := range ok {
		ok[i] = true
	}
	for d, o := range choice {
		dm := &m.dims[d]
		for a, st := range dm.atoms {
			if !o.bits.has(a) {
				ok[st] = false
			}
		}
	}
	var out []int
	for i, v := range ok {
		if v {
			out = append(out, i)
		}
	}
	return out
}

// Principal is one user or role of a directory as its requests see it: its identity
// policies (a user's own and its groups'; a role's) and its account's control-policy
// levels, nearest first (not applied to a service-linked role).
type Principal struct {
	ARN           arn.ARN
	Identity      []eval.Policy
	Control       [][]eval.Policy
	ServiceLinked bool
}

// PrincipalNoNewAccess reports whether every request the principal may make in its new
// state it could make in its old one: requests on resources of its own account (others
// need a resource policy, which a principal's own access does not include), other than
// sts:AssumeRole (which a role's trust policy decides: compare trust policies with
// NoNewAccess). Each witness is decided by an eval.Evaluator built from the principal's
// policies, as eval/world builds it.
func PrincipalNoNewAccess(old, new Principal, opts *Options) (*Result, error) {
	if old.ARN != new.ARN {
		return nil, fmt.Errorf("%w: two different principals %s and %s", ErrInput, old.ARN, new.ARN)
	}
	switch new.ARN.Kind() {
	case arn.KindUser, arn.KindRole, arn.KindRoleSession:
	default:
		return nil, fmt.Errorf("%w: %q is not a user or a role (an account root needs no policies)", ErrInput, new.ARN)
	}
	var sides [2][][]eval.Policy
	var decide [2]decider
	for i, p := range []Principal{old, new} {
		if err := checkKind(policy.IdentityPolicy, p.Identity); err != nil {
			return nil, err
		}
		for _, level := range p.Control {
			if err := checkKind(policy.ControlPolicy, level); err != nil {
				return nil, err
			}
		}
		ev, err := evaluatorOf(p)
		if err != nil {
			return nil, err
		}
		decide[i] = func(r *eval.Request) eval.Result { return ev.Evaluate(r, nil) }
		if !p.ServiceLinked {
			sides[i] = append(sides[i], p.Control...)
		}
		sides[i] = append(sides[i], p.Identity)
	}
	q := query{caller: new.ARN, notActions: []string{"sts:AssumeRole"}}
	return runStaged(policy.IdentityPolicy, sides, decide, q, opts)
}

// ComparePrincipal returns both directions of PrincipalNoNewAccess.
func ComparePrincipal(old, new Principal, opts *Options) (*Diff, error) {
	added, err := PrincipalNoNewAccess(old, new, opts)
	if err != nil {
		return nil, fmt.Errorf("new access: %w", err)
	}
	removed, err := PrincipalNoNewAccess(new, old, opts)
	if err != nil {
		return nil, fmt.Errorf("removed access: %w", err)
	}
	return &Diff{Added: added, Removed: removed}, nil
}

func evaluatorOf(p Principal) (*eval.Evaluator, error) {
	id, err := compile(p.Identity)
	if err != nil {
		return nil, err
	}
	cfg := eval.Config{IdentityPolicies: id, ServiceLinked: p.ServiceLinked}
	for _, level := range p.Control {
		ps, err := compile(level)
		if err != nil {
			return nil, err
		}
		cfg.ControlPolicies = append(cfg.ControlPolicies, ps)
	}
	return eval.NewEvaluator(cfg), nil
}

// checkKind checks that the kind is one and that every document is of it: a trust
// policy compared as an identity policy would be compared by the wrong rules.
func checkKind(kind policy.Kind, sets ...[]eval.Policy) error {
	if kind < policy.IdentityPolicy || kind > policy.ResourcePolicy {
		return fmt.Errorf("%w: the policy kind is %s; want identity, session, control, trust or resource", ErrInput, kind)
	}
	for _, set := range sets {
		for _, p := range set {
			if p.Doc != nil && p.Doc.Kind != kind {
				return fmt.Errorf("%w: policy %q is a %s policy, compared as %s", ErrInput, p.Name, p.Doc.Kind, kind)
			}
		}
	}
	return nil
}
