package analyze

import "errors"

// Errors. Every error of this package wraps one of them; none of them is ever a PASS.
var (
	// ErrLimit: the question could not be decided within the Options' bounds.
	ErrLimit = errors.New("analysis limit exceeded")
	// ErrUndecided: the input holds a corner the analysis does not decide exactly
	// (see the package documentation for the list).
	ErrUndecided = errors.New("cannot decide")
	// ErrInput: the policy sets or the query are invalid (kinds differ, a policy does not
	// compile, a pattern is malformed...).
	ErrInput = errors.New("invalid input")
	// ErrUnconfirmed: a witness the analysis found was not confirmed by the evaluator.
	// It means the analysis and package eval disagree: a bug, never a PASS.
	ErrUnconfirmed = errors.New("witness not confirmed by the evaluator")
)
