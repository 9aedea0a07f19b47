package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const changes = "../../testdata/changes/"

// TestDiffCorpus runs every change case through the command and checks the exit status
// CI gates on: 0 when nothing is added, 1 when something is.
func TestDiffCorpus(t *testing.T) {
	cases, _ := filepath.Glob(changes + "*/case.json")
	require.NotEmpty(t, cases)
	for _, cf := range cases {
		var c struct {
			Kind, Check, Added, Expect   string
			Actions, Resources, Accounts []string
			Principals                   []string
			NewPaths                     int
		}
		text, err := os.ReadFile(cf)
		require.NoError(t, err)
		require.NoError(t, json.Unmarshal(text, &c))
		dir := filepath.Dir(cf)
		args := []string{"diff", "-kind", c.Kind}
		want := c.Added
		switch c.Check {
		case "":
			args = append(args, filepath.Join(dir, "old"), filepath.Join(dir, "new"))
		case "not-granted":
			args = append(args, "-not-granted")
			for _, a := range c.Actions {
				args = append(args, "-action", a)
			}
			for _, r := range c.Resources {
				args = append(args, "-resource", r)
			}
			args, want = append(args, filepath.Join(dir, "set")), c.Expect
		case "world":
			args = []string{"diff", "-world", filepath.Join(dir, "old.json"), filepath.Join(dir, "new.json")}
			want = c.Expect
		case "no-external":
			args = append(args, "-no-external")
			for _, a := range c.Accounts {
				args = append(args, "-account", a)
			}
			args, want = append(args, filepath.Join(dir, "set")), c.Expect
		}
		out, code := ramsim(args...)
		wantCode := map[string]int{"PASS": 0, "FAIL": 1}[want]
		assert.Equal(t, wantCode, code, "%s\n%s", dir, out)
		if want == "FAIL" {
			assert.Contains(t, out, "FAIL, for example:", dir)
			assert.Contains(t, out, "allowed   by", dir)
		}
		for _, p := range c.Principals {
			assert.Contains(t, out, p+"\n  new access: FAIL", dir)
		}
		if c.NewPaths > 0 {
			assert.Equal(t, c.NewPaths, strings.Count(out, "new AssumeRole chain:"), dir)
		}
	}
}

func TestDiffOutput(t *testing.T) {
	out, code := ramsim("diff", changes+"03-drop-deny/old", changes+"03-drop-deny/new")
	assert.Equal(t, 1, code)
	assert.Equal(t, `new access: FAIL, for example:
  1. action oss:DeleteBucket on acs:oss:example:example:prod-example
     allowed   by oss#0 at 4:5
     other     ExplicitDeny by oss#1 at 9:5
removed access: PASS
`, out)

	out, code = ramsim("diff", "-json", changes+"04-loosen-ip/old", changes+"04-loosen-ip/new")
	assert.Equal(t, 1, code)
	var d struct {
		Added struct {
			Pass      bool
			Witnesses []struct {
				Action  string
				Context map[string][]string
				Checked bool
			}
		}
		Removed struct{ Pass bool }
	}
	require.NoError(t, json.Unmarshal([]byte(out), &d), out)
	assert.False(t, d.Added.Pass)
	assert.True(t, d.Removed.Pass)
	require.NotEmpty(t, d.Added.Witnesses)
	assert.True(t, d.Added.Witnesses[0].Checked)
	assert.Contains(t, d.Added.Witnesses[0].Context, "acs:SourceIp")
}

func TestDiffUsageAndErrors(t *testing.T) {
	_, code := ramsim("diff")
	assert.Equal(t, 64, code)
	_, code = ramsim("diff", "-kind", "nonsense", "a", "b")
	assert.Equal(t, 64, code)
	_, code = ramsim("diff", "-not-granted", changes+"12-tighten/old")
	assert.Equal(t, 64, code)
	out, code := ramsim("diff", changes+"12-tighten/old", "no-such-file.json")
	assert.Equal(t, 2, code)
	assert.True(t, strings.Contains(out, "invalid input"), out)
	// A trust policy read as an identity policy is invalid input, not a PASS.
	out, code = ramsim("diff", changes+"17-trust-other-account/old", changes+"17-trust-other-account/new")
	assert.Equal(t, 2, code, out)
	// Undecided is exit status 2 too.
	dir := t.TempDir()
	mixed := `{"Version":"1","Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"StringLike":{"k:n":"1*"},"NumericLessThan":{"k:n":"5"}}}]}`
	require.NoError(t, os.WriteFile(filepath.Join(dir, "p.json"), []byte(mixed), 0o600))
	out, code = ramsim("diff", filepath.Join(dir, "p.json"), filepath.Join(dir, "p.json"))
	assert.Equal(t, 2, code)
	assert.Contains(t, out, "undecided")
}
