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

// One account: user ci may do anything; role app trusts the account's root and may push
// and pull; role locked trusts nobody.
func oneAccount(t *testing.T) (*world.World, *world.Caller) {
	t.Helper()
	all := pol(t, "full", policy.IdentityPolicy, `{"Version":"1","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`)
	cr := pol(t, "cr", policy.IdentityPolicy, `{"Version":"1","Statement":[{"Effect":"Allow","Action":["cr:PushRepository","cr:PullRepository"],"Resource":"*"}]}`)
	trust := pol(t, "trust", policy.TrustPolicy, `{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"RAM":"acs:ram::1111111111111111:root"}}]}`)
	none := pol(t, "none", policy.TrustPolicy, `{"Version":"1","Statement":[{"Effect":"Deny","Action":"sts:AssumeRole","Principal":{"RAM":"*"}}]}`)
	w, err := world.New([]world.Account{{ID: "1111111111111111",
		Users: []world.User{{Name: "ci", Policies: []eval.Policy{all}}},
		Roles: []world.Role{{Name: "app", Trust: trust, Policies: []eval.Policy{cr}}, {Name: "locked", Trust: none}}}})
	require.NoError(t, err)
	ci, err := w.Caller(arn.MustParse("acs:ram::1111111111111111:user/ci"))
	require.NoError(t, err)
	return w, ci
}

// AssumeRole allocates the hop and the session it returns, and nothing else: the Hop,
// the session's Caller (and evaluator) in one block, and the session's ARN text. The
// request and its context stay on the stack. A denied call allocates its Hop alone.
func TestAssumeRoleAllocatesOnlyTheSession(t *testing.T) {
	w, ci := oneAccount(t)
	var ctx eval.Context
	ctx.Set("acs:SourceIp", "192.0.2.10")
	ctx.Set("acs:SecureTransport", "true")
	for _, tc := range []struct {
		name   string
		in     world.AssumeRoleInput
		allow  bool
		allocs float64
	}{
		{"allowed", world.AssumeRoleInput{RoleARN: "acs:ram::1111111111111111:role/app", SessionName: "s1"}, true, 2},
		{"allowed with a context", world.AssumeRoleInput{RoleARN: "acs:ram::1111111111111111:role/app", SessionName: "s1", Context: ctx}, true, 2},
		{"denied", world.AssumeRoleInput{RoleARN: "acs:ram::1111111111111111:role/locked", SessionName: "s1"}, false, 1},
	} {
		require.Equal(t, tc.allow, w.AssumeRole(ci, tc.in).Allowed(), tc.name)
		n := testing.AllocsPerRun(100, func() { w.AssumeRole(ci, tc.in) })
		assert.Equal(t, tc.allocs, n, tc.name)
	}
}

// The hops and sessions AssumeRole returns are values of their own: a copy of a Hop
// changed does not change it, a session narrowed by a session policy does not narrow the
// role or another session, and each call returns a new hop and session.
func TestAssumeRoleHopsAreIndependent(t *testing.T) {
	t.Parallel()
	w, ci := oneAccount(t)
	in := world.AssumeRoleInput{RoleARN: "acs:ram::1111111111111111:role/app", SessionName: "s1"}
	push := &eval.Request{Action: "cr:PushRepository", Resource: "acs:cr:cn-hangzhou:1111111111111111:repository/ns/web"}
	pull := &eval.Request{Action: "cr:PullRepository", Resource: push.Resource}

	plain := w.AssumeRole(ci, in)
	in.Policy = []byte(`{"Version":"1","Statement":[{"Effect":"Allow","Action":"cr:PullRepository","Resource":"*"}]}`)
	narrow := w.AssumeRole(ci, in)
	require.True(t, plain.Allowed())
	require.True(t, narrow.Allowed())
	assert.NotSame(t, plain, narrow)
	assert.NotSame(t, plain.Session, narrow.Session)
	assert.Equal(t, "acs:ram::1111111111111111:role/app/s1", narrow.Session.ARN().String())

	assert.Equal(t, eval.Allow, narrow.Session.Evaluate(pull, nil).Decision)
	assert.Equal(t, eval.ImplicitDeny, narrow.Session.Evaluate(push, nil).Decision, "the session policy narrows")
	assert.Equal(t, eval.Allow, plain.Session.Evaluate(push, nil).Decision, "another session is not narrowed")
	role, err := w.Caller(arn.MustParse("acs:ram::1111111111111111:role/app"))
	require.NoError(t, err)
	assert.Equal(t, eval.Allow, role.Evaluate(push, nil).Decision, "the role is not narrowed")

	cp := *plain
	cp.Result = eval.Result{Decision: eval.ExplicitDeny}
	cp.Session, cp.Err = nil, assert.AnError
	assert.True(t, plain.Allowed(), "changing a copy leaves the hop")
	assert.Equal(t, eval.Allow, plain.Explain().Result.Decision)
	assert.Equal(t, eval.Allow, cp.Explain().Result.Decision, "a copy explains the same decided request")
	assert.Equal(t, eval.Allow, plain.Session.Evaluate(push, nil).Decision)

	denied := w.AssumeRole(ci, world.AssumeRoleInput{RoleARN: "acs:ram::1111111111111111:role/locked", SessionName: "s1"})
	require.NoError(t, denied.Err)
	assert.Equal(t, denied.Result.Decision, denied.Explain().Result.Decision)
	assert.Nil(t, denied.Session)
	bad := w.AssumeRole(ci, world.AssumeRoleInput{RoleARN: "acs:ram::1111111111111111:role/app", SessionName: "x"})
	require.ErrorIs(t, bad.Err, world.ErrInvalidRoleSessionName)
	assert.Equal(t, bad.Result, bad.Explain().Result, "a parameter error explains nothing more")
}
