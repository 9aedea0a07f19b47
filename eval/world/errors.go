package world

import (
	"errors"

	"github.com/rampolicy/ram/eval"
)

// ErrWorld is wrapped by every error New and the loaders return.
var ErrWorld = errors.New("invalid world")

// ErrUnknownPrincipal is wrapped (together with eval.ErrInvalidRequest) when a request's
// principal is not in the world.
var ErrUnknownPrincipal = errors.New("principal not in the world")

// ErrReach is wrapped by errors of Reach and WhoCan queries.
var ErrReach = errors.New("invalid reach query")

// ErrInvalidProvider is wrapped when a federated call names a provider ARN of the wrong
// form or kind.
var ErrInvalidProvider = errors.New("invalid identity provider")

// Sentinel errors of AssumeRole's parameter checks, one per kind, in the order the
// checks run. Session-policy errors are the policy package's (a policy.ErrorList).
var (
	ErrRootCannotAssumeRole   = errors.New("an account root cannot assume a role")
	ErrInvalidRoleARN         = errors.New("invalid RoleArn")
	ErrRoleNotFound           = errors.New("role not found")
	ErrInvalidRoleSessionName = errors.New("invalid RoleSessionName")
	ErrInvalidDurationSeconds = errors.New("invalid DurationSeconds")
	ErrInvalidExternalID      = errors.New("invalid ExternalId")
	ErrInvalidSourceIdentity  = errors.New("invalid SourceIdentity")
)

// Code names the kind of an error as the decision-table format does: eval.Code's codes
// (the policy package's and InvalidRequest), and RootCannotAssumeRole, InvalidRoleArn,
// RoleNotFound, InvalidRoleSessionName, InvalidDurationSeconds, InvalidExternalId,
// InvalidSourceIdentity and InvalidProvider for this package's. It returns "" for nil and
// for errors of no known kind.
func Code(err error) string {
	if err == nil {
		return ""
	}
	for _, k := range []struct {
		err  error
		code string
	}{
		{ErrRootCannotAssumeRole, "RootCannotAssumeRole"},
		{ErrInvalidRoleARN, "InvalidRoleArn"},
		{ErrRoleNotFound, "RoleNotFound"},
		{ErrInvalidRoleSessionName, "InvalidRoleSessionName"},
		{ErrInvalidDurationSeconds, "InvalidDurationSeconds"},
		{ErrInvalidExternalID, "InvalidExternalId"},
		{ErrInvalidSourceIdentity, "InvalidSourceIdentity"},
		{ErrInvalidProvider, "InvalidProvider"},
	} {
		if errors.Is(err, k.err) {
			return k.code
		}
	}
	return eval.Code(err)
}
