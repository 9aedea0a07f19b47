package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rampolicy/ram/policy/system"
)

const importData = "../../testdata/import"

func TestImportTerraformThenAsk(t *testing.T) {
	t.Parallel()
	w := filepath.Join(t.TempDir(), "after.json")
	out, code := ramsim("import", "terraform", "-account", "1111111111111111", "-o", w, importData+"/terraform/registry-plan.json")
	// Values known only after apply are listed, and the world is still written.
	assert.Equal(t, exitNo, code, out)
	assert.Contains(t, out, "left out: module.prod_registry.alicloud_ram_user.bot: user name (name) is known only after apply")
	assert.Contains(t, out, "3 things left out")

	out, code = ramsim("whocan", "-world", w, "-action", "cr:PushRepository", "-resource", "acs:cr:cn-hangzhou:1111111111111111:repository/prod/web")
	assert.Equal(t, exitOK, code, out)
	assert.Contains(t, out, "acs:ram::1111111111111111:user/ci")
	assert.Contains(t, out, "acs:ram::1111111111111111:role/prod-pusher")

	before := filepath.Join(t.TempDir(), "before.json")
	out, code = ramsim("import", "terraform", "-world", "before", "-account", "1111111111111111", "-o", before, importData+"/terraform/registry-plan.json")
	assert.Equal(t, exitOK, code, out) // the prior state is complete
	out, code = ramsim("whocan", "-world", before, "-action", "cr:PushRepository", "-resource", "acs:cr:cn-hangzhou:1111111111111111:repository/prod/web")
	assert.Equal(t, exitNo, code, out)
}

func TestImportTerraformToStdout(t *testing.T) {
	t.Parallel()
	out, code := ramsim("import", "terraform", importData+"/terraform/state.json")
	assert.Equal(t, exitOK, code, out)
	assert.Contains(t, out, `"trust": "trust:deployer"`)
	assert.Contains(t, out, `"maxSessionDuration": 43200`)
}

func TestImportErrors(t *testing.T) {
	t.Parallel()
	out, code := ramsim("import", "terraform", importData+"/terraform/registry-plan.json")
	assert.Equal(t, exitInput, code)
	assert.Contains(t, out, "-account")

	dir := t.TempDir()
	bad := filepath.Join(dir, "state.json")
	require.NoError(t, os.WriteFile(bad, []byte(`{"format_version":"1.0","values":{"root_module":{"resources":[
	  {"address":"alicloud_ram_user.u","mode":"managed","type":"alicloud_ram_user","name":"u","values":{"name":"u"}},
	  {"address":"alicloud_ram_user_policy_attachment.a","mode":"managed","type":"alicloud_ram_user_policy_attachment","name":"a",
	   "values":{"user_name":"u","policy_name":"AdministratorAccess","policy_type":"System"}}]}}}`), 0o600))
	out, code = ramsim("import", "terraform", "-account", "1111111111111111", bad)
	assert.Equal(t, exitInput, code)
	assert.Contains(t, out, `system policy not embedded: "AdministratorAccess"`)

	admin := filepath.Join(dir, "admin.json")
	require.NoError(t, os.WriteFile(admin, []byte(`{"Version":"1","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`), 0o600))
	out, code = ramsim("import", "terraform", "-account", "1111111111111111", "-system-policy", "AdministratorAccess="+admin, bad)
	assert.Equal(t, exitOK, code, out)

	_, code = ramsim("import", "terraform", "-world", "sideways", bad)
	assert.Equal(t, exitUsage, code)
	_, code = ramsim("import", "terraform", "-world", "before", "-account", "1111111111111111", "-system-policy", "AdministratorAccess="+admin, bad)
	assert.Equal(t, exitUsage, code)
	_, code = ramsim("import", "cloudformation", bad)
	assert.Equal(t, exitUsage, code)
	_, code = ramsim("import")
	assert.Equal(t, exitUsage, code)
	out, code = ramsim("import", "snapshot", "-h")
	assert.Equal(t, exitOK, code)
	assert.Contains(t, out, "usage: ramsim import snapshot")
}

func TestImportSnapshot(t *testing.T) {
	t.Parallel()
	w := filepath.Join(t.TempDir(), "w.json")
	out, code := ramsim("import", "snapshot", "-o", w, importData+"/snapshot/registry")
	assert.Equal(t, exitOK, code, out)
	out, code = ramsim("decide", "-world", w, "-principal", "acs:ram::1111111111111111:user/bob",
		"-action", "cr:PushRepository", "-resource", "acs:cr:cn-hangzhou:1111111111111111:repository/prod/web")
	assert.Equal(t, exitNo, code, out)
	assert.Contains(t, out, "ExplicitDeny")

	out, code = ramsim("import", "snapshot", "-account", "1111111111111111", importData+"/snapshot/incomplete")
	assert.Equal(t, exitNo, code, out)
	assert.Contains(t, out, "left out: GetRole/orphan.json: missing")
}

// collect-snapshot.sh against a fake aliyun that answers from the registry fixture:
// what the script collects imports to the same world as the fixture.
func TestCollectSnapshotScript(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("a POSIX shell script")
	}
	for _, tool := range []string{"sh", "jq"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s not found", tool)
		}
	}
	t.Parallel()
	fixture, err := filepath.Abs(importData + "/snapshot/registry")
	require.NoError(t, err)
	// The fake answers GetPolicy for system policies from the embedded texts, as RAM
	// answers it for any system policy.
	server := filepath.Join(t.TempDir(), "server")
	require.NoError(t, os.CopyFS(server, os.DirFS(fixture)))
	require.NoError(t, os.MkdirAll(filepath.Join(server, "GetPolicy", "System"), 0o755))
	for _, name := range system.Names() {
		text, err := system.Text(name)
		require.NoError(t, err)
		resp, err := json.Marshal(map[string]any{"DefaultPolicyVersion": map[string]any{"PolicyDocument": string(text), "VersionId": "v1"}})
		require.NoError(t, err)
		p := filepath.Join(server, "GetPolicy", "System", name+".json")
		if _, err := os.Stat(p); err != nil {
			require.NoError(t, os.WriteFile(p, resp, 0o644))
		}
	}
	fake := filepath.Join(t.TempDir(), "aliyun")
	require.NoError(t, os.WriteFile(fake, []byte(fakeAliyun), 0o755))
	out := filepath.Join(t.TempDir(), "snap")
	cmd := exec.Command("sh", "collect-snapshot.sh", out)
	cmd.Env = append(os.Environ(), "ALIYUN="+fake, "FIXTURE="+server)
	msg, err := cmd.CombinedOutput()
	require.NoError(t, err, string(msg))

	want, code := ramsim("import", "snapshot", fixture)
	require.Equal(t, exitOK, code, want)
	got, code := ramsim("import", "snapshot", out)
	require.Equal(t, exitOK, code, got)
	assert.Equal(t, want, got)
}

// fakeAliyun answers the calls collect-snapshot.sh makes from $FIXTURE, a snapshot
// folder; GetPolicy falls back to the fixture's GetPolicyVersion, and for a system
// policy the fixture lacks it answers as RAM does for one it does not know.
const fakeAliyun = `#!/bin/sh
set -eu
svc=$1 api=$2; shift 2
arg() { while [ $# -gt 0 ]; do [ "$1" = "--$want" ] && { echo "$2"; return; }; shift; done; }
case "$svc $api" in
"sts GetCallerIdentity") cat "$FIXTURE/GetCallerIdentity.json" ;;
"ram ListUsers"|"ram ListGroups"|"ram ListRoles")
	want=Marker; m=$(arg "$@")
	if [ -f "$FIXTURE/$api.json" ]; then cat "$FIXTURE/$api.json"
	elif [ -z "$m" ]; then cat "$FIXTURE/$api.1.json"
	else cat "$FIXTURE/$api.2.json"; fi ;;
"ram GetRole") want=RoleName; cat "$FIXTURE/GetRole/$(arg "$@").json" ;;
"ram ListGroupsForUser"|"ram ListPoliciesForUser") want=UserName; cat "$FIXTURE/$api/$(arg "$@").json" ;;
"ram ListPoliciesForGroup") want=GroupName; cat "$FIXTURE/$api/$(arg "$@").json" ;;
"ram ListPoliciesForRole") want=RoleName; cat "$FIXTURE/$api/$(arg "$@").json" ;;
"ram GetPolicy")
	want=PolicyType; ty=$(arg "$@"); want=PolicyName; n=$(arg "$@")
	if [ -f "$FIXTURE/GetPolicy/$ty/$n.json" ]; then cat "$FIXTURE/GetPolicy/$ty/$n.json"
	elif [ -f "$FIXTURE/GetPolicyVersion/$ty/$n.json" ]; then
		jq '{DefaultPolicyVersion: .PolicyVersion, RequestId: .RequestId}' "$FIXTURE/GetPolicyVersion/$ty/$n.json"
	else echo "ERROR: SDK.ServerError EntityNotExist.Policy" >&2; exit 1; fi ;;
*) echo "fake aliyun: unexpected $svc $api" >&2; exit 1 ;;
esac
`

func TestImportUsageListed(t *testing.T) {
	t.Parallel()
	out, code := ramsim("help")
	assert.Equal(t, exitOK, code)
	assert.True(t, strings.Contains(out, "import terraform"), out)
}
