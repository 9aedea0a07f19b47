package policy_test

import (
	"errors"
	"testing"

	"github.com/rampolicy/ram/policy"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Errors about misspelt element names, principal kinds and condition operators say what
// was probably meant; names far from every valid one get no guess.
func TestParseErrorsSuggest(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		kind policy.Kind
		doc  string
		want string
	}{
		{policy.IdentityPolicy, `{"Version":"1","Statement":[{"Efect":"Allow","Action":"*","Resource":"*"}]}`,
			`unknown element "Efect" — did you mean Effect?`},
		{policy.IdentityPolicy, `{"Version":"1","Statement":[{"Effect":"Allow","Action":"*","Resouce":"*"}]}`,
			`unknown element "Resouce" — did you mean Resource?`},
		{policy.IdentityPolicy, `{"Versoin":"1","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`,
			`unknown element "Versoin" — did you mean Version?`},
		{policy.TrustPolicy, `{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principle":{"RAM":"*"}}]}`,
			`unknown element "Principle" — did you mean Principal?`},
		{policy.TrustPolicy, `{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"Federate":"acs:ram::1:saml-provider/x"}}]}`,
			`unknown principal kind "Federate" (want RAM, Service or Federated) — did you mean Federated?`},
		{policy.IdentityPolicy, `{"Version":"1","Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"StringEqual":{"acs:SourceVpc":"v"}}}]}`,
			`unknown condition operator "StringEqual" — did you mean StringEquals?`},
		{policy.IdentityPolicy, `{"Version":"1","Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"ForAnyValues:StringLike":{"acs:TagKeys":"v"}}}]}`,
			`unknown condition operator "ForAnyValues:StringLike" — did you mean ForAnyValue:StringLike?`},
		{policy.IdentityPolicy, `{"Version":"1","Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"ForAllValue:StringEqual":{"acs:TagKeys":"v"}}}]}`,
			`unknown condition operator "ForAllValue:StringEqual" — did you mean ForAllValues:StringEquals?`},
		{policy.IdentityPolicy, `{"Version":"1","Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"IpAdress":{"acs:SourceIp":"10.0.0.0/8"}}}]}`,
			`unknown condition operator "IpAdress" — did you mean IpAddress?`},
		// The older, more precise hints keep precedence.
		{policy.IdentityPolicy, `{"Version":"1","Statement":[{"effect":"Allow","Action":"*","Resource":"*"}]}`,
			`unknown element "effect" (element names are case-sensitive: Effect)`},
		{policy.IdentityPolicy, `{"Version":"1","Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"StringEqualsIfExists":{"a:b":"v"}}}]}`,
			`unknown condition operator "StringEqualsIfExists" (RAM has no ...IfExists operators)`},
	} {
		_, err := policy.Parse([]byte(c.doc), c.kind)
		var list policy.ErrorList
		require.True(t, errors.As(err, &list), c.doc)
		msgs := []string{}
		for _, e := range list {
			msgs = append(msgs, e.Msg)
		}
		assert.Contains(t, msgs, c.want, c.doc)
	}
}

func TestParseErrorsDoNotGuessWildly(t *testing.T) {
	t.Parallel()
	for _, doc := range []string{
		`{"Version":"1","Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Xyzzy":"1"}]}`,
		`{"Version":"1","Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"Frobnicate":{"a:b":"v"}}}]}`,
		`{"Version":"1","Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"Sometimes:StringEquals":{"a:b":"v"}}}]}`,
	} {
		_, err := policy.Parse([]byte(doc), policy.IdentityPolicy)
		require.Error(t, err)
		assert.NotContains(t, err.Error(), "did you mean", doc)
	}
}
