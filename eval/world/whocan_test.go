package world_test

import (
	"testing"

	"github.com/rampolicy/ram/arn"
	"github.com/rampolicy/ram/eval"
	"github.com/rampolicy/ram/eval/world"
	"github.com/rampolicy/ram/policy"
	"github.com/stretchr/testify/require"
)

// whoCanQuery is a WhoCan query on a one-account world with a user "u", and its answer.
type whoCanQuery struct {
	world *world.World
	user  *world.Caller // the user u
	ctx   eval.Context  // the query's context
	found []world.Reached
}

// whoCanOfUser builds a world of acct, which has a user "u", and asks WhoCan for req
// under a query context of one key.
func whoCanOfUser(t *testing.T, acct world.Account, req *eval.Request, key, value string) whoCanQuery {
	t.Helper()
	w, err := world.New([]world.Account{acct})
	require.NoError(t, err)
	q := whoCanQuery{world: w}
	q.ctx.Set(key, value)
	q.found, err = w.WhoCan(req, world.ReachQuery{Context: q.ctx})
	require.NoError(t, err)
	q.user, err = w.Caller(arn.MustParse("acs:ram::" + acct.ID + ":user/u"))
	require.NoError(t, err)
	return q
}

// TestWhoCanDecidesUnderTheQueryContext: ReachQuery.Context is documented as "the
// request context of every hop (and of WhoCan's request)", and semantics.md says the
// query's context "also applies to the final request". A Deny conditioned on that
// context must keep the user out of WhoCan's answer.
func TestWhoCanDecidesUnderTheQueryContext(t *testing.T) {
	t.Parallel()
	pol := mustDoc(policy.IdentityPolicy, `{"Version":"1","Statement":[
		{"Effect":"Allow","Action":"cr:*","Resource":"*"},
		{"Effect":"Deny","Action":"cr:*","Resource":"*","Condition":{"IpAddress":{"acs:SourceIp":"10.0.0.0/8"}}}]}`)
	req := &eval.Request{Action: "cr:PullRepository", Resource: "acs:cr:cn-hangzhou:1111111111111111:repository/a/b"}
	q := whoCanOfUser(t, world.Account{ID: "1111111111111111",
		Users: []world.User{{Name: "u", Policies: []eval.Policy{{Name: "p", Doc: pol}}}}},
		req, "acs:SourceIp", "10.1.2.3")
	direct := q.user.Evaluate(&eval.Request{Action: req.Action, Resource: req.Resource, Context: q.ctx}, nil)
	require.Equal(t, eval.ExplicitDeny, direct.Decision)
	require.Empty(t, q.found, "the user's own request under the query's context is denied")
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
	req := &eval.Request{Action: "sts:AssumeRole", Resource: "acs:ram::1111111111111111:role/r"}
	q := whoCanOfUser(t, world.Account{ID: "1111111111111111",
		Users: []world.User{{Name: "u", Policies: []eval.Policy{{Name: "assume", Doc: assume}}}},
		Roles: []world.Role{{Name: "r", Trust: eval.Policy{Name: "trust", Doc: trust}}}},
		req, "sts:ExternalId", "secret")
	hop := q.world.AssumeRole(q.user, world.AssumeRoleInput{RoleARN: req.Resource, SessionName: "s1", Context: q.ctx})
	require.NotEqual(t, eval.Allow, hop.Result.Decision, "AssumeRole drops the caller's ExternalId")
	require.Empty(t, q.found, "WhoCan says the user can, AssumeRole with the same context says it cannot")
}
