package eval_test

import (
	"testing"

	"github.com/rampolicy/ram/arn"
	"github.com/rampolicy/ram/eval"
	"github.com/rampolicy/ram/policy"
	"github.com/stretchr/testify/assert"
)

// TestEvaluatorDecidesIdentityPolicies: a registry user's identity policies, end to end:
// an Allow list allows; a Deny on a resource outranks it and names its statement by
// position; an Allow under a condition holds with the key written in another case and
// not for an address outside it; and nothing is allowed in another account without a
// resource policy.
func TestEvaluatorDecidesIdentityPolicies(t *testing.T) {
	id := mustSet(t, policy.IdentityPolicy,
		`{"Version":"1","Statement":[{"Effect":"Allow","Action":["cr:Get*","cr:List*","cr:PullRepository"],"Resource":"*"}]}`,
		`{"Version":"1","Statement":[{"Effect":"Deny","Action":"cr:PushRepository","Resource":"acs:cr:*:*:repository/prod/*"},
		  {"Effect":"Allow","Action":"cr:PushRepository","Resource":"acs:cr:*:*:repository/dev/*","Condition":{"IpAddress":{"acs:SourceIp":"10.0.0.0/8"}}}]}`)
	ev := eval.NewEvaluator(eval.Config{IdentityPolicies: id})
	p := arn.MustParse("acs:ram::1111111111111111:user/alice")
	req := func(action, res string, ctx map[string][]string) *eval.Request {
		return &eval.Request{Principal: p, Action: action, Resource: res, Context: eval.NewContext(ctx)}
	}
	r := ev.Evaluate(req("cr:PullRepository", "acs:cr:cn-hangzhou:1111111111111111:repository/dev/app", nil), nil)
	assert.Equal(t, eval.Allow, r.Decision, r.String())
	r = ev.Evaluate(req("cr:PushRepository", "acs:cr:cn-hangzhou:1111111111111111:repository/prod/app", nil), nil)
	assert.Equal(t, eval.ExplicitDeny, r.Decision, r.String())
	assert.Equal(t, "b#0 at 1:29", r.DecidedBy()[0].String())
	r = ev.Evaluate(req("cr:PushRepository", "acs:cr:cn-hangzhou:1111111111111111:repository/dev/app", map[string][]string{"ACS:SourceIP": {"10.1.1.1"}}), nil)
	assert.Equal(t, eval.Allow, r.Decision, r.String())
	r = ev.Evaluate(req("cr:PushRepository", "acs:cr:cn-hangzhou:1111111111111111:repository/dev/app", map[string][]string{"acs:SourceIp": {"11.1.1.1"}}), nil)
	assert.Equal(t, eval.ImplicitDeny, r.Decision, r.String())
	x := ev.Explain(req("cr:PushRepository", "acs:cr:cn-hangzhou:1111111111111111:repository/dev/app", nil), nil)
	t.Log(x)
	r = ev.Evaluate(req("cr:PullRepository", "acs:cr:cn-hangzhou:2222222222222222:repository/dev/app", nil), nil)
	assert.Equal(t, eval.ImplicitDeny, r.Decision, "cross-account without resource policy")
}
