package policy_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/rampolicy/ram/policy"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The limits of policy.Limits, each at its boundary with a lowered value (the corpus
// testdata/decisions/hostile/limits.json pins the defaults), and the promise that a limit
// is an error, never a silent truncation: over a limit, Parse returns no document.

func TestDefaultLimits(t *testing.T) {
	t.Parallel()
	for kind, size := range map[policy.Kind]int{policy.IdentityPolicy: 6144, policy.SessionPolicy: 2048, policy.ControlPolicy: 4096, policy.TrustPolicy: 4096, policy.ResourcePolicy: 6144} {
		assert.Equal(t, policy.Limits{MaxSize: size, MaxDepth: 32, MaxStatements: 1000, MaxValues: 1000, MaxPatternLength: 2048, MaxWildcards: 256},
			policy.DefaultLimits(kind), kind.String())
	}
	assert.Equal(t, 1<<20, policy.MaxInputBytes)
}

// limitCase parses doc with lim and expects it accepted (at == "") or rejected with
// LimitExceeded (or PolicyTooLarge) at the pointer at.
type limitCase struct {
	name string
	kind policy.Kind
	lim  policy.Limits
	doc  string
	code string
	at   string
}

func stmt(body string) string { return `{"Version":"1","Statement":[` + body + `]}` }

func TestLimits(t *testing.T) {
	t.Parallel()
	allow := `{"Effect":"Allow","Action":"a:b","Resource":"*"}`
	withCond := func(op, vals string) string {
		return stmt(`{"Effect":"Allow","Action":"a:b","Resource":"*","Condition":{"` + op + `":{"a:k":` + vals + `}}}`)
	}
	for _, tc := range []limitCase{
		{"statements at the limit", policy.IdentityPolicy, policy.Limits{MaxStatements: 2}, stmt(allow + "," + allow), "", ""},
		{"statements over the limit", policy.IdentityPolicy, policy.Limits{MaxStatements: 2}, stmt(allow + "," + allow + "," + allow), "LimitExceeded", "/Statement"},
		{"depth at the limit", policy.IdentityPolicy, policy.Limits{MaxDepth: 5}, withCond("StringEquals", `"x"`), "", ""},
		{"depth over the limit", policy.IdentityPolicy, policy.Limits{MaxDepth: 4}, withCond("StringEquals", `"x"`), "LimitExceeded", "/Statement/0/Condition/StringEquals"},
		{"action values at the limit", policy.IdentityPolicy, policy.Limits{MaxValues: 2}, stmt(`{"Effect":"Allow","Action":["a:b","a:c"],"Resource":"*"}`), "", ""},
		{"action values over the limit", policy.IdentityPolicy, policy.Limits{MaxValues: 2}, stmt(`{"Effect":"Allow","Action":["a:b","a:c","a:d"],"Resource":"*"}`), "LimitExceeded", "/Statement/0/Action"},
		{"NotAction values over the limit", policy.ControlPolicy, policy.Limits{MaxValues: 2}, stmt(`{"Effect":"Deny","NotAction":["a:b","a:c","a:d"],"Resource":"*"}`), "LimitExceeded", "/Statement/0/NotAction"},
		{"resource values over the limit", policy.SessionPolicy, policy.Limits{MaxValues: 2}, stmt(`{"Effect":"Allow","Action":"a:b","Resource":["*","*","*"]}`), "LimitExceeded", "/Statement/0/Resource"},
		{"condition values over the limit", policy.IdentityPolicy, policy.Limits{MaxValues: 2}, withCond("StringEquals", `["x","y","z"]`), "LimitExceeded", "/Statement/0/Condition/StringEquals/a:k"},
		{"principal values over the limit", policy.TrustPolicy, policy.Limits{MaxValues: 2}, stmt(`{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"RAM":["acs:ram::1:root","acs:ram::2:root","acs:ram::3:root"]}}`), "LimitExceeded", "/Statement/0/Principal/RAM"},
		{"action pattern at the length limit", policy.IdentityPolicy, policy.Limits{MaxPatternLength: 10}, stmt(`{"Effect":"Allow","Action":"a:bcdefghi","Resource":"*"}`), "", ""},
		{"action pattern over the length limit", policy.IdentityPolicy, policy.Limits{MaxPatternLength: 10}, stmt(`{"Effect":"Allow","Action":"a:bcdefghij","Resource":"*"}`), "LimitExceeded", "/Statement/0/Action"},
		{"length counts bytes", policy.IdentityPolicy, policy.Limits{MaxPatternLength: 10}, stmt(`{"Effect":"Allow","Action":"a:bcdefgh\u00e9","Resource":"*"}`), "LimitExceeded", "/Statement/0/Action"},
		{"resource pattern over the length limit", policy.IdentityPolicy, policy.Limits{MaxPatternLength: 10}, stmt(`{"Effect":"Allow","Action":"a:b","Resource":["*","acs:a:b:c:de"]}`), "LimitExceeded", "/Statement/0/Resource/1"},
		{"StringLike value over the length limit", policy.IdentityPolicy, policy.Limits{MaxPatternLength: 10}, withCond("StringNotLike", `"12345678901"`), "LimitExceeded", "/Statement/0/Condition/StringNotLike/a:k"},
		{"StringEquals value is not a pattern", policy.IdentityPolicy, policy.Limits{MaxPatternLength: 10, MaxWildcards: 1}, withCond("StringEquals", `"**??**??**??"`), "", ""},
		{"wildcards at the limit, a run of stars counting once", policy.IdentityPolicy, policy.Limits{MaxWildcards: 2}, stmt(`{"Effect":"Allow","Action":"a:***?","Resource":"*"}`), "", ""},
		{"wildcards over the limit", policy.IdentityPolicy, policy.Limits{MaxWildcards: 2}, stmt(`{"Effect":"Allow","Action":"a:*?*","Resource":"*"}`), "LimitExceeded", "/Statement/0/Action"},
		{"resource wildcards over the limit", policy.IdentityPolicy, policy.Limits{MaxWildcards: 2}, stmt(`{"Effect":"Allow","Action":"a:b","Resource":"acs:*:*:*:x"}`), "LimitExceeded", "/Statement/0/Resource"},
		{"StringLike wildcards over the limit", policy.IdentityPolicy, policy.Limits{MaxWildcards: 2}, withCond("ForAnyValue:StringLike", `["x","?*?"]`), "LimitExceeded", "/Statement/0/Condition/ForAnyValue:StringLike/a:k/1"},
		{"size at the limit", policy.IdentityPolicy, policy.Limits{MaxSize: len(stmt(allow))}, stmt(allow), "", ""},
		{"size over the limit", policy.IdentityPolicy, policy.Limits{MaxSize: len(stmt(allow)) - 1}, stmt(allow), "PolicyTooLarge", ""},
		{"white space does not count", policy.IdentityPolicy, policy.Limits{MaxSize: len(stmt(allow))}, strings.ReplaceAll(stmt(allow), ",", " ,\n\t"), "", ""},
		{"raised limits take effect", policy.SessionPolicy, policy.Limits{MaxSize: 10000}, stmt(allow + strings.Repeat(","+allow, 60)), "", ""},
		{"zero fields keep their defaults", policy.SessionPolicy, policy.Limits{MaxStatements: 5000}, stmt(allow + strings.Repeat(","+allow, 60)), "PolicyTooLarge", ""},
	} {
		doc, err := policy.Options{Kind: tc.kind, Limits: tc.lim}.Parse([]byte(tc.doc))
		if tc.code == "" {
			assert.NoError(t, err, tc.name)
			assert.NotNil(t, doc, tc.name)
			continue
		}
		require.Error(t, err, tc.name)
		assert.Nil(t, doc, "%s: a document over a limit must not come back, not even cut short", tc.name)
		var list policy.ErrorList
		require.True(t, errors.As(err, &list), tc.name)
		found := false
		for _, e := range list {
			found = found || policy.Code(e) == tc.code && e.Pointer == tc.at
		}
		assert.True(t, found, "%s: want %s at %q, got\n%v", tc.name, tc.code, tc.at, err)
	}
}

// TestMaxInputBytes: Parse reads at most MaxInputBytes bytes. White space does not count
// towards a kind's size, so a padded document within the hard cap is accepted.
func TestMaxInputBytes(t *testing.T) {
	t.Parallel()
	doc := stmt(`{"Effect":"Allow","Action":"a:b","Resource":"*"}`)
	padded := doc[:len(doc)-1] + strings.Repeat(" ", policy.MaxInputBytes-len(doc)) + "}"
	require.Len(t, padded, policy.MaxInputBytes)
	_, err := policy.Parse([]byte(padded), policy.IdentityPolicy)
	assert.NoError(t, err)
	_, err = policy.Parse([]byte(padded+" "), policy.IdentityPolicy)
	require.Error(t, err)
	assert.ErrorIs(t, err, policy.ErrPolicyTooLarge)
	assert.Contains(t, err.Error(), "at most 1048576 are read")
}
