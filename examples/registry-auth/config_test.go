package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

const minimalYAML = `
account: 1111111111111111
accounts:
  - id: 1111111111111111
    policies:
      P: {Version: "1", Statement: [{Effect: Allow, Action: "cr:*", Resource: "*"}]}
    groups: [{name: g, policies: [P]}]
    users:
      - name: alice
        access_keys: [{id: AKALICE00001, secret: alice-secret-000001}]
        groups: [g]
    roles:
      - name: r
        trust_policy: {Version: "1", Statement: []}
        max_session_duration: 2h
`

func TestParseConfigYAMLAndDefaults(t *testing.T) {
	cfg, err := ParseConfig([]byte(minimalYAML), ".yaml")
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Account != "1111111111111111" || cfg.Accounts[0].ID != "1111111111111111" {
		t.Errorf("unquoted UIDs: got %q and %q", cfg.Account, cfg.Accounts[0].ID)
	}
	if cfg.Listen != defaultListen || cfg.Service != defaultService || cfg.Issuer != defaultIssuer ||
		cfg.Region != defaultRegion || time.Duration(cfg.TokenTTL) != defaultTokenTTL || !*cfg.EmbeddedRegistry {
		t.Errorf("defaults not applied: %+v", cfg)
	}
	if d := time.Duration(cfg.Accounts[0].Roles[0].MaxSessionDuration); d != 2*time.Hour {
		t.Errorf("max_session_duration = %v", d)
	}
	var doc map[string]any
	if err := json.Unmarshal(cfg.Accounts[0].Policies["P"], &doc); err != nil || doc["Version"] != "1" {
		t.Errorf("policy P = %s (%v): want a JSON document", cfg.Accounts[0].Policies["P"], err)
	}
	if got := string(cfg.Accounts[0].Users[0].AccessKeys[0].Secret); got != "alice-secret-000001" {
		t.Errorf("secret = %q", got)
	}
}

func TestParseConfigJSON(t *testing.T) {
	j := `{"account":"1","token_ttl":60,"accounts":[{"id":"1","users":[{"name":"u","access_keys":[{"id":"AKUSER000001","secret":"0123456789abcdef"}]}]}]}`
	cfg, err := ParseConfig([]byte(j), ".json")
	if err != nil {
		t.Fatal(err)
	}
	if time.Duration(cfg.TokenTTL) != time.Minute {
		t.Errorf("token_ttl = %v, want 1m", time.Duration(cfg.TokenTTL))
	}
}

func TestParseConfigErrors(t *testing.T) {
	tests := []struct{ old, new, want string }{
		{"account: 1111111111111111\n", "account: 1111111111111111\nbogus: 1\n", `unknown field "bogus"`},
		{"groups: [g]\n    roles", "groups: [g]\n        policies: [Nope]\n    roles", `policy "Nope" is not defined`},
		{"groups: [g]\n    roles", "groups: [h]\n    roles", `group "h" is not defined`},
		{"secret: alice-secret-000001", "secret: short", "shorter than 16"},
		{"id: AKALICE00001", "id: STS.ALICE0001", "must be 8-64 letters"},
		{"account: 1111111111111111\n", "account: abc\n", "is not an account UID"},
		{"max_session_duration: 2h", "max_session_duration: 13h", "is outside"},
		{"max_session_duration: 2h", "max_session_duration: 30m", "is outside"},
		{"    roles:", "      - name: alice\n        access_keys: [{id: AKALICE00002, secret: alice-secret-000002}]\n    roles:", `"alice" is defined twice`},
	}
	for _, tt := range tests {
		in := strings.Replace(minimalYAML, tt.old, tt.new, 1)
		if in == minimalYAML {
			t.Fatalf("test edit %q does not apply", tt.old)
		}
		_, err := ParseConfig([]byte(in), ".yml")
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("edit %q: error %v, want it to mention %q", tt.new, err, tt.want)
		}
	}
}

func TestLoadConfigShippedDefault(t *testing.T) {
	cfg, err := LoadConfig("config.yaml")
	if err != nil {
		t.Fatalf("the default config.yaml must load: %v", err)
	}
	if len(cfg.Accounts) < 2 {
		t.Errorf("default config has %d accounts, want the cross-account demo", len(cfg.Accounts))
	}
}

func TestLoadConfigMissingFile(t *testing.T) {
	_, err := LoadConfig(filepath.Join(t.TempDir(), "nope.yaml"))
	if err == nil || !os.IsNotExist(unwrapAll(err)) {
		t.Fatalf("error %v, want file-not-found", err)
	}
}

// unwrapAll returns the innermost wrapped error.
func unwrapAll(err error) error {
	for {
		u, ok := err.(interface{ Unwrap() error })
		if !ok || u.Unwrap() == nil {
			return err
		}
		err = u.Unwrap()
	}
}
