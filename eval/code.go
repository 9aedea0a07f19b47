package eval

import (
	"errors"

	"github.com/rampolicy/ram/policy"
)

// Code names the kind of an error as the decision-table format does: the policy
// package's codes (policy.Code), and RootCannotAssumeRole, InvalidRoleArn, RoleNotFound,
// InvalidRoleSessionName, InvalidDurationSeconds, InvalidExternalId,
// InvalidSourceIdentity and InvalidRequest for this package's. It returns "" for nil and
// for errors of no known kind.
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
		{ErrRootCannotAssumeRole, "RootCannotAssumeRole"},
		{ErrInvalidRoleArn, "InvalidRoleArn"},
		{ErrRoleNotFound, "RoleNotFound"},
		{ErrInvalidRoleSessionName, "InvalidRoleSessionName"},
		{ErrInvalidDurationSeconds, "InvalidDurationSeconds"},
		{ErrInvalidExternalID, "InvalidExternalId"},
		{ErrInvalidSourceIdentity, "InvalidSourceIdentity"},
		{ErrInvalidProvider, "InvalidProvider"},
		{ErrInvalidRequest, "InvalidRequest"},
	} {
		if errors.Is(err, k.err) {
			return k.code
		}
	}
	return ""
}
