package lint

import (
	"errors"
	"fmt"
)

// Severity ranks findings. The zero value is not a severity.
type Severity uint8

// The severities, from the mildest.
const (
	Suggestion      Severity = 1 + iota // works, but could be written better
	Warning                             // probably a mistake
	SecurityWarning                     // grants more than is safe
	Error                               // cannot mean what it says
)

var severityNames = [...]string{"", "suggestion", "warning", "security-warning", "error"}

// String returns "suggestion", "warning", "security-warning" or "error".
func (s Severity) String() string {
	if s > 0 && int(s) < len(severityNames) {
		return severityNames[s]
	}
	return "invalid"
}

// ParseSeverity reads a severity as String writes it.
func ParseSeverity(s string) (Severity, bool) {
	for i, n := range severityNames {
		if i > 0 && n == s {
			return Severity(i), true
		}
	}
	return 0, false
}

// MarshalText writes the severity as String does; the zero Severity is an error.
func (s Severity) MarshalText() ([]byte, error) {
	if s < Suggestion || s > Error {
		return nil, errors.New("lint: invalid severity")
	}
	return []byte(s.String()), nil
}

// UnmarshalText reads a severity as String writes it.
func (s *Severity) UnmarshalText(b []byte) error {
	v, ok := ParseSeverity(string(b))
	if !ok {
		return fmt.Errorf("lint: unknown severity %q", b)
	}
	*s = v
	return nil
}

// Finding is one thing lint found, at a place in the document.
type Finding struct {
	Code     string   `json:"code"` // the check, e.g. "UnknownAction"
	Severity Severity `json:"severity"`
	Message  string   `json:"message"`
	// Pointer is the JSON Pointer of the value the finding is about, as the source text
	// writes it (/Statement/0/Action when Action is a single string); without source
	// text, as the canonical form writes it (every value list an array).
	Pointer string `json:"pointer"`
	// Line and Column (1-based, column in characters) locate the value in the source
	// text, or the statement when no source was given; 0 when unknown.
	Line   int `json:"line"`
	Column int `json:"column"`
	// Fix is the text that should replace the value, when lint knows it.
	Fix string `json:"fix,omitempty"`
}

// String renders "line:col: severity code: message", the form ramsim lint prints after
// the file name.
func (f Finding) String() string {
	s := fmt.Sprintf("%d:%d: %s %s: %s", f.Line, f.Column, f.Severity, f.Code, f.Message)
	if f.Fix != "" {
		s += fmt.Sprintf(" (fix: %q)", f.Fix)
	}
	return s
}
