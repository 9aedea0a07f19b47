package eval

import (
	"errors"
	"fmt"
	"strings"

	"github.com/rampolicy/ram/arn"
	"github.com/rampolicy/ram/policy"
)

// ErrInvalidRequest is wrapped by the error of a request whose own fields are invalid.
var ErrInvalidRequest = errors.New("eval: invalid request")

// Request limits. A request over a limit is invalid, and an invalid request is denied.
const (
	MaxActionLength   = 256  // bytes in Action
	MaxResourceLength = 2048 // bytes in Resource
	MaxContextKeys    = 64   // keys in Context
	MaxContextValues  = 1000 // values under one key
	MaxValueLength    = 2048 // bytes in one context value
)

// Request is one call to decide: who (Principal), what (Action, as service:Name) on
// which resource (an ARN, or "*" for actions without resource granularity), and the
// condition keys of the call.
type Request struct {
	// Principal is the caller: an account root, a user, or a role session (a role ARN
	// stands for a session of that role). The zero ARN is an anonymous caller: it has no
	// account, so the cross-account rule does not apply, and no acs:PrincipalARN.
	Principal arn.ARN
	Action    string
	Resource  string
	Context   Context
}

// Validate reports whether the request's fields are well formed; the error wraps
// ErrInvalidRequest and names the field.
func (r *Request) Validate() error {
	bad := func(format string, args ...any) error {
		return fmt.Errorf("%w: %s", ErrInvalidRequest, fmt.Sprintf(format, args...))
	}
	if r.Principal.IsValid() && !r.Principal.IsPrincipal() {
		return bad("principal %q is not an account root, user, role or role session", r.Principal)
	}
	if len(r.Action) > MaxActionLength {
		return bad("action is %d bytes; at most %d", len(r.Action), MaxActionLength)
	}
	if r.Action == "*" || strings.ContainsAny(r.Action, "*?") {
		return bad("action %q holds a wildcard; a request names one action", r.Action)
	}
	if msg := policy.ActionFormatProblem(r.Action); msg != "" {
		return bad("action %q: %s", r.Action, msg)
	}
	if r.Resource == "" {
		return bad("resource is empty")
	}
	if len(r.Resource) > MaxResourceLength {
		return bad("resource is %d bytes; at most %d", len(r.Resource), MaxResourceLength)
	}
	if n := r.Context.Len(); n > MaxContextKeys {
		return bad("context has %d keys; at most %d", n, MaxContextKeys)
	}
	for _, e := range r.Context.entries {
		if msg := policy.KeyFormatProblem(e.name); msg != "" {
			return bad("context key %q: %s", e.name, msg)
		}
		if len(e.values) > MaxContextValues {
			return bad("context key %q has %d values; at most %d", e.name, len(e.values), MaxContextValues)
		}
		for _, v := range e.values {
			if len(v) > MaxValueLength {
				return bad("a value of context key %q is %d bytes; at most %d", e.name, len(v), MaxValueLength)
			}
		}
	}
	return nil
}

// resourceAccount returns the account field of a resource written as an ARN, or "" for
// an empty or '*' account and for resources that are not ARNs.
func resourceAccount(res string) string {
	if !strings.HasPrefix(res, "acs:") {
		return ""
	}
	rest := res
	for i := 0; i < 3; i++ {
		j := strings.IndexByte(rest, ':')
		if j < 0 {
			return ""
		}
		rest = rest[j+1:]
	}
	acct, _, ok := strings.Cut(rest, ":")
	if !ok || acct == "*" {
		return ""
	}
	return acct
}

// isAssumeRole reports whether the action is sts:AssumeRole in any letter case.
func isAssumeRole(action string) bool { return strings.EqualFold(action, "sts:AssumeRole") }
