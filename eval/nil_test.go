package eval_test

import (
	"errors"
	"testing"

	"github.com/rampolicy/ram/arn"
	"github.com/rampolicy/ram/eval"
	"github.com/rampolicy/ram/policy"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestNilArgumentsDenyWithAnError: a nil Evaluator, PolicySet or Request is never a
// panic: the decision is an ImplicitDeny at the invalid-request stage whose error wraps
// ErrInvalidRequest and says what was nil.
func TestNilArgumentsDenyWithAnError(t *testing.T) {
	t.Parallel()
	var nilEv *eval.Evaluator
	var nilSet *eval.PolicySet
	ev := eval.NewEvaluator(eval.Config{IdentityPolicies: mustSet(t, policy.IdentityPolicy,
		`{"Version":"1","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`)})
	set := ev.Config().IdentityPolicies
	req := &eval.Request{Action: "cr:GetRepository", Resource: "*"}
	for _, tc := range []struct {
		name string
		r    func() eval.Result
		nil  string
	}{
		{"Evaluate(nil, nil)", func() eval.Result { return ev.Evaluate(nil, nil) }, "nil *Request"},
		{"Explain(nil, nil)", func() eval.Result { return ev.Explain(nil, nil).Result }, "nil *Request"},
		{"nil Evaluator", func() eval.Result { return nilEv.Evaluate(req, nil) }, "nil *Evaluator"},
		{"nil Evaluator, nil request", func() eval.Result { return nilEv.Evaluate(nil, set) }, "nil *Evaluator"},
		{"nil Evaluator explains", func() eval.Result { return nilEv.Explain(req, nil).Result }, "nil *Evaluator"},
		{"nil PolicySet, nil request", func() eval.Result { return nilSet.Evaluate(nil) }, "nil *Request"},
		{"PolicySet, nil request", func() eval.Result { return set.Evaluate(nil) }, "nil *Request"},
	} {
		var r eval.Result
		require.NotPanics(t, func() { r = tc.r() }, tc.name)
		assert.Equal(t, eval.ImplicitDeny, r.Decision, tc.name)
		assert.Equal(t, eval.StageInvalid, r.Stage, tc.name)
		assert.True(t, errors.Is(r.Err, eval.ErrInvalidRequest), "%s: %v", tc.name, r.Err)
		assert.ErrorContains(t, r.Err, tc.nil, tc.name)
		assert.Equal(t, "InvalidRequest", eval.Code(r.Err), tc.name)
	}
	// The nil explanations name their stage, like every other.
	x := nilEv.Explain(nil, nil)
	require.NotEmpty(t, x.Stages)
	assert.Equal(t, eval.StageInvalid, x.Stages[0].Stage)

	assert.ErrorIs(t, (*eval.Request)(nil).Validate(), eval.ErrInvalidRequest)
	assert.Equal(t, eval.Config{}, nilEv.Config())
	assert.Nil(t, nilSet.Names())
	assert.Zero(t, nilSet.Len())
	// A nil set is an empty one, on a valid request.
	assert.Equal(t, eval.ImplicitDeny, nilSet.Evaluate(req).Decision)
	assert.NoError(t, nilSet.Evaluate(req).Err)
}

// TestResultMethodsOnValues: a Result's methods work on the value a call returns, and
// the statements it hands out are the caller's own.
func TestResultMethodsOnValues(t *testing.T) {
	t.Parallel()
	ev := eval.NewEvaluator(eval.Config{IdentityPolicies: mustSet(t, policy.IdentityPolicy,
		`{"Version":"1","Statement":[{"Sid":"all","Effect":"Allow","Action":"*","Resource":"*"}]}`)})
	req := &eval.Request{Principal: arn.MustParse("acs:ram::1111111111111111:user/alice"), Action: "cr:GetRepository", Resource: "*"}
	assert.True(t, ev.Evaluate(req, nil).Allowed())
	assert.Len(t, ev.Evaluate(req, nil).DecidedBy(), 1)
	assert.Equal(t, "Allow by a#0 (all) at 1:29", ev.Evaluate(req, nil).String())

	r := ev.Evaluate(req, nil)
	refs := r.DecidedBy()
	refs[0].Sid = "changed"
	assert.Equal(t, "all", r.DecidedBy()[0].Sid, "DecidedBy hands out a copy")
	assert.Nil(t, eval.Result{}.DecidedBy())
	assert.False(t, eval.Result{}.Allowed(), "the zero Result denies")
}
