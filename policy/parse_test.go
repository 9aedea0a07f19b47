package policy_test

import (
	"errors"
	"testing"

	"github.com/rampolicy/ram/policy"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseReportsEveryProblemWithPlace(t *testing.T) {
	t.Parallel()
	src := `{
  "Version": "2",
  "Statement": [
    {"effect": "Allow", "Action": "x", "NotAction": [], "Condition": {"a": {"b": 3}}},
    {"Effect": "allow", "Action": 5, "Resource": "arn:aws:s3:::b"}
  ]
}`
	_, err := policy.Parse([]byte(src), policy.IdentityPolicy)
	require.Error(t, err)
	var list policy.ErrorList
	require.True(t, errors.As(err, &list))
	var got []string
	for _, e := range list {
		got = append(got, e.Pointer+" "+policy.Code(e))
	}
	t.Log(err)
	assert.Equal(t, []string{
		"/Version InvalidVersion",
		"/Statement/0 InvalidEffect",
		"/Statement/0 ConflictingElements",
		"/Statement/0 MissingResource",
		"/Statement/0/effect InvalidPolicyElement",
		"/Statement/0/Action InvalidActionFormat",
		"/Statement/0/NotAction MissingAction",
		"/Statement/0/Condition/a InvalidConditionOperator",
		"/Statement/0/Condition/a/b DataTypeMismatch",
		"/Statement/1/Effect InvalidEffect",
		"/Statement/1/Action DataTypeMismatch",
		"/Statement/1/Resource InvalidARNPrefix",
	}, got)
	assert.ErrorIs(t, err, policy.ErrInvalidEffect)
	assert.Equal(t, 2, list[0].Line)
}

func TestRoundTrip(t *testing.T) {
	t.Parallel()
	src := `{"Version":"1","Statement":[{"Sid":"s","Effect":"Allow","Action":"cr:Get*","Resource":"*",
	  "Condition":{"IpAddress":{"acs:SourceIp":["10.0.0.0/8"]},"Bool":{"acs:SecureTransport":"true"}}}]}`
	d, err := policy.Parse([]byte(src), policy.IdentityPolicy)
	require.NoError(t, err)
	out := d.String()
	d2, err := policy.Parse([]byte(out), policy.IdentityPolicy)
	require.NoError(t, err)
	assert.Equal(t, out, d2.String())
	assert.Equal(t, `{"Version":"1","Statement":[{"Sid":"s","Effect":"Allow","Action":["cr:Get*"],"Resource":["*"],"Condition":{"Bool":{"acs:SecureTransport":["true"]},"IpAddress":{"acs:SourceIp":["10.0.0.0/8"]}}}]}`, out)
}

// A trailing comma, which people write often and JSON does not allow, is named at the
// comma's own line and column.
func TestTrailingCommaIsNamed(t *testing.T) {
	t.Parallel()
	src := "{\"Version\": \"1\", \"Statement\": [\n  {\"Effect\": \"Allow\", \"Action\": [\"cr:Get*\",], \"Resource\": \"*\"}\n]}"
	list := errorsOf(t, src, policy.IdentityPolicy)
	require.Len(t, list, 1)
	assert.Equal(t, "JSONSyntaxError", policy.Code(list[0]))
	assert.Equal(t, "2:43: trailing comma before ]", list[0].Error())
	list = errorsOf(t, `{"Version":"1","Statement":[{"Effect":"Allow","Action":"a:b","Resource":"*",}]}`, policy.IdentityPolicy)
	assert.Equal(t, "1:76: trailing comma before }", list[0].Error())
}
