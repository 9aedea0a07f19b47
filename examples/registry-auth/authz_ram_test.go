package main

import (
	"testing"
)

// TestNewRAMAuthorizerShippedConfig: config.yaml builds, and the user of
// every access key is known to the world.
func TestNewRAMAuthorizerShippedConfig(t *testing.T) {
	cfg := loadTestConfig(t, "config.yaml")
	authz, err := NewRAMAuthorizer(cfg)
	if err != nil {
		t.Fatal(err)
	}
	users := authz.(*ramAuthorizer).users
	for _, k := range cfg.AccessKeys {
		if users[k.User] == nil {
			t.Errorf("user %s has no identity", k.User)
		}
	}
	if _, err := NewRAMAuthorizer(&Config{}); err == nil {
		t.Error("a configuration without a world built an authorizer")
	}
}
