package world_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rampolicy/ram/arn"
	"github.com/rampolicy/ram/eval"
	"github.com/rampolicy/ram/eval/world"
	"github.com/rampolicy/ram/policy"
)

const pullAll = `{"Version":"1","Statement":[{"Effect":"Allow","Action":"cr:PullRepository","Resource":"*"}]}`

const trustRoot = `{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"RAM":"acs:ram::1111111111111111:root"}}]}`

// worldText is a world with the three ways to give a policy.
const worldText = `{
  "description": "one account",
  "policies": {
    "pull": ` + pullAll + `,
    "deny-prod": "{\"Version\":\"1\",\"Statement\":[{\"Effect\":\"Deny\",\"Action\":\"cr:*\",\"Resource\":\"acs:cr:*:*:repository/prod/*\"}]}",
    "trust-ci": {"file": "policies/trust-ci.json"},
    "push": {"file": "../shared/push.json"}
  },
  "directory": {"accounts": {"1111111111111111": {
    "users": {"alice": {"policies": ["pull"], "groups": ["devs"]}},
    "groups": {"devs": {"policies": ["deny-prod"]}},
    "roles": {"ci": {"trust": "trust-ci", "policies": ["push"], "maxSessionDuration": 7200}}
  }}}
}`

func worldFS(text string) fstest.MapFS {
	return fstest.MapFS{
		"worlds/prod.json":              {Data: []byte(text)},
		"worlds/policies/trust-ci.json": {Data: []byte(`{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"RAM":"acs:ram::1111111111111111:root"}}]}`)},
		"shared/push.json":              {Data: []byte("{\"Version\": \"1\",\n \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"cr:PushRepository\", \"Resource\": \"*\"}]}")},
		"shared/bad.json":               {Data: []byte("{\"Version\": \"1\",\n \"Statement\": [{\"Effect\": \"allow\", \"Action\": \"cr:Push\", \"Resource\": \"*\"}]}")},
	}
}

func TestLoadWorld(t *testing.T) {
	t.Parallel()
	w, pols, err := world.Load(worldFS(worldText), "worlds/prod.json")
	require.NoError(t, err)
	assert.Equal(t, []string{"deny-prod", "pull", "push", "trust-ci"}, pols.Names())

	alice := arn.MustParse("acs:ram::1111111111111111:user/alice")
	pull := func(repo string) *eval.Request {
		return &eval.Request{Principal: alice, Action: "cr:PullRepository", Resource: "acs:cr:cn-hangzhou:1111111111111111:repository/" + repo}
	}
	assert.Equal(t, eval.Allow, w.Evaluate(pull("dev/web"), nil).Decision)
	assert.Equal(t, eval.ExplicitDeny, w.Evaluate(pull("prod/web"), nil).Decision, "the group's raw-text policy applies")

	// The role's trust policy and policies come from policy files, one of them above
	// the world file's folder but inside the file system.
	root, err := w.Caller(arn.MustParse("acs:ram::1111111111111111:root"))
	require.NoError(t, err)
	hop := w.AssumeRole(root, world.AssumeRoleInput{RoleARN: "acs:ram::1111111111111111:role/ci", SessionName: "s1"})
	require.ErrorIs(t, hop.Err, world.ErrRootCannotAssumeRole)
	ci, err := w.Caller(arn.MustParse("acs:ram::1111111111111111:role/ci"))
	require.NoError(t, err)
	push := &eval.Request{Action: "cr:PushRepository", Resource: "acs:cr:cn-hangzhou:1111111111111111:repository/dev/web"}
	r := ci.Evaluate(push, nil)
	require.Equal(t, eval.Allow, r.Decision)
	// A statement's position is in the file it is written in: the policy file's own.
	assert.Equal(t, "push#0 at 2:16", r.DecidedBy()[0].String())

	// An inline document's positions are the world file's.
	r = w.Evaluate(pull("dev/web"), nil)
	assert.Equal(t, "pull#0 at 4:41", r.DecidedBy()[0].String())

	// Extra policies by name, as any kind.
	extra, err := pols.Set(policy.IdentityPolicy, "push")
	require.NoError(t, err)
	a, err := w.Caller(alice)
	require.NoError(t, err)
	a, err = a.WithPolicies(extra, nil)
	require.NoError(t, err)
	push.Principal = alice
	assert.Equal(t, eval.Allow, a.Evaluate(push, nil).Decision)
	text, err := pols.Text("pull")
	require.NoError(t, err)
	assert.JSONEq(t, pullAll, string(text))
	_, err = pols.Set(policy.IdentityPolicy, "nope")
	assert.ErrorIs(t, err, world.ErrUnknownPolicy)
	// The trust policy parsed as an identity policy fails: the kinds differ.
	_, err = pols.Policy("trust-ci", policy.IdentityPolicy)
	assert.ErrorIs(t, err, policy.ErrInvalidPolicyElement)
}

// loadErr loads text as worlds/prod.json of worldFS and returns the *LoadError.
func loadErr(t *testing.T, text string, o world.LoadOptions) *world.LoadError {
	t.Helper()
	_, _, err := o.Load(worldFS(text), "worlds/prod.json")
	require.Error(t, err)
	require.ErrorIs(t, err, world.ErrWorld)
	var le *world.LoadError
	require.ErrorAs(t, err, &le)
	return le
}

func TestLoadErrorsArePlaced(t *testing.T) {
	t.Parallel()
	acct := func(body string) string {
		return `{"policies": {"p": ` + pullAll + `, "t": ` + trustRoot + `},
"directory": {"accounts": {"1111111111111111": ` + body + `}}}`
	}
	for name, tc := range map[string]struct {
		text      string
		file, ptr string
		line, col int
		msg       string
		is        error
	}{
		"syntax":                 {text: "{\n  \"policies\": {,}}", file: "worlds/prod.json", line: 2, col: 16, msg: "unexpected ','"},
		"duplicate key":          {text: "{\"policies\": {}, \"policies\": {}}", file: "worlds/prod.json", ptr: "/policies", line: 1, col: 18, msg: "duplicate"},
		"duplicate inside":       {text: `{"policies": {"p": {"Version": "1", "Version": "1"}}}`, ptr: "/policies/p/Version", line: 1, col: 37, msg: "duplicate"},
		"unknown member":         {text: `{"polices": {}}`, ptr: "/polices", line: 1, col: 2, msg: `unknown member "polices"`},
		"wrong letter case":      {text: acct(`{"Users": {}}`), ptr: "/directory/accounts/1111111111111111/Users", line: 2, col: 49, msg: "unknown member"},
		"cases refused":          {text: `{"cases": []}`, ptr: "/cases", line: 1, col: 2, msg: "set LoadOptions.AllowCases"},
		"unknown policy":         {text: acct(`{"users": {"u": {"policies": ["p", "q"]}}}`), ptr: "/directory/accounts/1111111111111111/users/u/policies/1", line: 2, col: 83, msg: `unknown policy "q"`, is: world.ErrUnknownPolicy},
		"unknown group":          {text: acct(`{"users": {"u": {"groups": ["g"]}}}`), ptr: "/directory/accounts/1111111111111111/users/u", line: 2, col: 59, msg: `unknown group "g"`},
		"name collision":         {text: acct(`{"users": {"u": {}, "U": {}}}`), ptr: "/directory/accounts/1111111111111111/users/U", line: 2, col: 68, msg: "collide"},
		"account ID":             {text: `{"directory": {"accounts": {"12ab": {}}}}`, ptr: "/directory/accounts/12ab", line: 1, col: 29, msg: "not digits"},
		"control level":          {text: acct(`{"controlPolicies": [["p"], "p"]}`), ptr: "/directory/accounts/1111111111111111/controlPolicies/1", line: 2, col: 76, msg: "array of strings"},
		"duration type":          {text: acct(`{"roles": {"r": {"trust": "t", "maxSessionDuration": "1h"}}}`), ptr: "/directory/accounts/1111111111111111/roles/r/maxSessionDuration", line: 2, col: 101, msg: "whole number"},
		"duration fraction":      {text: acct(`{"roles": {"r": {"trust": "t", "maxSessionDuration": 3600.5}}}`), ptr: "/directory/accounts/1111111111111111/roles/r/maxSessionDuration", msg: "whole number"},
		"no trust":               {text: acct(`{"roles": {"r": {"policies": ["p"]}}}`), ptr: "/directory/accounts/1111111111111111/roles/r", msg: "no trust policy"},
		"null policy":            {text: `{"policies": {"p": null}}`, ptr: "/policies/p", line: 1, col: 20, msg: "not null"},
		"inline does not parse":  {text: "{\"policies\": {\"p\": {\"Version\": \"1\",\n   \"Statement\": [{\"Effect\": \"allow\", \"Action\": \"cr:X\", \"Resource\": \"*\"}]}},\n \"directory\": {\"accounts\": {\"1111111111111111\": {\"users\": {\"u\": {\"policies\": [\"p\"]}}}}}}", ptr: "/directory/accounts/1111111111111111/users/u/policies/0", line: 3, col: 79, msg: "does not parse as an identity policy", is: policy.ErrInvalidEffect},
		"trust is not a trust":   {text: acct(`{"roles": {"r": {"trust": "p"}}}`), ptr: "/directory/accounts/1111111111111111/roles/r/trust", msg: "does not parse as a trust policy", is: policy.ErrInvalidPrincipal},
		"file escapes":           {text: `{"policies": {"p": {"file": "../../etc/passwd"}}}`, ptr: "/policies/p/file", line: 1, col: 29, msg: "stays inside"},
		"absolute file":          {text: `{"policies": {"p": {"file": "/etc/passwd"}}}`, ptr: "/policies/p/file", msg: "stays inside"},
		"backslash file":         {text: `{"policies": {"p": {"file": "..\\x.json"}}}`, ptr: "/policies/p/file", msg: "slash-separated"},
		"missing file":           {text: `{"policies": {"p": {"file": "nope.json"}}}`, ptr: "/policies/p/file", msg: "cannot read", is: os.ErrNotExist},
		"file is not a string":   {text: `{"policies": {"p": {"file": 1}}}`, ptr: "/policies/p/file", msg: "non-empty path"},
		"description not string": {text: `{"description": 1}`, ptr: "/description", msg: "must be a string"},
		"not an object":          {text: `[]`, msg: "must be an object"},
	} {
		le := loadErr(t, tc.text, world.LoadOptions{})
		if tc.file == "" {
			tc.file = "worlds/prod.json"
		}
		assert.Equal(t, tc.file, le.File, name)
		assert.Equal(t, tc.ptr, le.Pointer, name)
		if tc.line > 0 {
			assert.Equal(t, [2]int{tc.line, tc.col}, [2]int{le.Line, le.Column}, "%s: %v", name, le)
		} else {
			assert.Positive(t, le.Line, name)
		}
		assert.Contains(t, le.Error(), tc.msg, name)
		assert.True(t, strings.HasPrefix(le.Error(), tc.file+":"), "%s: %v", name, le)
		if tc.is != nil {
			assert.ErrorIs(t, le, tc.is, name)
		}
	}
}

// TestPolicyErrorsInTheirOwnFile: a policy's problems carry the positions of the text
// they are in: the world file for an inline document, the policy file for a file.
func TestPolicyErrorsInTheirOwnFile(t *testing.T) {
	t.Parallel()
	le := loadErr(t, `{"policies": {"p": {"file": "../shared/bad.json"}},
  "directory": {"accounts": {"1111111111111111": {"groups": {"g": {"policies": ["p"]}}}}}}`, world.LoadOptions{})
	var list policy.ErrorList
	require.ErrorAs(t, le, &list)
	assert.Equal(t, "shared/bad.json", list[0].Filename)
	assert.Equal(t, "/Statement/0/Effect", list[0].Pointer)
	assert.Equal(t, [2]int{2, 27}, [2]int{list[0].Line, list[0].Column})
	assert.Contains(t, le.Error(), "worlds/prod.json:2:81: /directory/accounts/1111111111111111/groups/g/policies/0: policy \"p\" does not parse as an identity policy:\nshared/bad.json:2:27: /Statement/0/Effect: ")

	le = loadErr(t, "{\"policies\": {\"p\": {\"Version\": \"1\",\n   \"Statement\": [{\"Effect\": \"allow\", \"Action\": \"cr:X\", \"Resource\": \"*\"}]}},\n \"directory\": {\"accounts\": {\"1111111111111111\": {\"groups\": {\"g\": {\"policies\": [\"p\"]}}}}}}", world.LoadOptions{})
	require.ErrorAs(t, le, &list)
	assert.Equal(t, "worlds/prod.json", list[0].Filename)
	assert.Equal(t, "/policies/p/Statement/0/Effect", list[0].Pointer)
	assert.Equal(t, [2]int{2, 29}, [2]int{list[0].Line, list[0].Column})
}

func TestLoadCasesOption(t *testing.T) {
	t.Parallel()
	text := `{"policies": {"p": ` + pullAll + `}, "cases": [{"name": "anything", "expect": "Allow"}]}`
	_, _, err := world.LoadOptions{AllowCases: true}.Load(worldFS(text), "worlds/prod.json")
	require.NoError(t, err)
	// Skipped, but still read strictly.
	le := loadErr(t, `{"cases": [{"a": 1, "a": 2}]}`, world.LoadOptions{AllowCases: true})
	assert.Equal(t, "/cases/0/a", le.Pointer)
}

func TestLoadFile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	outside := filepath.Join(t.TempDir(), "secret.json")
	require.NoError(t, os.WriteFile(outside, []byte(pullAll), 0o600))
	require.NoError(t, os.MkdirAll(filepath.Join(dir, "policies"), 0o700))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "policies", "pull.json"), []byte(pullAll), 0o600))
	write := func(text string) string {
		p := filepath.Join(dir, "world.json")
		require.NoError(t, os.WriteFile(p, []byte(text), 0o600))
		return p
	}
	p := write(`{"policies": {"pull": {"file": "policies/pull.json"}},
  "directory": {"accounts": {"1111111111111111": {"users": {"alice": {"policies": ["pull"]}}}}}}`)
	w, _, err := world.LoadFile(p)
	require.NoError(t, err)
	r := w.Evaluate(&eval.Request{Principal: arn.MustParse("acs:ram::1111111111111111:user/alice"), Action: "cr:PullRepository", Resource: "*"}, nil)
	assert.Equal(t, eval.Allow, r.Decision)

	// A symbolic link inside the folder does not lead out of it.
	if err := os.Symlink(outside, filepath.Join(dir, "policies", "link.json")); err == nil {
		_, _, err = world.LoadFile(write(`{"policies": {"x": {"file": "policies/link.json"}}}`))
		require.Error(t, err)
		assert.Contains(t, err.Error(), filepath.Join(dir, "world.json")+":1:29: /policies/x/file: cannot read policy file")
	}
	_, _, err = world.LoadFile(filepath.Join(dir, "missing.json"))
	assert.ErrorIs(t, err, os.ErrNotExist)
}

func TestReadBounds(t *testing.T) {
	t.Parallel()
	_, _, err := world.LoadOptions{}.Read(strings.NewReader(`{"policies": {"p": {"file": "p.json"}}}`), "w.json")
	assert.ErrorContains(t, err, "no file system")
	_, _, err = world.LoadOptions{MaxBytes: 10}.Read(strings.NewReader(`{"policies": {}}`), "w.json")
	assert.ErrorContains(t, err, "larger than 10 bytes")
	_, _, err = world.LoadOptions{}.Read(nil, "w.json")
	assert.Error(t, err)
	_, _, err = world.Load(nil, "w.json")
	assert.Error(t, err)
	var nilPolicies *world.Policies
	assert.False(t, nilPolicies.Has("p"))
	_, err = nilPolicies.Set(policy.IdentityPolicy, "p")
	assert.True(t, errors.Is(err, world.ErrUnknownPolicy))
	w, pols, err := world.LoadOptions{}.Read(strings.NewReader(`{}`), "empty.json")
	require.NoError(t, err)
	assert.Empty(t, w.Principals())
	assert.Empty(t, pols.Names())
}
