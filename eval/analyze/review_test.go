package analyze_test

import (
	"testing"

	"github.com/rampolicy/ram/eval"
	"github.com/rampolicy/ram/eval/analyze"
	"github.com/rampolicy/ram/eval/world"
	"github.com/rampolicy/ram/policy"
	"github.com/stretchr/testify/require"
)

// TestReviewRAMServiceCaseRewrite: eval matches acs:RAM:... resources ignoring case as it
// does acs:ram:... ones, so a Deny rewritten from acs:RAM: to acs:ram: changes nothing:
// the analysis must PASS (and never report a witness eval does not confirm).
func TestReviewRAMServiceCaseRewrite(t *testing.T) {
	t.Parallel()
	old := set(policy.IdentityPolicy, `{"Version":"1","Statement":[
		{"Effect":"Allow","Action":"ram:*","Resource":"*"},
		{"Effect":"Deny","Action":"ram:*","Resource":"acs:RAM::1:user/alice"}]}`)
	new := set(policy.IdentityPolicy, `{"Version":"1","Statement":[
		{"Effect":"Allow","Action":"ram:*","Resource":"*"},
		{"Effect":"Deny","Action":"ram:*","Resource":"acs:ram::1:user/alice"}]}`)
	res, err := analyze.NoNewAccess(old, new, nil)
	require.NoError(t, err)
	require.True(t, res.Pass, "%+v", res.Witnesses)
	res, err = analyze.NoNewAccess(new, old, nil)
	require.NoError(t, err)
	require.True(t, res.Pass, "%+v", res.Witnesses)
}

// TestReviewCompareWorldsSeesTrustOpenedToEveryone: a role's trust policy changed from one
// user of the world to RAM "*" (every account) or to a service: CompareWorlds reports
// nothing, and `ramsim diff -world` prints "PASS" and exits 0, though any RAM identity of
// any account (or ECS) can now assume the role: new access by any reading.
func TestReviewCompareWorldsSeesTrustOpenedToEveryone(t *testing.T) {
	t.Parallel()
	const acct = "1111111111111111"
	mk := func(principal string) []world.Account {
		trust, err := policy.Parse([]byte(`{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":`+principal+`}]}`), policy.TrustPolicy)
		require.NoError(t, err)
		admin, err := policy.Parse([]byte(`{"Version":"1","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`), policy.IdentityPolicy)
		require.NoError(t, err)
		return []world.Account{{ID: acct,
			Users: []world.User{{Name: "bob"}},
			Roles: []world.Role{{Name: "admin", Trust: eval.Policy{Name: "trust", Doc: trust}, Policies: []eval.Policy{{Name: "admin", Doc: admin}}}}}}
	}
	old := mk(`{"RAM":"acs:ram::` + acct + `:user/bob"}`)
	for _, p := range []string{`{"RAM":"*"}`, `{"RAM":["acs:ram::` + acct + `:user/bob","acs:ram::2222222222222222:root"]}`, `{"Service":"ecs.aliyuncs.com"}`} {
		d, err := analyze.CompareWorlds(old, mk(p), 2, nil)
		require.NoError(t, err)
		require.False(t, len(d.Principals) == 0 && len(d.NewPaths) == 0 && len(d.Trust) == 0, "trust opened to %s: nothing reported", p)
	}
}
