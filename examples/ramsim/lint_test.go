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

func TestLintHelp(t *testing.T) {
	t.Parallel()
	out, code := ramsim("lint", "-h")
	assert.Equal(t, 0, code)
	for _, want := range []string{"FILE...", "-kind", "-format", "-fail-on", "-account"} {
		assert.Contains(t, out, want)
	}
}

func TestLintUsageErrors(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{
		{"lint"},
		{"lint", "-kind", "bogus", "x.json"},
		{"lint", "-format", "xml", "x.json"},
		{"lint", "-fail-on", "fatal", "x.json"},
		{"lint", "no-such-file.json"},
	} {
		_, code := ramsim(args...)
		assert.Equal(t, 2, code, args)
	}
}

func TestLintText(t *testing.T) {
	t.Parallel()
	p := "../../testdata/lint/issue-14-new-user.json"
	out, code := ramsim("lint", p)
	assert.Equal(t, 1, code, out)
	assert.Contains(t, out, p+":7:18: error UnknownAction: cr:PullRepositry is not a cr action; did you mean cr:PullRepository?\n")
	// -fail-on none always exits 0.
	_, code = ramsim("lint", "-fail-on", "none", p)
	assert.Equal(t, 0, code)
	// A clean published policy passes even at the strictest threshold.
	out, code = ramsim("lint", "-fail-on", "suggestion", "../../testdata/lint/acr-credential-helper-worker.json")
	assert.Equal(t, 0, code, out)
	assert.Empty(t, out)
}

func TestLintFailOn(t *testing.T) {
	t.Parallel()
	p := "../../testdata/lint/trust-saml-without-recipient.json" // one warning
	for failOn, want := range map[string]int{"error": 0, "security-warning": 0, "warning": 1, "suggestion": 1, "none": 0} {
		out, code := ramsim("lint", "-kind", "trust", "-fail-on", failOn, p)
		assert.Equal(t, want, code, "%s: %s", failOn, out)
	}
}

func TestLintParseErrorsAreFindings(t *testing.T) {
	t.Parallel()
	p := filepath.Join(t.TempDir(), "bad.json")
	require.NoError(t, os.WriteFile(p, []byte("{\"Version\":\"1\",\n\"Statement\":[{\"Efect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}"), 0o600))
	out, code := ramsim("lint", p)
	assert.Equal(t, 1, code)
	assert.Contains(t, out, p+":2:15: error InvalidPolicyElement: unknown element \"Efect\"")
}

func TestLintJSONAndSARIF(t *testing.T) {
	t.Parallel()
	p := "../../testdata/lint/masked-role-arn.json"
	out, code := ramsim("lint", "-format", "json", p)
	assert.Equal(t, 1, code)
	var found []map[string]any
	require.NoError(t, json.Unmarshal([]byte(out), &found), out)
	require.Len(t, found, 1)
	assert.Equal(t, p, found[0]["file"])
	assert.Equal(t, "MaskedID", found[0]["code"])
	assert.Equal(t, "error", found[0]["severity"])
	assert.Equal(t, "/Statement/0/Resource", found[0]["pointer"])

	out, code = ramsim("lint", "-format", "sarif", "-fail-on", "none", p)
	assert.Equal(t, 0, code)
	var log map[string]any
	require.NoError(t, json.Unmarshal([]byte(out), &log), out)
	assert.Equal(t, "2.1.0", log["version"])
	assert.True(t, strings.Contains(out, `"ruleId": "MaskedID"`), out)

	out, _ = ramsim("lint", "-format", "json", "../../testdata/lint/trust-rrsa.json")
	assert.Contains(t, out, "InvalidPolicyElement", "a trust policy linted as identity fails to parse: -kind matters")
	out, code = ramsim("lint", "-format", "json", "-kind", "trust", "../../testdata/lint/trust-rrsa.json")
	assert.Equal(t, 0, code)
	assert.Equal(t, "[]\n", out)
}
