package world

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode"

	"github.com/rampolicy/ram/policy"
)

// ErrUnknownPolicy is wrapped when a world file, or a caller of Policies, names a policy
// the file does not define.
var ErrUnknownPolicy = errors.New("unknown policy")

// LoadError is a problem with a world file, at a place in it. It wraps ErrWorld and its
// cause (a policy.ErrorList when a policy does not parse, an fs error when a file cannot
// be read), so errors.Is and errors.As see both.
type LoadError struct {
	File    string // the world file, or the policy file the problem is in
	Pointer string // JSON Pointer of the value in File, "" for the whole file
	Line    int    // 1-based; 0 when the file could not be read
	Column  int    // 1-based, in characters
	Msg     string // what is wrong, in words
	Err     error  // the cause, or nil

	cause error // what Unwrap returns when Msg already says it (it wraps ErrWorld)
}

// Error renders "file:line:col: /pointer: message: cause"; a policy's problems follow
// the message, one a line, each with its own position.
func (e *LoadError) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d:%d", e.Line, e.Column)
	}
	b.WriteString(": ")
	if e.Pointer != "" {
		// A pointer is made of the file's keys: quote one that holds a line break, so
		// one error never reads as two lines of a log.
		if strings.IndexFunc(e.Pointer, unicode.IsControl) >= 0 {
			b.WriteString(strconv.Quote(e.Pointer))
		} else {
			b.WriteString(e.Pointer)
		}
		b.WriteString(": ")
	}
	b.WriteString(e.Msg)
	if e.Err != nil {
		sep := ": "
		var list policy.ErrorList
		if errors.As(e.Err, &list) {
			sep = ":\n" // a policy's problems, one a line
		}
		b.WriteString(sep)
		b.WriteString(e.Err.Error())
	}
	return b.String()
}

// Unwrap returns ErrWorld and the cause.
func (e *LoadError) Unwrap() []error {
	if e.cause != nil {
		return []error{e.cause}
	}
	if e.Err == nil {
		return []error{ErrWorld}
	}
	return []error{ErrWorld, e.Err}
}
