package policy

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode"
)

// Sentinel errors, one per kind of problem. Every *Error wraps exactly one; Code returns
// the name RAM's policy checker uses for it.
var (
	ErrJSONSyntax                      = errors.New("policy: JSON syntax error")
	ErrDuplicateKey                    = errors.New("policy: duplicate key")
	ErrInvalidPolicyElement            = errors.New("policy: invalid policy element")
	ErrDataTypeMismatch                = errors.New("policy: data type mismatch")
	ErrInvalidVersion                  = errors.New("policy: invalid version")
	ErrMissingStatement                = errors.New("policy: missing statement")
	ErrInvalidEffect                   = errors.New("policy: invalid effect")
	ErrMissingAction                   = errors.New("policy: missing action")
	ErrConflictingElements             = errors.New("policy: conflicting elements")
	ErrInvalidActionFormat             = errors.New("policy: invalid action format")
	ErrMissingResource                 = errors.New("policy: missing resource")
	ErrInvalidARNPrefix                = errors.New("policy: invalid ARN prefix")
	ErrMissingARNField                 = errors.New("policy: missing ARN field")
	ErrInvalidConditionOperator        = errors.New("policy: invalid condition operator")
	ErrInvalidConditionKeyFormat       = errors.New("policy: invalid condition key format")
	ErrInvalidConditionMultipleBoolean = errors.New("policy: invalid condition multiple boolean")
	ErrInvalidConditionValue           = errors.New("policy: invalid condition value")
	ErrInvalidPrincipal                = errors.New("policy: invalid principal")
	ErrPolicyTooLarge                  = errors.New("policy: policy too large")
	ErrLimitExceeded                   = errors.New("policy: limit exceeded")
	// ErrInvalidKind: the document's kind is not set (the zero Kind) or not a kind.
	ErrInvalidKind = errors.New("policy: invalid document kind")
)

var codes = []struct {
	err  error
	code string
}{
	{ErrPolicyTooLarge, "PolicyTooLarge"},
	{ErrJSONSyntax, "JSONSyntaxError"},
	{ErrLimitExceeded, "LimitExceeded"},
	{ErrDuplicateKey, "DuplicateKey"},
	{ErrInvalidPolicyElement, "InvalidPolicyElement"},
	{ErrDataTypeMismatch, "DataTypeMismatch"},
	{ErrInvalidVersion, "InvalidVersion"},
	{ErrMissingStatement, "MissingStatement"},
	{ErrInvalidEffect, "InvalidEffect"},
	{ErrMissingAction, "MissingAction"},
	{ErrConflictingElements, "ConflictingElements"},
	{ErrInvalidActionFormat, "InvalidActionFormat"},
	{ErrMissingResource, "MissingResource"},
	{ErrInvalidARNPrefix, "InvalidARNPrefix"},
	{ErrMissingARNField, "MissingARNField"},
	{ErrInvalidPrincipal, "InvalidPrincipal"},
	{ErrInvalidConditionOperator, "InvalidConditionOperator"},
	{ErrInvalidConditionKeyFormat, "InvalidConditionKeyFormat"},
	{ErrInvalidConditionMultipleBoolean, "InvalidConditionMultipleBoolean"},
	{ErrInvalidConditionValue, "InvalidConditionValue"},
}

// Code returns the error kind's name as RAM's policy checker (and the decision-table
// format) spells it, e.g. "InvalidEffect", for the first policy error found in err's
// tree; "" when there is none.
func Code(err error) string {
	var pe *Error
	if errors.As(err, &pe) {
		err = pe.Err
	}
	for _, c := range codes {
		if errors.Is(err, c.err) {
			return c.code
		}
	}
	return ""
}

// rank orders errors at one offset: the order of the codes table.
func rank(err error) int {
	for i, c := range codes {
		if c.err == err {
			return i
		}
	}
	return len(codes)
}

// Error is one problem in a document, at a place.
type Error struct {
	Filename string // optional, from Options.Filename
	// Pointer is the JSON Pointer of the element, "" for the document. A reference token
	// longer than 64 bytes is shown with its middle elided ("…"), so that a hostile key
	// cannot make every error under it as long as itself.
	Pointer string
	// Position is where the element is in the parsed text. For a problem found by
	// Validate it is the position of the statement (zero for a statement built in code).
	Position
	Msg  string // what is wrong, in words; long values are quoted with their middle elided
	Err  error  // the sentinel
	more int    // set on the last listed error: problems found and not listed
}

// Error renders "file:line:col: /pointer: message"; the position is left out when it is
// unknown (a document built in code).
func (e *Error) Error() string {
	var b strings.Builder
	if e.Filename != "" {
		b.WriteString(e.Filename)
		b.WriteByte(':')
	}
	if e.Line > 0 {
		fmt.Fprintf(&b, "%d:%d: ", e.Line, e.Column)
	} else if e.Filename != "" {
		b.WriteByte(' ')
	}
	if e.Pointer != "" {
		b.WriteString(printable(e.Pointer))
		b.WriteString(": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

// Unwrap returns the sentinel.
func (e *Error) Unwrap() error { return e.Err }

// printable returns s, or s quoted when it holds a control character: pointers are made
// of the document's keys, and a key with a line break must not make one error read as
// two lines of a log.
func printable(s string) string {
	if strings.IndexFunc(s, unicode.IsControl) >= 0 {
		return strconv.Quote(s)
	}
	return s
}

// ErrorList is the problems found in a document, in document order: at most MaxListed of
// them; More counts the others. Parse and Validate return a non-empty ErrorList as their
// error.
type ErrorList []*Error

// More returns the number of problems found and not listed.
func (l ErrorList) More() int {
	if len(l) == 0 {
		return 0
	}
	return l[len(l)-1].more
}

// Error joins the problems, one a line, and ends with "... and N more problems" when
// some were not listed.
func (l ErrorList) Error() string {
	var b strings.Builder
	for i, e := range l {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(e.Error())
	}
	if n := l.More(); n > 0 {
		fmt.Fprintf(&b, "\n... and %d more problems", n)
	}
	return b.String()
}

// Unwrap returns the problems, so errors.Is and errors.As look at each of them.
func (l ErrorList) Unwrap() []error {
	out := make([]error, len(l))
	for i, e := range l {
		out[i] = e
	}
	return out
}
