package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func ramsim(args ...string) (string, int) {
	var out, errOut bytes.Buffer
	code := run(args, &out, &errOut)
	return out.String() + errOut.String(), code
}

func TestTestCommandContract(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	good := `{"policies":{"p":{"Version":"1","Statement":[{"Effect":"Allow","Action":"cr:*","Resource":"*"}]}},
	  "cases":[{"name":"pull","expect":"Allow","policies":["p"],"action":"cr:PullRepository","resource":"*"}]}`
	require.NoError(t, os.WriteFile(filepath.Join(dir, "good.json"), []byte(good), 0o600))
	out, code := ramsim("test", dir)
	assert.Equal(t, 0, code)
	assert.Equal(t, "1 passed, 0 failed", lastLine(out))

	bad := strings.Replace(good, `"expect":"Allow"`, `"expect":"ImplicitDeny"`, 1)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "bad.json"), []byte(bad), 0o600))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "broken.json"), []byte(`{"cases":[{"name":"x","expect":"Allow","parse":"{}","kind":"identity","typo":1}]}`), 0o600))
	out, code = ramsim("test", dir)
	assert.Equal(t, 1, code)
	assert.Equal(t, "1 passed, 2 failed", lastLine(out))
	assert.Contains(t, out, `bad.json:2: "pull": expected ImplicitDeny, got Allow`)
	assert.Contains(t, out, `unknown field "typo"`)
}

func TestCorpusThroughRamsim(t *testing.T) {
	out, code := ramsim("test", "../../testdata/decisions")
	assert.Equal(t, 0, code, out)
	assert.True(t, strings.HasSuffix(lastLine(out), " passed, 0 failed"), lastLine(out))
}

func TestValidate(t *testing.T) {
	t.Parallel()
	out, code := ramsim("validate", "../../testdata/policies/team-dev-namespace.json")
	assert.Equal(t, 0, code, out)
	p := filepath.Join(t.TempDir(), "bad.json")
	require.NoError(t, os.WriteFile(p, []byte("{\"Version\":\"1\",\n\"Statement\":[{\"Effect\":\"allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}"), 0o600))
	out, code = ramsim("validate", p)
	assert.Equal(t, 1, code)
	assert.Contains(t, out, p+":2:24: /Statement/0/Effect: invalid effect \"allow\"")
}

func TestSTSCommands(t *testing.T) {
	t.Parallel()
	world := "../../testdata/decisions/sts/chains.json"
	out, code := ramsim("path", "-world", world, "-from", "acs:ram::2222222222222222:user/ci", "-to", "acs:ram::3333333333333333:role/prod-pusher")
	assert.Equal(t, 0, code, out)
	assert.Contains(t, out, "2 hop(s)")
	out, code = ramsim("whocan", "-world", world, "-action", "cr:PushRepository", "-resource", "acs:cr:cn-hangzhou:3333333333333333:repository/prod/web")
	assert.Equal(t, 0, code, out)
	assert.Contains(t, out, "acs:ram::2222222222222222:user/ci  via acs:ram::1111111111111111:role/deployer -> acs:ram::3333333333333333:role/prod-pusher")
	out, code = ramsim("assume", "-world", world, "-caller", "acs:ram::2222222222222222:user/dev", "acs:ram::3333333333333333:role/prod-pusher")
	assert.Equal(t, 1, code, out)
	assert.Contains(t, out, "principal not admitted")
	out, code = ramsim("decide", "-world", world, "-principal", "acs:ram::2222222222222222:user/ci",
		"-action", "sts:AssumeRole", "-resource", "acs:ram::1111111111111111:role/deployer")
	assert.Equal(t, 0, code, out)
	assert.Contains(t, out, "ALLOW")
}

func TestUsage(t *testing.T) {
	t.Parallel()
	_, code := ramsim()
	assert.Equal(t, exitUsage, code)
	out, code := ramsim("nope")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, out, "unknown command")
	out, code = ramsim("-h")
	assert.Equal(t, exitOK, code)
	assert.Contains(t, out, "Exit status")
}

// Every subcommand's -h exits 0 on stdout, names its arguments and the exit statuses.
func TestSubcommandHelp(t *testing.T) {
	t.Parallel()
	for cmd, args := range map[string]string{
		"test": "PATH...", "validate": "FILE...", "decide": "-world W.json", "assume": "ROLE_ARN[@SESSION]...",
		"path": "-from ARN -to ROLE_ARN", "whocan": "-action A -resource R",
	} {
		var out, errOut strings.Builder
		code := run([]string{cmd, "-h"}, &out, &errOut)
		assert.Equal(t, exitOK, code, cmd)
		assert.Empty(t, errOut.String(), cmd)
		assert.Contains(t, out.String(), "usage: ramsim "+cmd+" ", cmd)
		assert.Contains(t, out.String(), args, cmd)
		assert.Contains(t, out.String(), "Exit status", cmd)
	}
}

// Flags may follow the positional arguments; "--" ends the flags.
func TestFlagsAfterArguments(t *testing.T) {
	t.Parallel()
	p := filepath.Join(t.TempDir(), "trust.json")
	require.NoError(t, os.WriteFile(p, []byte(`{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"RAM":"acs:ram::1:root"}}]}`), 0o600))
	out, code := ramsim("validate", p, "-kind", "trust")
	assert.Equal(t, exitOK, code, out)
	assert.Contains(t, out, "ok (trust policy)")
	out, code = ramsim("validate", "-kind", "trust", "--", p)
	assert.Equal(t, exitOK, code, out)
	out, code = ramsim("validate", "--", "-kind")
	assert.Equal(t, exitInput, code, out, "after --, -kind is a file name")
	out, code = ramsim("validate", p, "-bogus")
	assert.Equal(t, exitUsage, code, out)
	assert.Contains(t, out, "-bogus")
}

// Denials, unusable input and usage errors have distinct statuses.
func TestExitStatuses(t *testing.T) {
	t.Parallel()
	world := "../../testdata/decisions/sts/chains.json"
	_, code := ramsim("decide", "-world", world, "-principal", "acs:ram::2222222222222222:user/ci",
		"-action", "cr:DeleteRepository", "-resource", "acs:cr:cn-hangzhou:3333333333333333:repository/prod/web")
	assert.Equal(t, exitNo, code)
	_, code = ramsim("decide", "-world", world, "-action", "cr:*", "-resource", "*")
	assert.Equal(t, exitInput, code, "an action with a wildcard is an invalid request")
	_, code = ramsim("decide", "-world", "no-such-file.json", "-action", "cr:Get", "-resource", "*")
	assert.Equal(t, exitInput, code)
	_, code = ramsim("decide", "-world", world)
	assert.Equal(t, exitUsage, code, "-action and -resource are required")
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	return lines[len(lines)-1]
}

// Services act for accounts: -caller and -from take UID@SERVICE, and whocan lists them.
func TestSTSCommandsWithServices(t *testing.T) {
	t.Parallel()
	world := "../../testdata/decisions/sts/ack_cross_account.json"
	ecs := "1111111111111111@ecs.aliyuncs.com"
	registryRole := "acs:ram::2222222222222222:role/kubernetesworkerrole-test"
	out, code := ramsim("path", "-world", world, "-from", ecs, "-to", registryRole)
	assert.Equal(t, 0, code, out)
	assert.Contains(t, out, "hop 1  "+ecs+"  ->  acs:ram::1111111111111111:role/KubernetesWorkerRole-")
	assert.Contains(t, out, "2 hop(s): "+ecs+" reaches "+registryRole)
	out, code = ramsim("whocan", "-world", world, "-action", "cr:PullRepository", "-resource", "acs:cr:cn-hangzhou:2222222222222222:repository/cri-k3s8x1a9/team/web")
	assert.Equal(t, 0, code, out)
	assert.Contains(t, out, "  "+ecs+"  via acs:ram::1111111111111111:role/KubernetesWorkerRole-")
	out, code = ramsim("assume", "-world", world, "-caller", "2222222222222222@ecs.aliyuncs.com", "acs:ram::1111111111111111:role/KubernetesWorkerRole-4f3c9a2e-7d61-4b8e-9c05-1a2b3c4d5e6f")
	assert.Equal(t, 1, code, out)
	assert.Contains(t, out, "principal not admitted")
	out, code = ramsim("assume", "-world", world, "-caller", "ecs.aliyuncs.com", registryRole)
	assert.Equal(t, 2, code, out)
	assert.Contains(t, out, "want UID@SERVICE")
}

// -json prints the library's JSON forms: a decision, a chain, a who-can answer.
func TestJSONOutput(t *testing.T) {
	t.Parallel()
	world := "../../testdata/decisions/sts/chains.json"
	for _, args := range [][]string{
		{"decide", "-json", "-world", world, "-principal", "acs:ram::2222222222222222:user/ci", "-action", "sts:AssumeRole", "-resource", "acs:ram::1111111111111111:role/deployer"},
		{"path", "-world", world, "-from", "acs:ram::2222222222222222:user/ci", "-to", "acs:ram::3333333333333333:role/prod-pusher", "-json"},
		{"assume", "-world", world, "-caller", "acs:ram::2222222222222222:user/ci", "acs:ram::1111111111111111:role/deployer", "-json"},
		{"whocan", "-world", world, "-action", "cr:PushRepository", "-resource", "acs:cr:cn-hangzhou:3333333333333333:repository/prod/web", "-json"},
	} {
		var out, errOut strings.Builder
		code := run(args, &out, &errOut)
		assert.Equal(t, exitOK, code, "%v: %s", args, errOut.String())
		var v any
		require.NoError(t, json.Unmarshal([]byte(out.String()), &v), "%v: %s", args, out.String())
		switch args[0] {
		case "decide":
			assert.Equal(t, "Allow", v.(map[string]any)["decision"])
		case "whocan":
			assert.NotEmpty(t, v.([]any))
		default:
			assert.Equal(t, true, v.(map[string]any)["allowed"])
		}
	}
}
