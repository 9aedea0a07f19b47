package arn_test

import (
	"errors"
	"testing"

	"github.com/rampolicy/ram/arn"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseAccepts(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in                                 string
		service, region, account, resource string
		kind                               arn.Kind
		name, session                      string
	}{
		{"acs:cr:cn-hangzhou:1234567890123456:repository/ns/app", "cr", "cn-hangzhou", "1234567890123456", "repository/ns/app", arn.KindOther, "", ""},
		{"acs:ram::1234567890123456:root", "ram", "", "1234567890123456", "root", arn.KindRoot, "", ""},
		{"acs:ram::1234567890123456:user/alice", "ram", "", "1234567890123456", "user/alice", arn.KindUser, "alice", ""},
		{"acs:ram::1234567890123456:group/devs", "ram", "", "1234567890123456", "group/devs", arn.KindGroup, "devs", ""},
		{"acs:ram::1234567890123456:role/deployer", "ram", "", "1234567890123456", "role/deployer", arn.KindRole, "deployer", ""},
		{"acs:ram::1234567890123456:role/deployer/ci-1", "ram", "", "1234567890123456", "role/deployer/ci-1", arn.KindRoleSession, "deployer", "ci-1"},
		{"acs:ram:*:system:policy/AliyunOSSFullAccess", "", "", "", "", 0, "", ""}, // '*' region is not an ARN
		{"acs:oss:cn-hangzhou:123:bucket/key:with:colons", "oss", "cn-hangzhou", "123", "bucket/key:with:colons", arn.KindOther, "", ""},
		{"acs:ram::1234567890123456:user/", "ram", "", "1234567890123456", "user/", arn.KindOther, "", ""},
		{"acs:ram:cn-hangzhou:1234567890123456:user/alice", "ram", "cn-hangzhou", "1234567890123456", "user/alice", arn.KindOther, "", ""},
		{"acs:ram::1234567890123456:role/a/b/c", "ram", "", "1234567890123456", "role/a/b/c", arn.KindOther, "", ""},
	} {
		a, err := arn.Parse(tc.in)
		if tc.service == "" {
			assert.Error(t, err, tc.in)
			continue
		}
		require.NoError(t, err, tc.in)
		assert.Equal(t, tc.in, a.String())
		assert.Equal(t, tc.service, a.Service())
		assert.Equal(t, tc.region, a.Region())
		assert.Equal(t, tc.account, a.Account())
		assert.Equal(t, tc.resource, a.Resource())
		assert.Equal(t, tc.kind, a.Kind(), tc.in)
		assert.Equal(t, tc.name, a.Name(), tc.in)
		assert.Equal(t, tc.session, a.SessionName(), tc.in)
	}
}

func TestParseRejects(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in  string
		err error
	}{
		{"", arn.ErrPrefix},
		{"arn:aws:iam::123:user/x", arn.ErrPrefix},   // AWS ARN
		{"ACS:ram::123:user/x", arn.ErrPrefix},       // prefix is case-sensitive
		{"acs:ecs:cn-hangzhou", arn.ErrMissingField}, // three fields
		{"acs:ecs:cn-hangzhou:123", arn.ErrMissingField},
		{"acs::cn:123:x", arn.ErrInvalidField},        // empty service
		{"acs:ECS:cn:123:x", arn.ErrInvalidField},     // upper-case service
		{"acs:ecs:cn_1:123:x", arn.ErrInvalidField},   // '_' in region
		{"acs:ecs:cn:12x:x", arn.ErrInvalidField},     // account not digits
		{"acs:ecs:cn:*:x", arn.ErrInvalidField},       // wildcard account: patterns only
		{"acs:ecs:cn:123:", arn.ErrInvalidField},      // empty resource
		{"acs:ecs:cn:123:a b", arn.ErrInvalidField},   // white space
		{"acs:ecs:cn:123:a\x00", arn.ErrInvalidField}, // control character
		{"acs:ecs:cn:123:a\xff", arn.ErrInvalidField}, // invalid UTF-8
	} {
		_, err := arn.Parse(tc.in)
		require.Error(t, err, tc.in)
		assert.True(t, errors.Is(err, tc.err), "%q: %v", tc.in, err)
		var pe *arn.ParseError
		assert.True(t, errors.As(err, &pe))
	}
}

func TestRoleOfSession(t *testing.T) {
	t.Parallel()
	s := arn.MustParse("acs:ram::1234567890123456:role/deployer/ci-1")
	assert.Equal(t, arn.MustParse("acs:ram::1234567890123456:role/deployer"), s.Role())
	assert.Equal(t, arn.MustParse("acs:ram::1234567890123456:root"), s.Root())
	assert.False(t, arn.MustParse("acs:ram::1234567890123456:user/a").Role().IsValid())
	assert.False(t, arn.ARN{}.IsValid())
	assert.Equal(t, "", arn.ARN{}.Service())
}

func TestTextRoundTrip(t *testing.T) {
	t.Parallel()
	a := arn.MustParse("acs:ram::1234567890123456:user/alice")
	b, err := a.MarshalText()
	require.NoError(t, err)
	var back arn.ARN
	require.NoError(t, back.UnmarshalText(b))
	assert.Equal(t, a, back)
	assert.Error(t, back.UnmarshalText([]byte("nope")))
}

func TestPattern(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		pattern, in string
		want        bool
	}{
		{"*", "acs:cr:cn:1:repository/a", true},
		{"acs:ram:*:*:user/alice", "acs:ram::1234567890123456:user/alice", true},
		{"acs:ram:*:*:user/alice", "acs:ram::1234567890123456:user/Alice", true}, // RAM names ignore case
		{"acs:cr:*:*:repository/alice", "acs:cr::1234567890123456:repository/Alice", false},
		{"acs:cr:*:*:repository/ns/*", "acs:cr:cn-hangzhou:1:repository/ns/a/b", true},
		{"acs:cr:*:*:repository/ns/*", "acs:cr:cn-hangzhou:1:repository/ns2/a", false},
		{"acs:*:*cn-beijing*:*:*", "acs:ecs:cn-beijing:1:instance/i-1", true},
		{"acs:oss:*:*:bucket/[a]", "acs:oss:cn:1:bucket/[a]", true},
		{"acs:oss:*:*:bucket/[a]", "acs:oss:cn:1:bucket/a", false},
	} {
		p, err := arn.ParsePattern(tc.pattern)
		require.NoError(t, err)
		assert.Equal(t, tc.want, p.MatchString(tc.in), "%q ~ %q", tc.pattern, tc.in)
	}
	for _, bad := range []struct {
		in  string
		err error
	}{{"arn:*", arn.ErrPrefix}, {"acs:ecs:cn-hangzhou", arn.ErrMissingField}, {"", arn.ErrPrefix}} {
		_, err := arn.ParsePattern(bad.in)
		assert.ErrorIs(t, err, bad.err, bad.in)
	}
	assert.False(t, arn.Pattern{}.MatchString(""))
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"acs:ram::1:root", "acs:ram::1:role/r/s", "acs:cr:cn:1:repository/a:b", "acs:::", "x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		a, err := arn.Parse(s)
		if err != nil {
			var pe *arn.ParseError
			if !errors.As(err, &pe) || pe.Offset < 0 || pe.Offset > len(s) {
				t.Fatalf("bad error %v", err)
			}
			return
		}
		b, err := arn.Parse(a.String())
		if err != nil || a != b {
			t.Fatalf("round trip %q: %v", s, err)
		}
		if r := a.Role(); r.IsValid() {
			if _, err := arn.Parse(r.String()); err != nil {
				t.Fatalf("role of %q not an ARN: %v", s, err)
			}
		}
		_ = a.Kind().String() + a.Name() + a.SessionName()
	})
}

func FuzzPattern(f *testing.F) {
	f.Add("acs:cr:*:*:repository/ns/*", "acs:cr:cn:1:repository/ns/a")
	f.Add("acs:*?*:*:*:*", "acs:ecs:cn:1:x")
	f.Fuzz(func(t *testing.T, pattern, in string) {
		p, err := arn.ParsePattern(pattern)
		if err != nil {
			return
		}
		_ = p.MatchString(in)
		if !p.MatchString(pattern) && p.Wildcards() == 0 {
			t.Fatalf("a literal pattern %q must match itself", pattern)
		}
	})
}

// A Pattern matches as a Resource does: RAM resources ignore ASCII case, others do not.
func TestPatternFoldsRAMResources(t *testing.T) {
	t.Parallel()
	p := arn.MustParsePattern("acs:ram:*:*:role/resourcedirectoryaccountaccessrole")
	assert.True(t, p.Match(arn.MustParse("acs:ram::1234567890123456:role/ResourceDirectoryAccountAccessRole")))
	assert.True(t, p.MatchString("acs:RAM::1:role/RESOURCEDIRECTORYACCOUNTACCESSROLE"))
	cr := arn.MustParsePattern("acs:cr:*:*:repository/dev/*")
	assert.False(t, cr.MatchString("acs:cr:cn-hangzhou:1:repository/DEV/web"), "other resources stay exact")
	star := arn.MustParsePattern("acs:*:*:*:role/Ops")
	assert.True(t, star.MatchString("acs:ram::1:role/ops"), "a pattern that can match both folds on RAM resources")
	assert.False(t, star.MatchString("acs:xyz::1:role/ops"))
}
