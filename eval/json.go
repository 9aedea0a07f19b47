package eval

import "encoding/json"

// Decisions as data. A Result and an Explanation marshal to the JSON that
// decision.schema.json (beside this file) specifies, for audit logs and tools. The form
// is stable: fields may be added, none will change meaning. It is written, not read
// back: an error's kind survives as its code, not as a Go error.
//
// A Result:
//
//	{"decision": "ImplicitDeny", "stage": "control", "level": 0,
//	 "error": {"code": "InvalidRequest", "message": "..."},
//	 "decidedBy": [{"policy": "p", "statement": 0, "sid": "s", "line": 3, "column": 5}]}
//
// decision is Allow, ExplicitDeny or ImplicitDeny; stage is none, invalid, root,
// control, session, identity or cross-account (Stage.MarshalText); level is present
// only for control; error only for an invalid request; decidedBy always, empty when no
// statement decided. An Explanation is {"result": RESULT, "stages": [...]}, each stage
// with its set, outcome, reason (for a rule) and statements, each statement with its
// verdict and the reasons of its conditions.

// resultJSON is a Result's JSON form.
type resultJSON struct {
	Decision  Decision       `json:"decision"`
	Stage     Stage          `json:"stage"`
	Level     *int           `json:"level,omitempty"`
	Error     *errorJSON     `json:"error,omitempty"`
	DecidedBy []StatementRef `json:"decidedBy"`
}

type errorJSON struct {
	Code    string `json:"code,omitempty"` // Code(err); absent for an error of no known kind
	Message string `json:"message"`
}

func (r *Result) toJSON() resultJSON {
	out := resultJSON{Decision: r.Decision, Stage: r.Stage, DecidedBy: r.DecidedBy()}
	if out.DecidedBy == nil {
		out.DecidedBy = []StatementRef{}
	}
	if r.Stage == StageControl {
		level := r.Level
		out.Level = &level
	}
	if r.Err != nil {
		out.Error = &errorJSON{Code: Code(r.Err), Message: r.Err.Error()}
	}
	return out
}

// MarshalJSON writes the Result in the form decision.schema.json calls "result".
func (r Result) MarshalJSON() ([]byte, error) { return json.Marshal(r.toJSON()) }

// explanationJSON is an Explanation's JSON form.
type explanationJSON struct {
	Result resultJSON         `json:"result"`
	Stages []StageExplanation `json:"stages"`
}

// MarshalJSON writes the Explanation in the form decision.schema.json calls
// "explanation".
func (x Explanation) MarshalJSON() ([]byte, error) {
	out := explanationJSON{Result: x.Result.toJSON(), Stages: x.Stages}
	if out.Stages == nil {
		out.Stages = []StageExplanation{}
	}
	return json.Marshal(out)
}

// MarshalJSON writes the stage in the form decision.schema.json calls "stageExplanation":
// level only for a control level, reason only for a rule.
func (s StageExplanation) MarshalJSON() ([]byte, error) {
	out := struct {
		Stage      Stage                  `json:"stage"`
		Level      *int                   `json:"level,omitempty"`
		Set        string                 `json:"set"`
		Outcome    Decision               `json:"outcome"`
		Reason     string                 `json:"reason,omitempty"`
		Statements []StatementExplanation `json:"statements"`
	}{Stage: s.Stage, Set: s.Set, Outcome: s.Outcome, Reason: s.Reason, Statements: s.Statements}
	if s.Stage == StageControl {
		level := s.Level
		out.Level = &level
	}
	if out.Statements == nil {
		out.Statements = []StatementExplanation{}
	}
	return json.Marshal(out)
}

// MarshalJSON writes the statement's verdict in the form decision.schema.json calls
// "statementExplanation", with why in words (Why, or "matched").
func (se StatementExplanation) MarshalJSON() ([]byte, error) {
	why := se.Why()
	conds := se.Conditions
	if conds == nil {
		conds = []ConditionExplanation{}
	}
	return json.Marshal(struct {
		Ref        StatementRef           `json:"ref"`
		Effect     string                 `json:"effect"`
		Matched    bool                   `json:"matched"`
		Why        string                 `json:"why"`
		Action     bool                   `json:"action"`
		Resource   bool                   `json:"resource"`
		Principal  bool                   `json:"principal"`
		Conditions []ConditionExplanation `json:"conditions"`
	}{se.Ref, se.Effect.String(), se.Matched, why, se.Action, se.Resource, se.Principal, conds})
}

// MarshalJSON writes the condition's verdict in the form decision.schema.json calls
// "conditionExplanation", with a reason when it does not hold.
func (c ConditionExplanation) MarshalJSON() ([]byte, error) {
	vals := c.Values
	if vals == nil {
		vals = []string{}
	}
	reason := ""
	switch {
	case c.Holds:
	case !c.Present:
		reason = "key missing"
	default:
		reason = "values do not satisfy it"
	}
	return json.Marshal(struct {
		Operator string   `json:"operator"`
		Key      string   `json:"key"`
		Present  bool     `json:"present"`
		Values   []string `json:"values"`
		Holds    bool     `json:"holds"`
		Reason   string   `json:"reason,omitempty"`
	}{c.Operator, c.Key, c.Present, vals, c.Holds, reason})
}
