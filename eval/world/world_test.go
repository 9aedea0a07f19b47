package world_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/rampolicy/ram/arn"
	"github.com/rampolicy/ram/eval"
	"github.com/rampolicy/ram/eval/world"
	"github.com/rampolicy/ram/policy"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func pol(t testing.TB, name string, kind policy.Kind, text string) eval.Policy {
	t.Helper()
	d, err := policy.Parse([]byte(text), kind)
	require.NoError(t, err, name)
	return eval.Policy{Name: name, Doc: d}
}

func TestDirectoryRejects(t *testing.T) {
	t.Parallel()
	trust := pol(t, "trust", policy.TrustPolicy, `{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"RAM":"*"}}]}`)
	notTrust := eval.Policy{Name: "id", Doc: &policy.Document{Kind: policy.IdentityPolicy, Version: "1", Statements: []policy.Statement{{Effect: policy.EffectAllow, Actions: []string{"*"}, Resources: []string{"*"}}}}}
	p1 := pol(t, "p", policy.IdentityPolicy, `{"Version":"1","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`)
	p2 := pol(t, "p", policy.IdentityPolicy, `{"Version":"1","Statement":[{"Effect":"Deny","Action":"*","Resource":"*"}]}`)
	badPrincipal := eval.Policy{Name: "bad", Doc: &policy.Document{Kind: policy.TrustPolicy, Version: "1", Statements: []policy.Statement{{Effect: policy.EffectAllow,
		Actions: []string{"sts:AssumeRole"}, Principal: &policy.Principal{RAM: []string{"acs:ram::1:user/*"}}}}}}
	for name, tc := range map[string]struct {
		acct world.Account
		want string
	}{
		"account not digits":       {world.Account{ID: "12a"}, "not digits"},
		"names collide":            {world.Account{ID: "1", Users: []world.User{{Name: "Alice"}, {Name: "alice"}}}, "collide"},
		"unknown group":            {world.Account{ID: "1", Users: []world.User{{Name: "a", Groups: []string{"devs"}}}}, `unknown group "devs"`},
		"two policies of one name": {world.Account{ID: "1", Users: []world.User{{Name: "a", Policies: []eval.Policy{p1, p2}}}}, `two different policies named "p"`},
		"trust that is not trust":  {world.Account{ID: "1", Roles: []world.Role{{Name: "r", Trust: notTrust}}}, "not a trust policy"},
		"malformed principal":      {world.Account{ID: "1", Roles: []world.Role{{Name: "r", Trust: badPrincipal}}}, "invalid RAM principal"},
		"session too long":         {world.Account{ID: "1", Roles: []world.Role{{Name: "r", Trust: trust, MaxSessionDuration: 50000}}}, "outside 3600..43200"},
		"empty name":               {world.Account{ID: "1", Roles: []world.Role{{Name: "", Trust: trust}}}, "role name"},
	} {
		_, err := world.New([]world.Account{tc.acct})
		require.Error(t, err, name)
		assert.ErrorIs(t, err, world.ErrWorld, name)
		assert.Contains(t, err.Error(), tc.want, name)
	}
	_, err := world.New([]world.Account{{ID: "1"}, {ID: "1"}})
	assert.ErrorContains(t, err, "appears twice")
}

// chainWorld is three accounts: a user in A may assume role r1 in B, whose sessions may
// assume r2 in C, which may push; r2 also trusts r1's account root, and r3 (in C) trusts
// r2, forming longer paths, and r2 and r4 trust each other (a cycle).
func chainWorld(t testing.TB) *world.World {
	t.Helper()
	assumeAll := pol(t, "assume-all", policy.IdentityPolicy, `{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"*"}]}`)
	push := pol(t, "push", policy.IdentityPolicy, `{"Version":"1","Statement":[{"Effect":"Allow","Action":["sts:AssumeRole","cr:PushRepository"],"Resource":"*"}]}`)
	trust := func(name, principal string) eval.Policy {
		return pol(t, name, policy.TrustPolicy, `{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"RAM":"`+principal+`"}}]}`)
	}
	dir, err := world.New([]world.Account{
		{ID: "1111111111111111", Users: []world.User{{Name: "u", Policies: []eval.Policy{assumeAll}}, {Name: "nobody"}}},
		{ID: "2222222222222222", Roles: []world.Role{{Name: "r1", Trust: trust("t-r1", "acs:ram::1111111111111111:user/u"), Policies: []eval.Policy{assumeAll}}}},
		{ID: "3333333333333333", Roles: []world.Role{
			{Name: "r2", Trust: trust("t-r2", "acs:ram::2222222222222222:role/r1"), Policies: []eval.Policy{push}},
			{Name: "r3", Trust: trust("t-r3", "acs:ram::3333333333333333:role/r2"), Policies: []eval.Policy{assumeAll}},
			{Name: "r4", Trust: trust("t-r4", "acs:ram::3333333333333333:role/r3"), Policies: []eval.Policy{assumeAll}},
		}},
	})
	require.NoError(t, err)
	return dir
}

func TestReachShortestAndWalkable(t *testing.T) {
	t.Parallel()
	dir := chainWorld(t)
	from := arn.MustParse("acs:ram::1111111111111111:user/u")
	for to, hops := range map[string]int{"2222222222222222:role/r1": 1, "3333333333333333:role/r2": 2, "3333333333333333:role/r4": 4} {
		res, err := dir.Reach(from, arn.MustParse("acs:ram::"+to), world.ReachQuery{MaxHops: 5})
		require.NoError(t, err)
		require.True(t, res.Allowed(), to)
		assert.Len(t, res.Hops, hops, to)
		// A found path is walkable hop by hop with the same result.
		var inputs []world.AssumeRoleInput
		for _, h := range res.Hops {
			inputs = append(inputs, world.AssumeRoleInput{RoleARN: h.Role.String(), SessionName: "again"})
		}
		id, _ := dir.Caller(from)
		again := dir.Chain(id, inputs)
		assert.True(t, again.Allowed(), to)
		assert.Equal(t, res.Final.Role(), again.Final.Role())
	}
	res, err := dir.Reach(from, arn.MustParse("acs:ram::3333333333333333:role/r4"), world.ReachQuery{MaxHops: 3})
	require.NoError(t, err)
	assert.False(t, res.Allowed(), "maxHops cuts the 4-hop path")
	res, err = dir.Reach(arn.MustParse("acs:ram::1111111111111111:user/nobody"), arn.MustParse("acs:ram::2222222222222222:role/r1"), world.ReachQuery{MaxHops: 5})
	require.NoError(t, err)
	assert.False(t, res.Allowed())
	_, err = dir.Reach(from, arn.MustParse("acs:ram::9:role/none"), world.ReachQuery{})
	assert.ErrorIs(t, err, world.ErrRoleNotFound)
}

func TestWhoCanThroughChains(t *testing.T) {
	t.Parallel()
	dir := chainWorld(t)
	req := &eval.Request{Action: "cr:PushRepository", Resource: "acs:cr:cn-hangzhou:3333333333333333:repository/prod/web"}
	var got []string
	found, err := dir.WhoCan(req, world.ReachQuery{MaxHops: 5})
	require.NoError(t, err)
	for _, f := range found {
		got = append(got, fmt.Sprintf("%s %d", strings.TrimPrefix(f.Principal.String(), "acs:ram::"), len(f.Via)))
	}
	assert.Equal(t, []string{"1111111111111111:user/u 2", "2222222222222222:role/r1 1", "3333333333333333:role/r2 0"}, got)
	found, err = dir.WhoCan(req, world.ReachQuery{MaxHops: 0})
	require.NoError(t, err)
	assert.Len(t, found, 1, "maxHops 0: direct only")
}

// TestDenyOnAssumeRoleCutsEveryPath: a Deny on sts:AssumeRole in a caller's policies cuts
// every path through that caller.
func TestDenyOnAssumeRoleCutsEveryPath(t *testing.T) {
	t.Parallel()
	base := chainWorld(t)
	require.True(t, mustReach(t, base, "acs:ram::1111111111111111:user/u", "acs:ram::3333333333333333:role/r4"))
	denyAssume := pol(t, "deny-assume", policy.IdentityPolicy, `{"Version":"1","Statement":[{"Effect":"Deny","Action":"sts:AssumeRole","Resource":"*"}]}`)
	assumeAll := pol(t, "assume-all", policy.IdentityPolicy, `{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"*"}]}`)
	push := pol(t, "push", policy.IdentityPolicy, `{"Version":"1","Statement":[{"Effect":"Allow","Action":["sts:AssumeRole","cr:PushRepository"],"Resource":"*"}]}`)
	trust := func(name, principal string) eval.Policy {
		return pol(t, name, policy.TrustPolicy, `{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"RAM":"`+principal+`"}}]}`)
	}
	cut, err := world.New([]world.Account{
		{ID: "1111111111111111", Users: []world.User{{Name: "u", Policies: []eval.Policy{assumeAll}}}},
		{ID: "2222222222222222", Roles: []world.Role{{Name: "r1", Trust: trust("t-r1", "acs:ram::1111111111111111:user/u"), Policies: []eval.Policy{assumeAll}}}},
		{ID: "3333333333333333", Roles: []world.Role{
			{Name: "r2", Trust: trust("t-r2", "acs:ram::2222222222222222:role/r1"), Policies: []eval.Policy{push, denyAssume}},
			{Name: "r3", Trust: trust("t-r3", "acs:ram::3333333333333333:role/r2"), Policies: []eval.Policy{assumeAll}},
			{Name: "r4", Trust: trust("t-r4", "acs:ram::3333333333333333:role/r3"), Policies: []eval.Policy{assumeAll}},
		}},
	})
	require.NoError(t, err)
	assert.True(t, mustReach(t, cut, "acs:ram::1111111111111111:user/u", "acs:ram::3333333333333333:role/r2"))
	assert.False(t, mustReach(t, cut, "acs:ram::1111111111111111:user/u", "acs:ram::3333333333333333:role/r3"))
	assert.False(t, mustReach(t, cut, "acs:ram::1111111111111111:user/u", "acs:ram::3333333333333333:role/r4"))
}

func mustReach(t *testing.T, d *world.World, from, to string) bool {
	t.Helper()
	res, err := d.Reach(arn.MustParse(from), arn.MustParse(to), world.ReachQuery{MaxHops: 6})
	require.NoError(t, err)
	return res.Allowed()
}

func TestFederatedFirstHop(t *testing.T) {
	t.Parallel()
	trust := pol(t, "oidc-trust", policy.TrustPolicy, `{"Version":"1","Statement":[{"Action":"sts:AssumeRole","Effect":"Allow",
	  "Principal":{"Federated":["acs:ram::1111111111111111:oidc-provider/ack-rrsa-c1"]},
	  "Condition":{"StringEquals":{"oidc:aud":"sts.aliyuncs.com","oidc:iss":"https://oidc-ack.example/c1","oidc:sub":"system:serviceaccount:ns1:sa1"}}}]}`)
	saml := pol(t, "saml-trust", policy.TrustPolicy, `{"Version":"1","Statement":[{"Action":"sts:AssumeRole","Effect":"Allow",
	  "Principal":{"Federated":"acs:ram::1111111111111111:saml-provider/idp"},
	  "Condition":{"StringEquals":{"saml:recipient":"https://signin.alibabacloud.com/saml-role/sso"}}}]}`)
	dir, err := world.New([]world.Account{{ID: "1111111111111111",
		Users: []world.User{{Name: "alice", Policies: []eval.Policy{pol(t, "all", policy.IdentityPolicy, `{"Version":"1","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`)}}},
		Roles: []world.Role{{Name: "app", Trust: trust}, {Name: "sso", Trust: saml}}}})
	require.NoError(t, err)
	claims := func(sub string) eval.Context {
		return eval.NewContext(map[string][]string{"oidc:aud": {"sts.aliyuncs.com"}, "oidc:iss": {"https://oidc-ack.example/c1"}, "oidc:sub": {sub}})
	}
	in := world.FederatedInput{Provider: "acs:ram::1111111111111111:oidc-provider/ack-rrsa-c1", RoleARN: "acs:ram::1111111111111111:role/app", SessionName: "pod-1", Claims: claims("system:serviceaccount:ns1:sa1")}
	h := dir.AssumeRoleWithOIDC(in)
	require.NoError(t, h.Err)
	assert.True(t, h.Allowed(), "TV20 matching token")
	assert.Equal(t, "acs:ram::1111111111111111:role/app/pod-1", h.Session.ARN().String())
	in.Claims = claims("system:serviceaccount:ns1:sa2")
	assert.False(t, dir.AssumeRoleWithOIDC(in).Allowed(), "TV20 other service account")
	in.Claims = claims("system:serviceaccount:ns1:sa1")
	in.Provider = "acs:ram::1111111111111111:oidc-provider/other"
	assert.False(t, dir.AssumeRoleWithOIDC(in).Allowed(), "TV20 other provider")
	in.Provider = "acs:ram::1111111111111111:saml-provider/idp"
	assert.ErrorIs(t, dir.AssumeRoleWithOIDC(in).Err, world.ErrInvalidProvider, "a SAML provider is not an OIDC one")

	samlIn := world.FederatedInput{Provider: "acs:ram::1111111111111111:saml-provider/idp", RoleARN: "acs:ram::1111111111111111:role/sso", SessionName: "alice",
		Claims: eval.NewContext(map[string][]string{"saml:recipient": {"https://signin.alibabacloud.com/saml-role/sso"}})}
	assert.True(t, dir.AssumeRoleWithSAML(samlIn).Allowed(), "TV21 recipient equal")
	samlIn.Claims = eval.NewContext(map[string][]string{"saml:recipient": {"https://evil.example/sso"}})
	assert.False(t, dir.AssumeRoleWithSAML(samlIn).Allowed(), "TV21 recipient differs")

	// A RAM user never matches a Federated principal.
	alice, _ := dir.Caller(arn.MustParse("acs:ram::1111111111111111:user/alice"))
	assert.False(t, dir.AssumeRole(alice, world.AssumeRoleInput{RoleARN: "acs:ram::1111111111111111:role/app", SessionName: "x"}).Allowed())
}

func TestChainedSessionCap(t *testing.T) {
	t.Parallel()
	all := pol(t, "all", policy.IdentityPolicy, `{"Version":"1","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`)
	trust := pol(t, "t", policy.TrustPolicy, `{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"RAM":"acs:ram::1111111111111111:root"}}]}`)
	accts := []world.Account{{ID: "1111111111111111", Users: []world.User{{Name: "u", Policies: []eval.Policy{all}}},
		Roles: []world.Role{{Name: "a", Trust: trust, Policies: []eval.Policy{all}, MaxSessionDuration: 43200}, {Name: "b", Trust: trust, MaxSessionDuration: 43200}}}}
	hops := []world.AssumeRoleInput{{RoleARN: "acs:ram::1111111111111111:role/a", SessionName: "s1", DurationSeconds: 7200},
		{RoleARN: "acs:ram::1111111111111111:role/b", SessionName: "s2", DurationSeconds: 7200}}
	for _, capped := range []bool{false, true} {
		var opts []world.Option
		if capped {
			opts = append(opts, world.WithChainedSessionCap())
		}
		dir, err := world.New(accts, opts...)
		require.NoError(t, err)
		u, _ := dir.Caller(arn.MustParse("acs:ram::1111111111111111:user/u"))
		res := dir.Chain(u, hops)
		assert.Equal(t, !capped, res.Allowed())
		if capped {
			i, h := res.Failed()
			assert.Equal(t, 1, i)
			assert.ErrorIs(t, h.Err, world.ErrInvalidDurationSeconds)
		}
	}
}
