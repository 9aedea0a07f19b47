package main

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDiffPlan(t *testing.T) {
	t.Parallel()
	tf := importData + "/terraform/"
	// A plan that widens the app group's policy: dev may now push.
	out, code := ramsim("diff", "-plan", tf+"widen-policy-plan.json", "-account", "1111111111111111")
	assert.Equal(t, exitNo, code, out)
	assert.Contains(t, out, "acs:ram::1111111111111111:user/dev\n  new access: FAIL")
	assert.Contains(t, out, "action cr:PushRepository on acs:cr:")

	// A plan that only renames the policy and moves its resource: nothing new.
	out, code = ramsim("diff", "-plan", tf+"rename-plan.json", "-account", "1111111111111111")
	assert.Equal(t, exitOK, code, out)
	assert.Equal(t, "no principal gains or loses access; no role admits a new caller; no new AssumeRole chain: PASS\n", out)

	// A trust change that admits another account: its root is a new caller.
	out, code = ramsim("diff", "-plan", tf+"cross-account-trust-plan.json")
	assert.Equal(t, exitNo, code, out)
	assert.Contains(t, out, "acs:ram::1111111111111111:role/auditor\n  new callers (trust policy): FAIL")
	assert.Contains(t, out, "caller    acs:ram::2222222222222222:root")

	// A new role and the path to it; what is unknown until apply is listed and fails.
	out, code = ramsim("diff", "-plan", tf+"registry-plan.json", "-account", "1111111111111111")
	assert.Equal(t, exitNo, code, out)
	assert.Contains(t, out, "new AssumeRole chain: acs:ram::1111111111111111:user/ci -> acs:ram::1111111111111111:role/prod-pusher")
	assert.Contains(t, out, "not compared: after: module.prod_registry.alicloud_ram_user.bot")

	// A new control policy only narrows: removed access, and no failure.
	out, code = ramsim("diff", "-plan", tf+"control-policy-plan.json", "-account", "1111111111111111", "-rd-path", "fd-prod01,r-root01")
	assert.Equal(t, exitOK, code, out)
	assert.Contains(t, out, "acs:ram::1111111111111111:user/ops\n  new access: PASS\n  removed access: FAIL")

	out, code = ramsim("diff", "-plan", tf+"widen-policy-plan.json", "-account", "1111111111111111", "-json")
	assert.Equal(t, exitNo, code, out)
	var answer struct {
		Principals []json.RawMessage `json:"principals"`
		Trust      []json.RawMessage `json:"trust"`
		Unresolved []string          `json:"unresolved"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &answer), out)
	assert.Len(t, answer.Principals, 1)

	_, code = ramsim("diff", "-plan", tf+"state.json")
	assert.Equal(t, exitUsage, code)
	_, code = ramsim("diff", "-plan")
	assert.Equal(t, exitUsage, code)
	out, code = ramsim("diff", "-plan", "x", "-h")
	assert.Equal(t, exitOK, code)
	assert.Contains(t, out, "Does a Terraform plan grant new access?")
}
