package main

import (
	"errors"
	"strings"
	"testing"

	"github.com/rampolicy/ram/policy"
)

// TestNewRAMAuthorizerReportsEveryPolicyError: a configuration whose
// policies do not parse fails at start-up, naming each account, policy and
// element, without line and column (which would not point into the YAML).
func TestNewRAMAuthorizerReportsEveryPolicyError(t *testing.T) {
	bad := strings.NewReplacer(
		`P: {Version: "1", Statement: [{Effect: Allow, Action: "cr:*", Resource: "*"}]}`,
		`P: {Version: "1", Statement: [{Effect: Maybe, Action: "cr:*", Resource: "*"}]}`,
		`trust_policy: {Version: "1", Statement: []}`,
		`trust_policy: {Version: "1", Statement: [{Effect: Allow, Action: "sts:AssumeRole"}]}`,
	).Replace(minimalYAML)
	cfg, err := ParseConfig([]byte(bad), ".yaml")
	if err != nil {
		t.Fatal(err)
	}
	_, err = NewRAMAuthorizer(cfg)
	if err == nil {
		t.Fatal("NewRAMAuthorizer accepted invalid policies")
	}
	msg := err.Error()
	for _, want := range []string{
		"accounts[0] (1111111111111111).policies.P: /Statement/0/Effect:",
		"accounts[0] (1111111111111111).roles[0] (r).trust_policy: /Statement/0",
	} {
		if !strings.Contains(msg, want) {
			t.Errorf("error %q does not mention %q", msg, want)
		}
	}
	if !errors.Is(err, policy.ErrInvalidEffect) {
		t.Errorf("error %v does not wrap policy.ErrInvalidEffect", err)
	}
}

// TestNewRAMAuthorizerShippedConfig: config.yaml builds, and every user
// is known to the directory.
func TestNewRAMAuthorizerShippedConfig(t *testing.T) {
	cfg := loadTestConfig(t, "config.yaml")
	authz, err := NewRAMAuthorizer(cfg)
	if err != nil {
		t.Fatal(err)
	}
	users := authz.(*ramAuthorizer).users
	for _, a := range cfg.Accounts {
		for _, u := range a.Users {
			if users[userARN(string(a.ID), u.Name)] == nil {
				t.Errorf("user %s/%s has no identity", a.ID, u.Name)
			}
		}
	}
}
