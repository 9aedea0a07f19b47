package eval

import (
	"fmt"
	"strings"

	"github.com/rampolicy/ram/policy"
)

// Explanation tells why a request got its decision: for every stage that was evaluated,
// every statement with what matched and what did not, and a line for each rule that
// decided without a statement of its own (an invalid request, the account root, the
// cross-account rule, sts:AssumeRole's). It walks every statement without the index, so
// it is much slower than Evaluate; use it for denials shown to people.
//
// Its Result equals Evaluate's for the same request, and among its Stages is one whose
// Stage (and Level, for a control level) is the Result's: the stage that decided.
type Explanation struct {
	Result Result
	Stages []StageExplanation
}

// StageExplanation is one evaluated set of policies, or one rule.
type StageExplanation struct {
	Stage Stage
	Level int // control-policy level, for StageControl
	// Set names the policies or the rule: "control level 0", "session", "identity",
	// "resource", "trust" (the resource policy of sts:AssumeRole); or "invalid request",
	// "account root", "cross-account", "sts:AssumeRole".
	Set string
	// Outcome is this set's own verdict, or the rule's.
	Outcome Decision
	// Reason says in words why a rule decided; empty for a set of policies, whose
	// Statements say it.
	Reason     string
	Statements []StatementExplanation
}

// StatementExplanation says how one statement fared.
type StatementExplanation struct {
	Ref        StatementRef
	Effect     policy.Effect
	Matched    bool
	Action     bool // the Action (or NotAction) element admitted the action
	Resource   bool // a Resource pattern matched (true when there is no Resource element)
	Principal  bool // the Principal admitted the caller (true when there is no Principal)
	Conditions []ConditionExplanation
}

// ConditionExplanation says how one condition fared.
type ConditionExplanation struct {
	Operator string
	Key      string
	Present  bool     // the request had the key (acs:PrincipalARN is derived from the caller)
	Values   []string // the request's values for the key
	Holds    bool
}

// Explain evaluates the request like Evaluate and explains every step. Its Result equals
// Evaluate's for every request; the tests check that.
func (e *Evaluator) Explain(req *Request, resource *PolicySet) Explanation {
	var x Explanation
	if e == nil {
		x.invalid(errNil("*Evaluator"))
		return x
	}
	if err := req.Validate(); err != nil {
		x.invalid(err)
		return x
	}
	st := newReqState(req)
	x.Result = e.decide(&st, resource, &x)
	return x
}

// invalid explains the denial of an invalid request.
func (x *Explanation) invalid(err error) {
	x.Result = Result{Stage: StageInvalid, Err: err}
	x.rule(StageInvalid, "invalid request", ImplicitDeny, err.Error())
}

func (x *Explanation) rule(stage Stage, set string, outcome Decision, reason string) {
	x.Stages = append(x.Stages, StageExplanation{Stage: stage, Set: set, Outcome: outcome, Reason: reason})
}

// explainRoot records the account root's rule; x may be nil (no explanation wanted).
//
// It stays out of line: inlined into decide, its StageExplanation temporaries would grow
// decide's frame (by 168 bytes), which every decision sets up, explained or not.
//
//go:noinline
func (x *Explanation) explainRoot(ownAccount bool) {
	switch {
	case x == nil:
	case ownAccount:
		x.rule(StageRoot, "account root", Allow, "the account root acts on a resource of its own account: allowed without evaluation")
	default:
		x.rule(StageRoot, "account root", ImplicitDeny, "an account root cannot call sts:AssumeRole")
	}
}

// explainBothMustAllow records the rule that denied a request only one side allowed: the
// cross-account rule, or sts:AssumeRole's; x may be nil.
func (x *Explanation) explainBothMustAllow(crossAccount bool, own, resAcct string, identityAllowed, hasResource bool) {
	if x == nil {
		return
	}
	var which string
	switch {
	case !identityAllowed:
		which = "the resource policy allows, the identity policies do not"
	case hasResource:
		which = "the identity policies allow, the resource policy does not"
	default:
		which = "the identity policies allow, and there is no resource policy"
	}
	if crossAccount {
		x.rule(StageCrossAccount, "cross-account", ImplicitDeny, fmt.Sprintf(
			"the resource is in account %s, the principal in account %s: identity policies and the resource policy must both allow; %s",
			printable(resAcct), own, which))
		return
	}
	which = strings.NewReplacer("the resource policy", "the trust policy", "the identity policies", "the caller's identity policies").Replace(which)
	x.rule(StageIdentity, "sts:AssumeRole", ImplicitDeny, "the caller's identity policies and the role's trust policy must both allow; "+which)
}

// explainSet walks every statement of one set for Explain and records the stage.
func (x *Explanation) explainSet(ps *PolicySet, which string, level int, st *reqState, rec *recorder) setOutcome {
	sx, out := ps.explain(st, rec)
	if ps == nil && which == "resource" && !st.req.Provider.IsValid() {
		// No resource policy: nothing to show (the cross-account rule's line says when
		// that decided). A federated caller is decided by the resource policy alone, and
		// an empty control level denies, so their absence is shown.
		return out
	}
	sx.Set, sx.Level = which, level
	switch which {
	case "control":
		sx.Stage, sx.Set = StageControl, fmt.Sprintf("control level %d", level)
	case "session":
		sx.Stage = StageSession
	case "resource":
		sx.Stage = StageIdentity
		if isAssumeRole(st.req.Action) {
			sx.Set = "trust" // the role's trust policy is the resource policy of AssumeRole
		}
	default:
		sx.Stage = StageIdentity
	}
	x.Stages = append(x.Stages, sx)
	return out
}

// explain walks every statement of the set.
func (ps *PolicySet) explain(st *reqState, rec *recorder) (StageExplanation, setOutcome) {
	var sx StageExplanation
	var out setOutcome
	if ps == nil {
		return sx, out
	}
	for i := range ps.stmts {
		s := &ps.stmts[i]
		se := s.explain(st)
		if se.Matched {
			if s.effect == policy.EffectDeny {
				out.denied = true
			} else {
				out.allowed = true
			}
			rec.add(s)
		}
		sx.Statements = append(sx.Statements, se)
	}
	switch {
	case out.denied:
		sx.Outcome = ExplicitDeny
	case out.allowed:
		sx.Outcome = Allow
	}
	return sx, out
}

func (s *statement) explain(st *reqState) StatementExplanation {
	se := StatementExplanation{Ref: s.ref, Effect: s.effect, Principal: true}
	hit := false
	for i := range s.actions {
		hit = hit || s.actions[i].Match(st.req.Action)
	}
	se.Action = hit != s.notAction
	se.Resource = s.resourceMatches(st)
	if s.principal != nil {
		se.Principal = s.principalMatches(st)
	}
	all := true
	for i := range s.conds {
		c := &s.conds[i]
		var scratch [1]string
		vals := st.contextValues(c, &scratch)
		ce := ConditionExplanation{
			Operator: policy.Operator{Set: c.set, Op: c.Op}.String(),
			Key:      c.name,
			Present:  len(vals) > 0,
			Values:   append([]string(nil), vals...),
			Holds:    c.holds(vals),
		}
		all = all && ce.Holds
		se.Conditions = append(se.Conditions, ce)
	}
	se.Matched = se.Action && se.Resource && se.Principal && all
	return se
}

// Why says in words why the statement did or did not match.
func (se StatementExplanation) Why() string {
	if se.Matched {
		return "matched"
	}
	var why []string
	if !se.Action {
		why = append(why, "action not matched")
	}
	if !se.Resource {
		why = append(why, "resource not matched")
	}
	if !se.Principal {
		why = append(why, "principal not admitted")
	}
	for _, c := range se.Conditions {
		switch {
		case c.Holds:
		case !c.Present:
			why = append(why, fmt.Sprintf("%s %s: key missing", c.Operator, printable(c.Key)))
		default:
			why = append(why, fmt.Sprintf("%s %s: %q does not satisfy it", c.Operator, printable(c.Key), c.Values))
		}
	}
	return strings.Join(why, "; ")
}

// String renders the explanation for people: the decision, then each stage and its
// statements.
func (x Explanation) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s (decided at: %s)\n", x.Result, x.Result.Stage)
	for _, s := range x.Stages {
		if s.Reason != "" {
			fmt.Fprintf(&b, "  %s: %s: %s\n", s.Set, s.Outcome, s.Reason)
			continue
		}
		fmt.Fprintf(&b, "  %s: %s\n", s.Set, s.Outcome)
		for _, st := range s.Statements {
			fmt.Fprintf(&b, "    %s %s: %s\n", st.Effect, st.Ref, st.Why())
		}
	}
	return b.String()
}
