package evaltest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func writeTable(t *testing.T, text string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "t.json")
	require.NoError(t, os.WriteFile(p, []byte(text), 0o600))
	return p
}

const okPolicy = `{"Version":"1","Statement":[{"Effect":"Allow","Action":"cr:*","Resource":"*"}]}`

func TestStrictLoading(t *testing.T) {
	t.Parallel()
	for name, tc := range map[string]struct{ text, want string }{
		"typo in a case field":       {`{"policies":{"p":` + okPolicy + `},"cases":[{"name":"a","expect":"Allow","policies":["p"],"action":"cr:X","resource":"*","decidedby":[]}]}`, `unknown field "decidedby"`},
		"wrong case of a field":      {`{"Cases":[]}`, `unknown field "Cases"`},
		"duplicate key in policy":    {`{"policies":{"p":{"Version":"1","Version":"1"}},"cases":[]}`, "duplicate key"},
		"two cases of one name":      {`{"cases":[{"name":"a","expect":"Allow","parse":"{}","kind":"identity"},{"name":"a","expect":"Allow","parse":"{}","kind":"identity"}]}`, "two cases named"},
		"unknown policy":             {`{"cases":[{"name":"a","expect":"Allow","policies":["nope"],"action":"cr:X","resource":"*"}]}`, `unknown policy "nope"`},
		"policy that fails to parse": {`{"policies":{"p":{"Version":"2"}},"cases":[{"name":"a","expect":"Allow","policies":["p"],"action":"cr:X","resource":"*"}]}`, "InvalidVersion"},
	} {
		out := RunFile(writeTable(t, tc.text))
		require.NotEmpty(t, out, name)
		for _, o := range out {
			assert.False(t, o.Pass, name)
		}
		assert.True(t, strings.Contains(out[0].Detail, tc.want) || strings.Contains(out[0].Detail, "invalid version"), "%s: %s", name, out[0].Detail)
	}
}

func TestFailuresExplain(t *testing.T) {
	t.Parallel()
	out := RunFile(writeTable(t, `{"policies":{"p":`+okPolicy+`},"cases":[
	  {"name":"wrong on purpose","expect":"ImplicitDeny","policies":["p"],"action":"cr:PullRepository","resource":"*"},
	  {"name":"wrong statements","expect":"Allow","policies":["p"],"action":"cr:PullRepository","resource":"*","decidedBy":[{"policy":"p","statement":1}]},
	  {"name":"right","expect":"Allow","policies":["p"],"action":"cr:PullRepository","resource":"*","decidedBy":[{"policy":"p","statement":0}]}]}`))
	require.Len(t, out, 3)
	assert.False(t, out[0].Pass)
	assert.Equal(t, "Allow", out[0].Actual)
	assert.Contains(t, out[0].Detail, "p#0")
	assert.False(t, out[1].Pass)
	assert.Contains(t, out[1].Detail, "decidedBy [p#0], expected [p#1]")
	assert.True(t, out[2].Pass)
}

// TestPolicyFiles: a table's policies may be files relative to it; their problems are
// reported in the policy file's own positions, and a path may not leave the table's
// folder.
func TestPolicyFiles(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	require.NoError(t, os.MkdirAll(filepath.Join(dir, "policies"), 0o700))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "policies", "ok.json"), []byte(okPolicy), 0o600))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "policies", "bad.json"),
		[]byte("{\"Version\": \"1\",\n \"Statement\": [{\"Effect\": \"allow\", \"Action\": \"cr:*\", \"Resource\": \"*\"}]}"), 0o600))
	table := func(file string) string {
		p := filepath.Join(dir, "t.json")
		require.NoError(t, os.WriteFile(p, []byte(`{"policies": {"p": {"file": "`+file+`"}},
  "cases": [{"name": "a", "policies": ["p"], "action": "cr:PullRepository", "resource": "*", "expect": "Allow"}]}`), 0o600))
		return p
	}
	out := RunFile(table("policies/ok.json"))
	require.Len(t, out, 1)
	assert.True(t, out[0].Pass, out[0].String())

	out = RunFile(table("policies/bad.json"))
	require.Len(t, out, 1)
	assert.False(t, out[0].Pass)
	assert.Contains(t, out[0].Detail, filepath.Join(dir, "policies", "bad.json")+":2:27: /Statement/0/Effect:")

	for _, p := range []string{"../t.json", "/etc/passwd", "missing.json"} {
		out = RunFile(table(p))
		require.Len(t, out, 1)
		assert.False(t, out[0].Pass)
		assert.Contains(t, out[0].Detail, filepath.Join(dir, "t.json")+":1:29: /policies/p/file: ", p)
	}

	// The policies folder is skipped when a folder's tables are collected.
	files, err := Files(dir)
	require.NoError(t, err)
	assert.Equal(t, []string{filepath.Join(dir, "t.json")}, files)
}
