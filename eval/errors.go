package eval

import (
	"errors"
	"fmt"

	"github.com/rampolicy/ram/policy"
)

// The sentinels of package eval. A compile error also wraps the policy package's
// sentinel for the kind of problem, where there is one.
var (
	// ErrCompile is wrapped by every error Compile and Union return.
	ErrCompile = errors.New("cannot compile policy")
	// ErrInvalidRequest is wrapped by the error of a request whose own fields are
	// invalid (Request.Validate); such a request is denied.
	ErrInvalidRequest = errors.New("invalid request")
)

// Code names the kind of an error as the decision-table format does: the policy
// package's codes (policy.Code), and InvalidRequest for this package's. It returns ""
// for nil and for errors of no known kind. Package world's Code adds the STS codes.
func Code(err error) string {
	switch {
	case err == nil:
		return ""
	case policy.Code(err) != "":
		return policy.Code(err)
	case errors.Is(err, ErrInvalidRequest):
		return "InvalidRequest"
	}
	return ""
}

// errorf builds an error that wraps a sentinel of package policy.
func errorf(sentinel error, format string, args ...any) error {
	return fmt.Errorf("%w: %s", sentinel, fmt.Sprintf(format, args...))
}
