package world_test

import (
	"testing"

	"github.com/rampolicy/ram/arn"
	"github.com/rampolicy/ram/eval"
	"github.com/rampolicy/ram/eval/world"
	"github.com/rampolicy/ram/policy"
	"github.com/stretchr/testify/require"
)

// TestWhoCanDecidesUnderTheQueryContext: ReachQuery.Context is documented as "the
// request context of every hop (and of WhoCan's request)", and semantics.md says the
// query's context "also applies to the final request". A Deny conditioned on that
// context must keep the user out of WhoCan's answer.
func TestWhoCanDecidesUnderTheQueryContext(t *testing.T) {
	t.Parallel()
	pol := mustDoc(policy.IdentityPolicy, `{"Version":"1","Statement":[
		{"Effect":"Allow","Action":"cr:*","Resource":"*"},
		{"Effect":"Deny","Action":"cr:*","Resource":"*","Condition":{"IpAddress":{"acs:SourceIp":"10.0.0.0/8"}}}]}`)
	w, err := world.New([]world.Account{{ID: "1111111111111111",
		Users: []world.User{{Name: "u", Policies: []eval.Policy{{Name: "p", Doc: pol}}}}}})
	require.NoError(t, err)
	var ctx eval.Context
	ctx.Set("acs:SourceIp", "10.1.2.3")
	req := &eval.Request{Action: "cr:PullRepository", Resource: "acs:cr:cn-hangzhou:1111111111111111:repository/a/b"}
	found, err := w.WhoCan(req, world.ReachQuery{Context: ctx})
	require.NoError(t, err)
	u, _ := w.Caller(arn.MustParse("acs:ram::1111111111111111:user/u"))
	direct := u.Evaluate(&eval.Request{Action: req.Action, Resource: req.Resource, Context: ctx}, nil)
	require.Equal(t, eval.ExplicitDeny, direct.Decision)
	require.Empty(t, found, "the user's own request under the query's context is denied")
}

// TestWhoCanAssumeRoleIgnoresCallerExternalID: semantics.md: "sts:ExternalId and
// sts:SourceIdentity in a trust evaluation come only from the AssumeRole parameters ...
// keys that RAM derives are never taken from caller context", and reach/whoCan hops have
// "no ExternalId". WhoCan's own request, when it is sts:AssumeRole, is a trust
// evaluation too: an ExternalId in its context must not open a trust that requires one
// (the hops of the same query drop it, so the answers would disagree).
func TestWhoCanAssumeRoleIgnoresCallerExternalID(t *testing.T) {
	t.Parallel()
	assume := mustDoc(policy.IdentityPolicy, `{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"*"}]}`)
	trust := mustDoc(policy.TrustPolicy, `{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole",
		"Principal":{"RAM":"acs:ram::1111111111111111:root"},"Condition":{"StringEquals":{"sts:ExternalId":"secret"}}}]}`)
	w, err := world.New([]world.Account{{ID: "1111111111111111",
		Users: []world.User{{Name: "u", Policies: []eval.Policy{{Name: "assume", Doc: assume}}}},
		Roles: []world.Role{{Name: "r", Trust: eval.Policy{Name: "trust", Doc: trust}}}}})
	require.NoError(t, err)
	var ctx eval.Context
	ctx.Set("sts:ExternalId", "secret")
	req := &eval.Request{Action: "sts:AssumeRole", Resource: "acs:ram::1111111111111111:role/r"}
	found, err := w.WhoCan(req, world.ReachQuery{Context: ctx})
	require.NoError(t, err)
	u, _ := w.Caller(arn.MustParse("acs:ram::1111111111111111:user/u"))
	hop := w.AssumeRole(u, world.AssumeRoleInput{RoleARN: req.Resource, SessionName: "s1", Context: ctx})
	require.NotEqual(t, eval.Allow, hop.Result.Decision, "AssumeRole drops the caller's ExternalId")
	require.Empty(t, found, "WhoCan says the user can, AssumeRole with the same context says it cannot")
}
