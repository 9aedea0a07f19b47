package eval

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
)

// printable returns s, or s quoted when it holds a control character: Sids and condition
// keys come from policy text, and one with a line break must not make an explanation or
// a log line read as more lines than it is.
func printable(s string) string {
	if strings.IndexFunc(s, unicode.IsControl) >= 0 {
		return strconv.Quote(s)
	}
	return s
}

// Decision is the outcome of an evaluation. The zero value, ImplicitDeny, denies.
type Decision uint8

// The decisions.
const (
	ImplicitDeny Decision = iota // nothing allowed the request
	Allow                        // allowed, and nothing denied it
	ExplicitDeny                 // a Deny statement matched
)

var decisionNames = [...]string{"ImplicitDeny", "Allow", "ExplicitDeny"}

// String returns "ImplicitDeny", "Allow" or "ExplicitDeny".
func (d Decision) String() string {
	if int(d) < len(decisionNames) {
		return decisionNames[d]
	}
	return fmt.Sprintf("Decision(%d)", uint8(d))
}

// MarshalText returns the decision's name.
func (d Decision) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText reads a decision's name.
func (d *Decision) UnmarshalText(b []byte) error {
	for i, n := range decisionNames {
		if n == string(b) {
			*d = Decision(i)
			return nil
		}
	}
	return fmt.Errorf("eval: unknown decision %q", b)
}

// Stage says which step of the evaluation decided.
type Stage uint8

// The stages, in the order a request passes them.
const (
	StageNone     Stage = iota // not decided by any stage (zero Result)
	StageInvalid               // the request itself was invalid
	StageRoot                  // the account root on its own account's resource, or a root calling AssumeRole
	StageControl               // a control-policy level
	StageSession               // the session policy
	StageIdentity              // identity and resource-based policies together
	// StageCrossAccount is the cross-account rule: the resource is in another account
	// than the principal's, and only one of the identity policies and the resource policy
	// (or no resource policy at all) allowed, where both must.
	StageCrossAccount
)

var stageNames = [...]string{"none", "invalid request", "account root", "control policy", "session policy",
	"identity and resource policies", "cross-account rule"}

// stageIDs are the stages' names in data (JSON): short, stable, documented in
// decision.schema.json.
var stageIDs = [...]string{"none", "invalid", "root", "control", "session", "identity", "cross-account"}

// String names the stage for people ("control policy", "cross-account rule").
func (s Stage) String() string {
	if int(s) < len(stageNames) {
		return stageNames[s]
	}
	return fmt.Sprintf("Stage(%d)", uint8(s))
}

// MarshalText returns the stage's name in data: "none", "invalid", "root", "control",
// "session", "identity" or "cross-account".
func (s Stage) MarshalText() ([]byte, error) {
	if int(s) < len(stageIDs) {
		return []byte(stageIDs[s]), nil
	}
	return nil, fmt.Errorf("eval: unknown stage %d", uint8(s))
}

// UnmarshalText reads a stage's name in data, as MarshalText writes it.
func (s *Stage) UnmarshalText(b []byte) error {
	for i, n := range stageIDs {
		if n == string(b) {
			*s = Stage(i)
			return nil
		}
	}
	return fmt.Errorf("eval: unknown stage %q", b)
}

// StatementRef names one statement: the policy it is in, its zero-based index, its Sid
// and where it starts in the policy's text (zero when the policy was built in code).
//
// In JSON (see decision.schema.json) it is {"policy", "statement", "sid", "line",
// "column"}, the last three left out when unknown.
type StatementRef struct {
	Policy    string `json:"policy"`
	Statement int    `json:"statement"`
	Sid       string `json:"sid,omitempty"`
	Line      int    `json:"line,omitempty"`
	Column    int    `json:"column,omitempty"`
}

// String renders policy#index, with the Sid and line:column when known.
func (r StatementRef) String() string {
	s := fmt.Sprintf("%s#%d", r.Policy, r.Statement)
	if r.Sid != "" {
		s += fmt.Sprintf(" (%s)", printable(r.Sid))
	}
	if r.Line > 0 {
		s += fmt.Sprintf(" at %d:%d", r.Line, r.Column)
	}
	return s
}

// inlineRefs is how many decisive statements a Result holds without allocating.
const inlineRefs = 4

// Result is a decision with the statements that decided it:
//
//   - ExplicitDeny: every matching Deny statement of the stage that decided;
//   - Allow: every matching Allow statement of the identity and resource-based policies
//     (none for the account root, which is allowed without evaluation);
//   - ImplicitDeny: none.
//
// The zero Result is an ImplicitDeny.
type Result struct {
	Decision Decision
	Stage    Stage
	// Level is the zero-based control-policy level that decided, when Stage is StageControl.
	Level int
	// Err is set when the request was invalid (Stage is StageInvalid); it wraps
	// ErrInvalidRequest. An invalid request is always an ImplicitDeny.
	Err error

	// by holds the decisive statements as the decision found them: pointers into the
	// compiled sets, which nobody changes once compiled, so copies of a Result may share
	// them. A Result is returned by value on every decision; pointers keep it small (four
	// StatementRefs inline were 224 bytes, zeroed and copied two or three times per
	// decision), and DecidedBy builds the StatementRefs only when asked.
	by stmtList
}

// DecidedBy returns the decisive statements, sorted by policy name and then statement
// index (identity policies before the resource policy when both name a policy alike), so
// that one decision always lists them alike, however it was reached. The slice is the
// caller's own: changing it leaves the Result alone. It is nil when no statement decided.
func (r Result) DecidedBy() []StatementRef {
	stmts := r.by.all()
	if len(stmts) == 0 {
		return nil
	}
	refs := make([]StatementRef, len(stmts))
	for i, s := range stmts {
		refs[i] = s.ref
	}
	sortRefs(refs)
	return refs
}

// sortRefs sorts decisive statements by policy name, then statement index, keeping the
// order of equal ones. The index finds them in an order of its own, and a Result keeps
// that order (sorting on the decision path would cost every decision); its readers sort.
// They are few, so an insertion sort.
func sortRefs(refs []StatementRef) {
	for i := 1; i < len(refs); i++ {
		for j := i; j > 0 && refBefore(&refs[j], &refs[j-1]); j-- {
			refs[j], refs[j-1] = refs[j-1], refs[j]
		}
	}
}

func refBefore(a, b *StatementRef) bool {
	if a.Policy != b.Policy {
		return a.Policy < b.Policy
	}
	return a.Statement < b.Statement
}

// Allowed reports whether the decision is Allow.
func (r Result) Allowed() bool { return r.Decision == Allow }

// String renders the decision and its statements, e.g. "Allow by p#0, q#2".
func (r Result) String() string {
	s := r.Decision.String()
	if r.Err != nil {
		return s + " (" + r.Err.Error() + ")"
	}
	for i, ref := range r.DecidedBy() {
		if i == 0 {
			s += " by "
		} else {
			s += ", "
		}
		s += ref.String()
	}
	return s
}

// errNil is the error of a decision asked of a nil value (what names its type): an
// invalid request, denied like any other.
func errNil(what string) error {
	return fmt.Errorf("%w: nil %s", ErrInvalidRequest, what)
}
