package policy_test

import (
	"testing"

	"github.com/rampolicy/ram/policy"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestParsedListsDoNotShareRoom: Parse carves a document's value lists from shared
// chunks, each capped at its length; appending to one list of a parsed Document must
// not change another, and a document parsed later (into pooled reader memory) must not
// change an earlier one.
func TestParsedListsDoNotShareRoom(t *testing.T) {
	t.Parallel()
	src := `{"Version":"1","Statement":[
	  {"Effect":"Allow","Action":"cr:Get*","Resource":["acs:cr:*:1:repository/a/*","acs:cr:*:1:repository/b/*"]},
	  {"Effect":"Deny","Action":["cr:Delete*"],"Resource":"*","Condition":{"StringEquals":{"acs:SourceVpc":["vpc-1","vpc-2"]}}}]}`
	doc, err := policy.Parse([]byte(src), policy.IdentityPolicy)
	require.NoError(t, err)
	want := doc.Clone()
	s0 := &doc.Statements[0]
	_ = append(s0.Actions, "cr:Put*")
	_ = append(s0.Resources, "acs:cr:*:1:repository/c/*")
	_ = append(doc.Statements[1].Actions, "x:y")
	for range 20 {
		_, err := policy.Parse([]byte(`{"Version":"1","Statement":[{"Effect":"Deny","Action":["ecs:A","ecs:B"],"Resource":"acs:ecs:*:2:instance/i"}]}`), policy.IdentityPolicy)
		require.NoError(t, err)
	}
	assert.Equal(t, want, doc)
}
