package main

import (
	"context"
	"encoding/json"
	"time"
)

// Authorizer is the only seam between this example and the ram library
// (packages arn, policy and eval). Everything else in the example — HTTP,
// scopes, tokens, credentials, audit — is independent of the library.
//
// Implementations must be safe for concurrent use.
type Authorizer interface {
	// Authorize answers each check for principal p, in order: the returned
	// slice has exactly len(checks) elements. rc holds the request context
	// keys (acs:SourceIp, acs:SecureTransport, acs:CurrentTime). An error
	// means the question could not be answered at all (for example a
	// principal unknown to the authorizer); a denial is not an error.
	Authorize(ctx context.Context, p *Principal, checks []Check, rc RequestContext) ([]Decision, error)

	// AssumeRole decides whether caller may assume the role in in.RoleARN
	// (the caller's identity policies and the role's trust policy). On Allow,
	// the result's Session is binding-owned state for the new role session;
	// it is stored with the temporary credentials and handed back as
	// Principal.Session on every later Authorize call for that session.
	// An error means the input is invalid (unknown role, malformed session
	// policy); its message is shown to the client, so it must not reveal
	// policy contents.
	AssumeRole(ctx context.Context, caller *Principal, in AssumeRoleInput, rc RequestContext) (AssumeRoleResult, error)
}

// Check is one RAM question: may the principal perform Action (such as
// "cr:PullRepository") on Resource (an acs: ARN)?
type Check struct {
	Action   string
	Resource string
}

// Effect is the outcome of one check.
type Effect uint8

// Effects, mirroring eval.Decision: the zero value denies.
const (
	ImplicitDeny Effect = iota
	Allow
	ExplicitDeny
)

// String returns the effect's name as written in audit logs.
func (e Effect) String() string {
	switch e {
	case Allow:
		return "Allow"
	case ExplicitDeny:
		return "ExplicitDeny"
	default:
		return "ImplicitDeny"
	}
}

// Decision is the answer to one Check.
type Decision struct {
	Effect Effect
	// DecidedBy names the statements that decided, for the audit log, e.g.
	// "DevPush#0 (AllowDev) at 3:5" (policy, statement index, Sid, line and
	// column, as eval.StatementRef.String renders them).
	DecidedBy []string
}

// RequestContext holds the RAM condition keys of one request, keyed by their
// canonical names (acs:SourceIp, acs:SecureTransport, acs:CurrentTime).
type RequestContext map[string][]string

// AssumeRoleInput is an AssumeRole request after syntactic validation.
type AssumeRoleInput struct {
	RoleARN     string
	SessionName string
	Duration    time.Duration
	// Policy is an optional session policy (a RAM policy document, JSON)
	// that further restricts the session; nil when absent.
	Policy json.RawMessage
}

// AssumeRoleResult is the outcome of an AssumeRole decision.
type AssumeRoleResult struct {
	Decision Decision
	// Session is opaque, binding-owned state for the new role session; set
	// only when Decision.Effect is Allow.
	Session any
}
