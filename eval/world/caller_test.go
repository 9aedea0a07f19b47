package world_test

import (
	"testing"

	"github.com/rampolicy/ram/arn"
	"github.com/rampolicy/ram/eval"
	"github.com/rampolicy/ram/eval/world"
	"github.com/rampolicy/ram/policy"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func twoAccounts(t *testing.T) *world.World {
	all := pol(t, "full", policy.IdentityPolicy, `{"Version":"1","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`)
	trust := pol(t, "trust-ext", policy.TrustPolicy, `{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole",
	  "Principal":{"RAM":"acs:ram::2222222222222222:root"},"Condition":{"StringEquals":{"sts:ExternalId":"secret-1"}}}]}`)
	w, err := world.New([]world.Account{
		{ID: "1111111111111111", Roles: []world.Role{{Name: "deployer", Trust: trust, Policies: []eval.Policy{all}}}},
		{ID: "2222222222222222", Users: []world.User{{Name: "ci", Policies: []eval.Policy{all}}}},
	})
	require.NoError(t, err)
	return w
}

// The explanation of a caller's request is the decision: a cross-account request that
// the caller's own policies allow is still denied, and the explanation says so.
func TestCallerExplainAgreesCrossAccount(t *testing.T) {
	t.Parallel()
	w := twoAccounts(t)
	ci, err := w.Caller(arn.MustParse("acs:ram::2222222222222222:user/ci"))
	require.NoError(t, err)
	req := &eval.Request{Action: "cr:PullRepository", Resource: "acs:cr:cn-hangzhou:1111111111111111:repository/prod/web"}
	r := ci.Evaluate(req, nil)
	x := ci.Explain(req, nil)
	assert.Equal(t, eval.ImplicitDeny, r.Decision)
	assert.Equal(t, r.Decision, x.Result.Decision)
	assert.Equal(t, r.Decision, w.Explain(&eval.Request{Principal: ci.ARN(), Action: req.Action, Resource: req.Resource}, nil).Result.Decision)
}

// sts:ExternalId and sts:SourceIdentity in a call's context never reach the trust
// policy: only the parameters do.
func TestDerivedKeysComeOnlyFromParameters(t *testing.T) {
	t.Parallel()
	w := twoAccounts(t)
	ci, _ := w.Caller(arn.MustParse("acs:ram::2222222222222222:user/ci"))
	in := world.AssumeRoleInput{RoleARN: "acs:ram::1111111111111111:role/deployer", SessionName: "s1",
		Context: eval.NewContext(map[string][]string{"STS:ExternalID": {"secret-1"}})}
	h := w.AssumeRole(ci, in)
	require.NoError(t, h.Err)
	assert.False(t, h.Allowed(), "an ExternalId smuggled in the context is not the parameter")
	in.ExternalID = "secret-1"
	assert.True(t, w.AssumeRole(ci, in).Allowed())
	v, _ := in.Context.Get("sts:externalid")
	assert.Equal(t, []string{"secret-1"}, v, "the caller's context is not changed")

	to := arn.MustParse("acs:ram::1111111111111111:role/deployer")
	res, err := w.Reach(ci.ARN(), to, world.ReachQuery{MaxHops: 2, Context: in.Context})
	require.NoError(t, err)
	assert.False(t, res.Allowed(), "a reach query's context cannot supply the ExternalId")
}

// Nil arguments get errors or denials, never panics.
func TestNilArguments(t *testing.T) {
	t.Parallel()
	w := twoAccounts(t)
	var nilWorld *world.World
	_, err := nilWorld.Caller(arn.MustParse("acs:ram::2222222222222222:user/ci"))
	assert.ErrorIs(t, err, eval.ErrInvalidRequest)
	h := w.AssumeRole(nil, world.AssumeRoleInput{RoleARN: "acs:ram::1111111111111111:role/deployer", SessionName: "s1"})
	assert.ErrorIs(t, h.Err, eval.ErrInvalidRequest)
	assert.False(t, h.Allowed())
	assert.Equal(t, eval.ImplicitDeny, w.Evaluate(nil, nil).Decision)
	var c *world.Caller
	assert.Equal(t, eval.ImplicitDeny, c.Evaluate(&eval.Request{Action: "a:b", Resource: "*"}, nil).Decision)
	_, err = w.WhoCan(nil, world.ReachQuery{})
	assert.ErrorIs(t, err, world.ErrReach)
}

// Accounts gives back what New was given, and a change to the copy changes nothing.
func TestAccountsIsACopy(t *testing.T) {
	t.Parallel()
	w := twoAccounts(t)
	got := w.Accounts()
	require.Len(t, got, 2)
	assert.Equal(t, "1111111111111111", got[0].ID)
	assert.Equal(t, "deployer", got[0].Roles[0].Name)
	got[0].Roles[0].Name = "changed"
	got[1].Users[0].Policies = nil
	again := w.Accounts()
	assert.Equal(t, "deployer", again[0].Roles[0].Name)
	assert.Len(t, again[1].Users[0].Policies, 1)
	var none *world.World
	assert.Nil(t, none.Accounts())
}
