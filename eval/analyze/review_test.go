package analyze_test

import (
	"testing"

	"github.com/rampolicy/ram/eval/analyze"
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
