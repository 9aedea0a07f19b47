package arn_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/rampolicy/ram/arn"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestServicePrincipal(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ in, account, service string }{
		{"ecs.aliyuncs.com", "", "ecs.aliyuncs.com"},
		{"sendevent-fc.eventbridge.aliyuncs.com", "", "sendevent-fc.eventbridge.aliyuncs.com"},
		{"dr.hbr.aliyuncs.com", "", "dr.hbr.aliyuncs.com"},
		// Log Service cross-account delivery; terraform-provider-alicloud's alicloud_ram_role.
		{"1654218965343050@log.aliyuncs.com", "1654218965343050", "log.aliyuncs.com"},
	} {
		p, err := arn.ParseServicePrincipal(tc.in)
		require.NoError(t, err, tc.in)
		assert.Equal(t, tc.in, p.String())
		assert.Equal(t, tc.account, p.Account(), tc.in)
		assert.Equal(t, tc.service, p.Service(), tc.in)
		assert.True(t, p.IsValid())
		text, err := p.MarshalText()
		require.NoError(t, err)
		var back arn.ServicePrincipal
		require.NoError(t, back.UnmarshalText(text))
		assert.Equal(t, p, back)
	}
	assert.False(t, arn.ServicePrincipal{}.IsValid())
	_, err := arn.ServicePrincipal{}.MarshalText()
	assert.ErrorIs(t, err, arn.ErrServicePrincipal)
}

// Each bad value gets a message about what it actually has wrong, not a list of every
// rule (the old message blamed case and wildcards for values without either).
func TestServicePrincipalErrors(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ in, want string }{
		{"", "empty"},
		{"ecs", `"ecs" is one label`},
		{"ECS.aliyuncs.com", `service names are lower case: "ecs.aliyuncs.com"`},
		{"*.aliyuncs.com", "wildcards are not allowed"},
		{"ecs..com", "empty label"},
		{"ecs.aliyuncs.com.", "empty label"},
		{"-ecs.aliyuncs.com", `label "-ecs" starts or ends with '-'`},
		{"ecs_x.aliyuncs.com", `character '_' is not allowed`},
		{"1654218965343050@", "the service name is empty"},
		{"@log.aliyuncs.com", "the account ID before '@' is empty"},
		{"acct@log.aliyuncs.com", `account ID "acct" before '@' must be digits`},
		{"123456789012****@log.aliyuncs.com", "account ID must be digits; this one looks masked"},
		{"1@2@log.aliyuncs.com", "more than one '@'"},
		{"1654218965343050@LOG.aliyuncs.com", "lower case"},
	} {
		_, err := arn.ParseServicePrincipal(tc.in)
		require.ErrorIs(t, err, arn.ErrServicePrincipal, tc.in)
		assert.Contains(t, err.Error(), tc.want, tc.in)
		if tc.in != "ECS.aliyuncs.com" && tc.in != "1654218965343050@LOG.aliyuncs.com" {
			assert.NotContains(t, err.Error(), "lower case", tc.in)
		}
		if !strings.ContainsAny(tc.in, "*?") {
			assert.NotContains(t, err.Error(), "wildcard", tc.in)
		}
	}
	// A long value is quoted with its middle elided.
	_, err := arn.ParseServicePrincipal(strings.Repeat("A", 100000))
	require.Error(t, err)
	assert.Less(t, len(err.Error()), 400)
}

func TestMaskedAccount(t *testing.T) {
	t.Parallel()
	for _, s := range []string{"acs:ram::123456789012****:root", "acs:ram::1234****5678:role/r"} {
		_, err := arn.Parse(s)
		require.ErrorIs(t, err, arn.ErrInvalidField, s)
		assert.Contains(t, err.Error(), "account ID must be digits; this one looks masked")
	}
	// In a pattern the stars are wildcards: RAM takes them so, and policy/lint warns.
	for _, ok := range []string{"acs:cr:*:123456789012****:repository/*", "acs:cr:*:1234*:repository/*", "acs:cr:*:*:repository/**"} {
		_, err := arn.ParsePattern(ok)
		assert.NoError(t, err, ok)
	}
}

// A pattern is bounded by its document, not by a length of its own.
func TestPatternLength(t *testing.T) {
	t.Parallel()
	long := "acs:oss:*:*:" + strings.Repeat("a*", 3000)
	p, err := arn.ParsePattern(long)
	require.NoError(t, err)
	assert.True(t, p.MatchString("acs:oss:cn:1:"+strings.Repeat("ab", 3000)))
}

func ExampleParseServicePrincipal() {
	for _, s := range []string{"ecs.aliyuncs.com", "1654218965343050@log.aliyuncs.com"} {
		p, _ := arn.ParseServicePrincipal(s)
		b, _ := json.Marshal(p)
		fmt.Printf("%s account=%q service=%s\n", b, p.Account(), p.Service())
	}
	_, err := arn.ParseServicePrincipal("123456789012****@log.aliyuncs.com")
	fmt.Println(err)
	// Output:
	// "ecs.aliyuncs.com" account="" service=ecs.aliyuncs.com
	// "1654218965343050@log.aliyuncs.com" account="1654218965343050" service=log.aliyuncs.com
	// arn.ParseServicePrincipal("123456789012****@log.aliyuncs.com"): account ID must be digits; this one looks masked
}
