package arn

import (
	"errors"
	"fmt"
)

// Sentinel errors. A *ParseError wraps exactly one of them, so callers can test the kind
// of a failure with errors.Is.
var (
	// ErrPrefix: the text does not start with "acs:".
	ErrPrefix = errors.New("arn: does not start with \"acs:\"")
	// ErrMissingField: fewer than five colon-separated fields.
	ErrMissingField = errors.New("arn: fewer than five fields")
	// ErrInvalidField: a field holds characters it may not hold.
	ErrInvalidField = errors.New("arn: invalid field")
	// ErrTooLong: the text is longer than MaxLength.
	ErrTooLong = errors.New("arn: too long")
)

// ParseError describes why a text is not an ARN or a pattern.
type ParseError struct {
	Input  string // the text that was parsed
	Offset int    // byte offset in Input where the problem is
	Field  string // "prefix", "service", "region", "account", "resource" or ""
	Msg    string // what is wrong, in words
	Err    error  // one of the sentinels above
}

// Error renders the error as arn.Parse("text"): message (at "rest").
func (e *ParseError) Error() string {
	at := ""
	if e.Offset < len(e.Input) {
		at = fmt.Sprintf(" (at %q)", e.Input[e.Offset:])
	}
	return fmt.Sprintf("arn.Parse(%q): %s%s", e.Input, e.Msg, at)
}

// Unwrap returns the sentinel.
func (e *ParseError) Unwrap() error { return e.Err }
