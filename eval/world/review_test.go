package world_test

import (
	"testing"

	"github.com/rampolicy/ram/arn"
	"github.com/rampolicy/ram/eval"
	"github.com/rampolicy/ram/eval/world"
	"github.com/rampolicy/ram/policy"
	"github.com/stretchr/testify/require"
)

// TestReviewWhoCanRequestUsesQueryContext: ReachQuery.Context is documented as "the
// request context of every hop (and of WhoCan's request)", and semantics.md says the
// query's context "also applies to the final request". A Deny conditioned on that
// context must keep the user out of WhoCan's answer.
func TestReviewWhoCanRequestUsesQueryContext(t *testing.T) {
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
