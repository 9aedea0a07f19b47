package eval

import (
	"fmt"
	"strings"

	"github.com/rampolicy/ram/policy"
)

// Explanation tells why a request got its decision: for every stage that was evaluated,
// every statement with what matched and what did not. It walks every statement without
// the index, so it is much slower than Evaluate; use it for denials shown to people.
type Explanation struct {
	Result Result
	Stages []StageExplanation
}

// StageExplanation is one evaluated set of policies.
type StageExplanation struct {
	Stage Stage
	Level int    // control-policy level, for StageControl
	Set   string // "control level 0", "session", "identity", "resource"
	// Outcome is this set's own verdict.
	Outcome    Decision
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
	Present  bool     // the request had the key (acs:PrincipalARN is filled in)
	Values   []string // the request's values for the key
	Holds    bool
}

// Explain evaluates the request like Evaluate and explains every step. Its Result equals
// Evaluate's for every request; the tests check that.
func (e *Evaluator) Explain(req *Request, resource *PolicySet) Explanation {
	var x Explanation
	if err := req.Validate(); err != nil {
		x.Result = Result{Stage: StageInvalid, Err: err}
		return x
	}
	var st reqState
	st.init(req)
	x.Result = e.decide(&st, resource, &x)
	return x
}

// explainSet walks every statement of one set for Explain and records the stage.
func (x *Explanation) explainSet(ps *PolicySet, which string, level int, st *reqState, rec *recorder) setOutcome {
	sx, out := ps.explain(st, rec)
	if ps == nil && which != "identity" {
		return out // no session policy, no resource policy: nothing to show
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
			Operator: policy.Operator{Set: c.set, Op: c.op}.String(),
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
		fmt.Fprintf(&b, "  %s: %s\n", s.Set, s.Outcome)
		for _, st := range s.Statements {
			fmt.Fprintf(&b, "    %s %s: %s\n", st.Effect, st.Ref, st.Why())
		}
	}
	return b.String()
}
