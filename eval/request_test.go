package eval_test

import (
	"testing"

	"github.com/rampolicy/ram/arn"
	"github.com/rampolicy/ram/eval"
	"github.com/rampolicy/ram/policy"
	"github.com/stretchr/testify/assert"
)

// TestRequestActionMustBeASCII: patterns fold ASCII letters only, so a Deny on cr:ü* does
// not cover cr:Übersicht. RAM's action names are ASCII; a request naming another is
// invalid, whatever the policies say, rather than left to a Deny that cannot match it.
func TestRequestActionMustBeASCII(t *testing.T) {
	t.Parallel()
	set := mustSet(t, policy.IdentityPolicy, `{"Version":"1","Statement":[
		{"Effect":"Allow","Action":"cr:*","Resource":"*"},
		{"Effect":"Deny","Action":"cr:ü*","Resource":"*"}]}`)
	ev := eval.NewEvaluator(eval.Config{IdentityPolicies: set})
	for _, action := range []string{"cr:Übersicht", "cr:übersicht", "cr:Get\u212Aey", "çr:Get", "cr:Get\u00a0X", "cr:Get\xff"} {
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
	}
	req := &eval.Request{Principal: arn.MustParse("acs:ram::1111:user/alice"), Action: "CR:GETREPOSITORY",
		Resource: "acs:cr:cn-hangzhou:1111:repository/a/b"}
	assert.Equal(t, eval.Allow, ev.Evaluate(req, nil).Decision, "ASCII letter case still folds")
}
