package arn

import "errors"

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

// maskedAccountMsg is the message for an account ID with hidden digits, such as
// 123456789012****, which documents copied from a console or a ticket carry.
const maskedAccountMsg = "account ID must be digits; this one looks masked"

// ParseError describes why a text is not an ARN, a pattern or a service principal.
type ParseError struct {
	Input  string // the text that was parsed
	Offset int    // byte offset in Input where the problem is
	Field  string // "prefix", "service", "region", "account", "resource" or ""
	Msg    string // what is wrong, in words
	Err    error  // one of the sentinels above
	fn     string // the function that failed, for Error; "" means Parse
}

// Error renders the error as arn.Parse("text"): message (at "rest"). Long texts are
// quoted with their middle elided, so a message stays short whatever the input.
func (e *ParseError) Error() string {
	fn := e.fn
	if fn == "" {
		fn = "Parse"
	}
	at := ""
	if e.Offset > 0 && e.Offset < len(e.Input) {
		at = " (at " + quoteShort(e.Input[e.Offset:]) + ")"
	}
	return "arn." + fn + "(" + quoteShort(e.Input) + "): " + e.Msg + at
}

// Unwrap returns the sentinel.
func (e *ParseError) Unwrap() error { return e.Err }
