package eval

import (
	"errors"
	"fmt"
)

// ErrCompile is wrapped by every error Compile returns, together with the policy
// package's sentinel for the kind of problem where there is one.
var ErrCompile = errors.New("cannot compile policy")

// errorf builds an error that wraps a sentinel of package policy.
func errorf(sentinel error, format string, args ...any) error {
	return fmt.Errorf("%w: %s", sentinel, fmt.Sprintf(format, args...))
}
