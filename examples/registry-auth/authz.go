package main

import (
	"context"
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

	// AssumeRole checks the parameters and decides whether caller may
	// assume the role in in.RoleARN (the caller's identity policies and the
	// role's trust policy). On Allow, the result describes the new role
	// session; its Session is binding-owned state, stored with the temporary
	// credentials and handed back as Principal.Session on every later
	// Authorize call for that session. A *InputError means the input was
	// rejected before any decision (unknown role, malformed session policy,
	// duration out of range); it is shown to the client, so it must not
	// reveal policy contents. Any other error is internal.
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
	// "DevNamespaceWrite#0 (DevReadWrite)" (policy, statement index and Sid,
	// as eval.StatementRef.String renders them).
	DecidedBy []string
	// Err is set when the check could not be evaluated as asked (for
	// example a resource longer than RAM allows). The effect is then
	// ImplicitDeny; Err is for the audit log only, never for the client.
	Err error
}

// RequestContext holds the RAM condition keys of one request, keyed by their
// canonical names (acs:SourceIp, acs:SecureTransport, acs:CurrentTime).
type RequestContext map[string][]string

// AssumeRoleInput holds the parameters of an AssumeRole request as the
// client sent them; the Authorizer checks them.
type AssumeRoleInput struct {
	RoleARN     string
	SessionName string
	// DurationSeconds is the session's lifetime; 0 asks for the default.
	DurationSeconds int
	// ExternalID and SourceIdentity are optional ("" when absent).
	ExternalID     string
	SourceIdentity string
	// Policy is an optional session policy (a RAM policy document, JSON)
	// that further restricts the session; nil when absent.
	Policy []byte
}

// AssumeRoleResult is the outcome of an AssumeRole decision. Every field
// but Decision is set only when Decision.Effect is Allow.
type AssumeRoleResult struct {
	Decision Decision
	// Session is opaque, binding-owned state for the new role session.
	Session any
	// ARN is the session's ARN as the policy engine names it, the
	// principal of every later decision for the session.
	ARN string
	// Duration is the session's lifetime.
	Duration time.Duration
	// SourceIdentity is the SourceIdentity the session carries, if any.
	SourceIdentity string
}

// InputError is an AssumeRole request rejected before any decision: the
// STS endpoint answers Status with an STS-style Code (such as
// "InvalidParameter.RoleArn") and Message.
type InputError struct {
	Status  int
	Code    string
	Message string
}

// Error returns the code and message.
func (e *InputError) Error() string { return e.Code + ": " + e.Message }
