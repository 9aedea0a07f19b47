package eval_test

import (
	"testing"

	"github.com/rampolicy/ram/arn"
	"github.com/rampolicy/ram/eval"
	"github.com/rampolicy/ram/policy"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestRequestActionMustBeASCII: semantics.md, Requests: "A request's action holding `*`
// or `?`, or any character outside ASCII, is InvalidRequest". Patterns fold ASCII letters
// only, so a Deny on cr:ü* does not cover cr:Übersicht (issue 10: a wrong Allow). RAM's
// action names are ASCII; a request naming another is invalid, whatever the policies say
// (the Allow here matches every one but çr:Get), rather than left to a Deny that cannot
// match it, and Request.Validate says so too.
func TestRequestActionMustBeASCII(t *testing.T) {
	t.Parallel()
	set := mustSet(t, policy.IdentityPolicy, `{"Version":"1","Statement":[
		{"Effect":"Allow","Action":["cr:*","oss:*"],"Resource":"*"},
		{"Effect":"Deny","Action":"cr:ü*","Resource":"*"}]}`)
	ev := eval.NewEvaluator(eval.Config{IdentityPolicies: set})
	for _, action := range []string{"cr:Übersicht", "cr:übersicht", "cr:Get\u212Aey", "çr:Get", "cr:Get\u00a0X", "cr:Get\xff", "oss:Gét", "oss:Get\xff"} {
		req := &eval.Request{Principal: arn.MustParse("acs:ram::1111:user/alice"), Action: action,
			Resource: "acs:cr:cn-hangzhou:1111:repository/a/b"}
		for entry, r := range map[string]eval.Result{
			"Evaluate": ev.Evaluate(req, nil), "Explain": ev.Explain(req, nil).Result, "PolicySet.Evaluate": set.Evaluate(req),
		} {
			assert.Equal(t, eval.ImplicitDeny, r.Decision, "%q: %s", action, entry)
			assert.Equal(t, eval.StageInvalid, r.Stage, "%q: %s", action, entry)
			assert.ErrorIs(t, r.Err, eval.ErrInvalidRequest, "%q: %s", action, entry)
			assert.ErrorContains(t, r.Err, "outside ASCII", "%q: %s", action, entry)
		}
		assert.ErrorIs(t, req.Validate(), eval.ErrInvalidRequest, "%q: Validate", action)
	}
	req := &eval.Request{Principal: arn.MustParse("acs:ram::1111:user/alice"), Action: "CR:GETREPOSITORY",
		Resource: "acs:cr:cn-hangzhou:1111:repository/a/b"}
	assert.Equal(t, eval.Allow, ev.Evaluate(req, nil).Decision, "ASCII letter case still folds")
}

// TestRootOnSystemPoliciesIsNotItsOwnAccount: semantics.md, Requests: "The root's
// own account: the resource's account field equals the root's, or is empty or `*`".
// "system" (Alibaba's system policies) is none of these: the root must not be allowed to
// delete or edit Alibaba's system policies without evaluation.
func TestRootOnSystemPoliciesIsNotItsOwnAccount(t *testing.T) {
	t.Parallel()
	ev := eval.NewEvaluator(eval.Config{})
	for _, action := range []string{"ram:DeletePolicy", "ram:CreatePolicyVersion"} {
		req := &eval.Request{
			Principal: arn.MustParse("acs:ram::1111111111111111:root"),
			Action:    action,
			Resource:  "acs:ram:*:system:policy/AliyunECSFullAccess",
		}
		r := ev.Evaluate(req, nil)
		require.NoError(t, r.Err)
		require.NotEqual(t, eval.Allow, r.Decision, "%s on a system policy by an account root: %v", action, r)
	}
}
