package eval

import (
	"errors"

	"github.com/rampolicy/ram/policy"
)

// Code names the kind of an error as the decision-table format does: the policy
// package's codes (policy.Code), and InvalidRequest for this package's. It returns ""
// for nil and for errors of no known kind. Package world's Code adds the STS codes.
func Code(err error) string {
	if err == nil {
		return ""
	}
	if c := policy.Code(err); c != "" {
		return c
	}
	for _, k := range []struct {
		err  error
		code string
	}{
		{ErrInvalidRequest, "InvalidRequest"},
	} {
		if errors.Is(err, k.err) {
			return k.code
		}
	}
	return ""
}
