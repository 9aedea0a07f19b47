package policy_test

import (
	"testing"

	"github.com/rampolicy/ram/policy"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Clone copies everything, Kind included, and shares nothing.
func TestClone(t *testing.T) {
	t.Parallel()
	d, err := policy.Parse([]byte(`{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole",
	  "Principal":{"RAM":"acs:ram::1:root"},"Condition":{"StringEquals":{"sts:ExternalId":"x"}}}]}`), policy.TrustPolicy)
	require.NoError(t, err)
	c := d.Clone()
	assert.Equal(t, d, c)
	require.NoError(t, c.Validate())
	c.Statements[0].Actions[0] = "changed"
	c.Statements[0].Principal.RAM[0] = "changed"
	c.Statements[0].Conditions[0].Values[0] = "changed"
	assert.Equal(t, "sts:AssumeRole", d.Statements[0].Actions[0])
	assert.Equal(t, "acs:ram::1:root", d.Statements[0].Principal.RAM[0])
	assert.Equal(t, "x", d.Statements[0].Conditions[0].Values[0])
	assert.Nil(t, d.Statements[0].Resources, "no Resource element stays nil")
	assert.Nil(t, c.Statements[0].Resources)
	var none *policy.Document
	assert.Nil(t, none.Clone())
}
