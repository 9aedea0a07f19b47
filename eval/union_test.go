package eval_test

import (
	"testing"

	"github.com/rampolicy/ram/eval"
	"github.com/rampolicy/ram/policy"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestUnion(t *testing.T) {
	t.Parallel()
	allow := pol(t, "p", policy.IdentityPolicy, `{"Version":"1","Statement":[{"Effect":"Allow","Action":"cr:*","Resource":"*"}]}`)
	deny := pol(t, "q", policy.IdentityPolicy, `{"Version":"1","Statement":[{"Effect":"Deny","Action":"cr:PushRepository","Resource":"*"}]}`)
	a := eval.MustCompile(allow)
	b := eval.MustCompile(allow, deny)
	u, err := eval.Union(a, b, nil)
	require.NoError(t, err)
	assert.Equal(t, []string{"p", "q"}, u.Names(), "the same policy from two sets is kept once")
	assert.Equal(t, 2, u.Len())
	r := u.Evaluate(&eval.Request{Action: "cr:PushRepository", Resource: "*"})
	assert.Equal(t, eval.ExplicitDeny, r.Decision)

	other := pol(t, "p", policy.IdentityPolicy, `{"Version":"1","Statement":[{"Effect":"Allow","Action":"ecs:*","Resource":"*"}]}`)
	_, err = eval.Union(a, eval.MustCompile(other))
	assert.ErrorIs(t, err, eval.ErrCompile, "two different policies of one name")
}

// TestUnionRefusesADocumentEditedBetweenCompiles: the same Document compiled before and
// after an edit gives two different policies of one name. Telling them apart by the
// Document's address alone kept the first and dropped the other's Deny.
func TestUnionRefusesADocumentEditedBetweenCompiles(t *testing.T) {
	t.Parallel()
	p := pol(t, "p", policy.IdentityPolicy, `{"Version":"1","Statement":[{"Effect":"Allow","Action":"cr:*","Resource":"*"}]}`)
	before := eval.MustCompile(p)
	p.Doc.Statements[0].Effect = policy.EffectDeny
	after := eval.MustCompile(p)
	require.Equal(t, eval.ExplicitDeny, after.Evaluate(&eval.Request{Action: "cr:PushRepository", Resource: "*"}).Decision)
	for _, order := range [][2]*eval.PolicySet{{before, after}, {after, before}} {
		u, err := eval.Union(order[0], order[1])
		assert.ErrorIs(t, err, eval.ErrCompile, "two different policies of one name")
		assert.Nil(t, u)
	}
	again, err := eval.Union(after, eval.MustCompile(p))
	require.NoError(t, err, "the same text compiled twice is one policy")
	assert.Equal(t, 1, again.Len())
}
