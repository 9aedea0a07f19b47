package policy_test

import (
	"testing"

	"github.com/rampolicy/ram/policy"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Both forms of a Service principal are accepted (Log Service's cross-account delivery
// writes UID@SERVICE), and written back as they are, which is their canonical form.
func TestServicePrincipalForms(t *testing.T) {
	t.Parallel()
	src := `{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole",
	  "Principal":{"Service":["1654218965343050@log.aliyuncs.com","log.aliyuncs.com"]}}]}`
	d, err := policy.Parse([]byte(src), policy.TrustPolicy)
	require.NoError(t, err)
	assert.Equal(t, []string{"1654218965343050@log.aliyuncs.com", "log.aliyuncs.com"}, d.Statements[0].Principal.Service)
	assert.Equal(t, `{"Version":"1","Statement":[{"Effect":"Allow","Action":["sts:AssumeRole"],"Principal":{"Service":["1654218965343050@log.aliyuncs.com","log.aliyuncs.com"]}}]}`, d.String())
}

// A rejected value gets a message about what it actually has wrong.
func TestPlainPrincipalMessages(t *testing.T) {
	t.Parallel()
	trust := func(principal string) string {
		return `{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":` + principal + `}]}`
	}
	for _, tc := range []struct{ doc, want string }{
		{trust(`{"Service":"ecs"}`), `/Statement/0/Principal/Service: invalid Service principal "ecs": "ecs" is one label`},
		{trust(`{"Service":"ECS.aliyuncs.com"}`), `service names are lower case: "ecs.aliyuncs.com"`},
		{trust(`{"Service":"123456789012****@log.aliyuncs.com"}`), "account ID must be digits; this one looks masked"},
		{trust(`{"RAM":"acs:ram::123456789012****:root"}`), `invalid RAM principal "acs:ram::123456789012****:root": account ID must be digits; this one looks masked`},
		{trust(`{"Federated":"acs:ram::123456789012****:saml-provider/idp"}`), "account ID must be digits; this one looks masked"},
	} {
		list := errorsOf(t, tc.doc, policy.TrustPolicy)
		require.Len(t, list, 1, tc.doc)
		assert.Equal(t, "InvalidPrincipal", policy.Code(list[0]))
		assert.Contains(t, list[0].Error(), tc.want)
		assert.NotContains(t, list[0].Error(), "wildcard")
	}
	// In a resource the stars of a masked ID are wildcards: accepted, and policy/lint warns.
	_, err := policy.Parse([]byte(`{"Version":"1","Statement":[{"Effect":"Allow","Action":"cr:*","Resource":"acs:cr:*:123456789012****:repository/*"}]}`), policy.IdentityPolicy)
	assert.NoError(t, err)
}
