package policy_test

import (
	"testing"

	"github.com/rampolicy/ram/policy"
	"github.com/stretchr/testify/assert"
)

func reviewDoc() *policy.Document {
	return &policy.Document{Kind: policy.IdentityPolicy, Version: "1", Statements: []policy.Statement{
		{Effect: policy.EffectAllow, Actions: []string{"cr:GetRepository"}, Resources: []string{"*"}}}}
}

// TestReviewValidateRejectsInvalidUTF8: "every way into a Document applies the same
// rules" (document.go). No text Parse accepts holds invalid UTF-8 (JSONSyntaxError), and
// MarshalJSON writes such a value as U+FFFD, so the Document Validate passes to eval
// means something else than its own text. Validate must reject it as Parse would.
func TestReviewValidateRejectsInvalidUTF8(t *testing.T) {
	t.Parallel()
	for name, mut := range map[string]func(d *policy.Document){
		"Resource": func(d *policy.Document) { d.Statements[0].Resources = []string{"acs:cr:*:*:repository/\xff"} },
		"Action":   func(d *policy.Document) { d.Statements[0].Actions = []string{"cr:Get\xffRepository"} },
		"Condition value": func(d *policy.Document) {
			d.Statements[0].Conditions = []policy.Condition{{Operator: policy.Operator{Op: policy.StringEquals}, Key: "cr:Tag", Values: []string{"\xed\xa0\x80"}}}
		},
	} {
		d := reviewDoc()
		mut(d)
		assert.Error(t, d.Validate(), "%s with invalid UTF-8", name)
	}
}

// TestReviewValidateAgreesWithMarshal: a Document Validate accepts can be written as
// text (MarshalJSON); two conditions with one operator and key cannot (in JSON they are
// a duplicate key, which Parse rejects).
func TestReviewValidateAgreesWithMarshal(t *testing.T) {
	t.Parallel()
	d := reviewDoc()
	c := policy.Condition{Operator: policy.Operator{Op: policy.StringEquals}, Key: "cr:Tag", Values: []string{"x"}}
	d.Statements[0].Conditions = []policy.Condition{c, c}
	_, merr := d.MarshalJSON()
	verr := d.Validate()
	assert.Equal(t, merr == nil, verr == nil, "Validate %v, MarshalJSON %v", verr, merr)
}
