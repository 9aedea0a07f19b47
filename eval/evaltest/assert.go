package evaltest

import (
	"fmt"
	"sort"
	"strings"

	"github.com/stretchr/testify/assert"

	"github.com/rampolicy/ram/arn"
	"github.com/rampolicy/ram/eval"
	"github.com/rampolicy/ram/eval/world"
)

// Decider decides and explains requests: an *eval.Evaluator; a *world.Caller (a user,
// root or role session of a world, deciding with everything that applies to it); or a
// *world.World, for which the request's Principal names the caller.
type Decider interface {
	Evaluate(req *eval.Request, resource *eval.PolicySet) eval.Result
	Explain(req *eval.Request, resource *eval.PolicySet) eval.Explanation
}

// Allowed asserts that d allows req (resource is the resource-based policy, or nil).
// When by is given, it is the exact set of statements that must have allowed, each
// written POLICY#INDEX as explanations write them ("push#0"), order ignored. On failure
// it reports what was decided and the whole explanation through t, and returns false.
// It works with *testing.T and anything else testify's assertions take.
func Allowed(t assert.TestingT, d Decider, req *eval.Request, resource *eval.PolicySet, by ...string) bool {
	if h, ok := t.(interface{ Helper() }); ok {
		h.Helper()
	}
	return decides(t, d, req, resource, eval.Allow, by)
}

// ExplicitlyDenied asserts that d denies req by a Deny statement; by, when given, is the
// exact set of Deny statements that matched, as for Allowed.
func ExplicitlyDenied(t assert.TestingT, d Decider, req *eval.Request, resource *eval.PolicySet, by ...string) bool {
	if h, ok := t.(interface{ Helper() }); ok {
		h.Helper()
	}
	return decides(t, d, req, resource, eval.ExplicitDeny, by)
}

// ImplicitlyDenied asserts that d denies req because nothing allowed it. An invalid
// request (a Result with Err set) fails the assertion: it is denied, but not for the
// reason the test states.
func ImplicitlyDenied(t assert.TestingT, d Decider, req *eval.Request, resource *eval.PolicySet) bool {
	if h, ok := t.(interface{ Helper() }); ok {
		h.Helper()
	}
	return decides(t, d, req, resource, eval.ImplicitDeny, nil)
}

func decides(t assert.TestingT, d Decider, req *eval.Request, resource *eval.PolicySet, want eval.Decision, by []string) bool {
	if h, ok := t.(interface{ Helper() }); ok {
		h.Helper()
	}
	expected := want.String()
	if len(by) > 0 {
		expected += " by " + strings.Join(sortedStrings(by), ", ")
	}
	if isNil(d) || req == nil {
		return assert.Fail(t, fmt.Sprintf("expected %s; the decider or the request is nil", expected))
	}
	r := d.Evaluate(req, resource)
	got := refStrings(r.DecidedBy())
	ok := r.Err == nil && r.Decision == want
	if ok && len(by) > 0 {
		ok = strings.Join(got, ",") == strings.Join(sortedStrings(by), ",")
	}
	x := d.Explain(req, resource)
	if x.Result.Decision != r.Decision {
		// An explanation must agree with the decision it explains: say so, loudly.
		return assert.Fail(t, fmt.Sprintf("%s %s on %s: decided %s, but the explanation says %s\n%s",
			principal(d, req), req.Action, req.Resource, r.Decision, x.Result.Decision, x.String()))
	}
	if ok {
		return true
	}
	actual := r.Decision.String()
	if len(got) > 0 {
		actual += " by " + strings.Join(got, ", ")
	}
	if r.Err != nil {
		actual += " (invalid request: " + r.Err.Error() + ")"
	}
	return assert.Fail(t, fmt.Sprintf("%s %s on %s:\nexpected %s\nactual   %s\n%s",
		principal(d, req), req.Action, req.Resource, expected, actual, strings.TrimRight(x.String(), "\n")))
}

// isNil reports a nil Decider, typed nils of the known implementations included.
func isNil(d Decider) bool {
	switch v := d.(type) {
	case nil:
		return true
	case *eval.Evaluator:
		return v == nil
	case *world.Caller:
		return v == nil
	case *world.World:
		return v == nil
	}
	return false
}

// refStrings renders statements as POLICY#INDEX, sorted.
func refStrings(refs []eval.StatementRef) []string {
	out := make([]string, 0, len(refs))
	for _, r := range refs {
		out = append(out, fmt.Sprintf("%s#%d", r.Policy, r.Statement))
	}
	sort.Strings(out)
	return out
}

// principal names who asks: a world.Caller's own ARN or service (it is the principal
// whatever the request says), else the request's.
func principal(d Decider, req *eval.Request) string {
	if c, ok := d.(interface{ ARN() arn.ARN }); ok && c.ARN().IsValid() {
		return c.ARN().String()
	}
	if c, ok := d.(interface{ Service() arn.ServicePrincipal }); ok && c.Service().IsValid() {
		return c.Service().String() // a service acting for an account, UID@SERVICE
	}
	if req.Service.IsValid() {
		return req.Service.String()
	}
	if !req.Principal.IsValid() {
		return "(no principal)"
	}
	return req.Principal.String()
}
