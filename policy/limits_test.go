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
		assert.Equal(t, policy.Limits{MaxSize: size, MaxDepth: 32},
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
		{"depth at the limit", policy.IdentityPolicy, policy.Limits{MaxDepth: 5}, withCond("StringEquals", `"x"`), "", ""},
		{"depth over the limit", policy.IdentityPolicy, policy.Limits{MaxDepth: 4}, withCond("StringEquals", `"x"`), "LimitExceeded", "/Statement/0/Condition/StringEquals"},
		{"size at the limit", policy.IdentityPolicy, policy.Limits{MaxSize: len(stmt(allow))}, stmt(allow), "", ""},
		{"size over the limit", policy.IdentityPolicy, policy.Limits{MaxSize: len(stmt(allow)) - 1}, stmt(allow), "PolicyTooLarge", ""},
		{"white space does not count", policy.IdentityPolicy, policy.Limits{MaxSize: len(stmt(allow))}, strings.ReplaceAll(stmt(allow), ",", " ,\n\t"), "", ""},
		{"raised limits take effect", policy.SessionPolicy, policy.Limits{MaxSize: 10000}, stmt(allow + strings.Repeat(","+allow, 60)), "", ""},
		{"zero fields keep their defaults", policy.SessionPolicy, policy.Limits{MaxDepth: 64}, stmt(allow + strings.Repeat(","+allow, 60)), "PolicyTooLarge", ""},
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

// No limit RAM does not have rejects a document (semantics.md, Fine print): within its
// size limit a document may hold a pattern of any length with any number of wildcards,
// and lists of any length. Each of these was LimitExceeded before.
func TestNoLimitsBeyondRAMs(t *testing.T) {
	t.Parallel()
	cond := func(op, val string) string {
		return stmt(`{"Effect":"Allow","Action":"a:b","Resource":"*","Condition":{"` + op + `":{"a:k":` + val + `}}}`)
	}
	for _, tc := range []struct {
		name string
		kind policy.Kind
		doc  string
	}{
		{"StringLike value with 257 wildcards", policy.IdentityPolicy, cond("StringLike", `"`+strings.Repeat("a*", 257)+`"`)},
		{"StringLike value over 2,048 bytes", policy.IdentityPolicy, cond("StringNotLike", `"`+strings.Repeat("x", 3000)+`*"`)},
		{"action with 1,000 alternating wildcards", policy.IdentityPolicy, stmt(`{"Effect":"Allow","Action":"a:` + strings.Repeat("*?", 1000) + `","Resource":"*"}`)},
		{"resource over 2,048 bytes", policy.IdentityPolicy, stmt(`{"Effect":"Allow","Action":"a:b","Resource":"acs:oss:*:*:` + strings.Repeat("b", 5000) + `"}`)},
		{"1,001 actions", policy.IdentityPolicy, stmt(`{"Effect":"Allow","Action":["a:b"` + strings.Repeat(`,"a:b"`, 1000) + `],"Resource":"*"}`)},
		{"1,200 resources", policy.IdentityPolicy, stmt(`{"Effect":"Allow","Action":"a:b","Resource":["*"` + strings.Repeat(`,"*"`, 1199) + `]}`)},
	} {
		_, err := policy.Parse([]byte(tc.doc), tc.kind)
		assert.NoError(t, err, tc.name)
	}
}
