package eval_test

import (
	"testing"

	"github.com/rampolicy/ram/arn"
	"github.com/rampolicy/ram/eval"
	"github.com/rampolicy/ram/policy"
	"github.com/stretchr/testify/require"
)

func reviewSet(t *testing.T, kind policy.Kind, text string) *eval.PolicySet {
	t.Helper()
	doc, err := policy.Parse([]byte(text), kind)
	require.NoError(t, err)
	return eval.MustCompile(eval.Policy{Name: "p", Doc: doc})
}

// TestReviewRootOnSystemPoliciesIsNotItsOwnAccount: semantics.md, Requests: "The root's
// own account: the resource's account field equals the root's, or is empty or `*`".
// "system" (Alibaba's system policies) is none of these: the root must not be allowed to
// delete or edit Alibaba's system policies without evaluation.
func TestReviewRootOnSystemPoliciesIsNotItsOwnAccount(t *testing.T) {
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

// TestReviewNonASCIIActionIsInvalid: semantics.md, Requests: "A request's action holding
// `*` or `?`, or any character outside ASCII, is InvalidRequest" (issue 10: a Deny on
// cr:ü* does not cover cr:Übersicht, since actions fold ASCII only: a wrong Allow).
func TestReviewNonASCIIActionIsInvalid(t *testing.T) {
	t.Parallel()
	set := reviewSet(t, policy.IdentityPolicy, `{"Version":"1","Statement":[
		{"Effect":"Allow","Action":"*","Resource":"*"},
		{"Effect":"Deny","Action":"cr:ü*","Resource":"*"}]}`)
	ev := eval.NewEvaluator(eval.Config{IdentityPolicies: set})
	for _, action := range []string{"cr:Übersicht", "oss:Gét", "oss:Get\xff"} {
		req := &eval.Request{Principal: arn.MustParse("acs:ram::1111111111111111:user/u"), Action: action, Resource: "*"}
		require.NotEqual(t, eval.Allow, ev.Evaluate(req, nil).Decision, "%q", action)
		require.ErrorIs(t, req.Validate(), eval.ErrInvalidRequest, "%q", action)
	}
}
