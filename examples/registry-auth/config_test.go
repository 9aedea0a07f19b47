package main

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rampolicy/ram/eval/world"
	"github.com/rampolicy/ram/policy"
)

const minimalYAML = `
account: 1111111111111111
world: world.json
access_keys:
  - {id: AKALICE00001, secret: alice-secret-000001, user: "acs:ram::1111111111111111:user/alice"}
`

const minimalWorld = `{
  "policies": {
    "P": {"Version": "1", "Statement": [{"Effect": "Allow", "Action": "cr:*", "Resource": "*"}]},
    "T": {"Version": "1", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"RAM": "acs:ram::1111111111111111:root"}}]}
  },
  "directory": {"accounts": {"1111111111111111": {
    "groups": {"g": {"policies": ["P"]}},
    "users": {"alice": {"groups": ["g"]}},
    "roles": {"r": {"trust": "T", "maxSessionDuration": 7200}}
  }}}
}`

// writeConfig writes a configuration and its world into a new folder and
// returns the configuration's path.
func writeConfig(t *testing.T, config, worldJSON string) string {
	t.Helper()
	dir := t.TempDir()
	for name, text := range map[string]string{"config.yaml": config, "world.json": worldJSON} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return filepath.Join(dir, "config.yaml")
}

func TestLoadConfigYAMLAndDefaults(t *testing.T) {
	cfg, err := LoadConfig(writeConfig(t, minimalYAML, minimalWorld))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Account != "1111111111111111" {
		t.Errorf("unquoted UID: got %q", cfg.Account)
	}
	if cfg.Listen != defaultListen || cfg.Service != defaultService || cfg.Issuer != defaultIssuer ||
		cfg.Region != defaultRegion || cfg.TokenTTL != defaultTokenTTL || !*cfg.EmbeddedRegistry {
		t.Errorf("defaults not applied: %+v", cfg)
	}
	if got := string(cfg.AccessKeys[0].Secret); got != "alice-secret-000001" {
		t.Errorf("secret = %q", got)
	}
	if len(cfg.world.Principals()) != 2 {
		t.Errorf("world principals = %v", cfg.world.Principals())
	}
}

func TestParseConfigJSON(t *testing.T) {
	j := `{"account":"1","token_ttl":"1m","world":"w.json","access_keys":[{"id":"AKUSER000001","secret":"0123456789abcdef","user":"acs:ram::1:user/u"}]}`
	cfg, err := ParseConfig([]byte(j))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.TokenTTL != time.Minute {
		t.Errorf("token_ttl = %v, want 1m", cfg.TokenTTL)
	}
}

func TestLoadConfigErrors(t *testing.T) {
	tests := []struct{ old, new, want string }{
		{"account: 1111111111111111\n", "account: 1111111111111111\nbogus: 1\n", `field bogus not found`},
		{"account: 1111111111111111\n", "account: 1111111111111111\naccount: 2\n", `already defined`},
		{"secret: alice-secret-000001", "secret: short", "shorter than 16"},
		{"id: AKALICE00001", "id: STS.ALICE0001", "must be 8-64 letters"},
		{"account: 1111111111111111\n", "account: abc\n", "is not an account UID"},
		{"user/alice", "user/bob", "principal not in the world"},
		{"user/alice", "role/r", "not a user ARN"},
		{"world: world.json", "world: ''", "no world file"},
		{"account: 1111111111111111\n", "account: 1111111111111111\ntoken_ttl: 60\n", "line 3: cannot unmarshal !!int `60` into time.Duration"},
	}
	for _, tt := range tests {
		in := strings.Replace(minimalYAML, tt.old, tt.new, 1)
		if in == minimalYAML {
			t.Fatalf("test edit %q does not apply", tt.old)
		}
		_, err := LoadConfig(writeConfig(t, in, minimalWorld))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("edit %q: error %v, want it to mention %q", tt.new, err, tt.want)
		}
	}
}

// TestLoadConfigWorldErrors: the world's errors name its file, the JSON
// Pointer, the line and the column, and wrap the library's sentinels.
func TestLoadConfigWorldErrors(t *testing.T) {
	tests := []struct{ old, new, want string }{
		{`"groups": ["g"]`, `"groups": ["h"]`, `world.json:8:15: /directory/accounts/1111111111111111/users/alice: account 1111111111111111: user "alice": unknown group "h"`},
		{`"groups": {"g": {"policies": ["P"]}}`, `"groups": {"g": {"policies": ["Nope"]}}`, `world.json:7:35: /directory/accounts/1111111111111111/groups/g/policies/0: unknown policy "Nope"`},
		{`"maxSessionDuration": 7200`, `"maxSessionDuration": 50000`, `/directory/accounts/1111111111111111/roles/r: account 1111111111111111: role "r": maxSessionDuration 50000 is outside 3600..43200`},
		{`"Effect": "Allow", "Action": "cr:*"`, `"Effect": "Maybe", "Action": "cr:*"`, "world.json:3:52: /policies/P/Statement/0/Effect: "},
		{`"T": {"Version": "1", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Principal"`, `"T": {"Version": "1", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Principals"`, "/policies/T/Statement/0/Principals"},
		{`"users": {`, `"Users": {`, `unknown member "Users"`},
	}
	for _, tt := range tests {
		in := strings.Replace(minimalWorld, tt.old, tt.new, 1)
		if in == minimalWorld {
			t.Fatalf("test edit %q does not apply", tt.old)
		}
		_, err := LoadConfig(writeConfig(t, minimalYAML, in))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("edit %q: error %v, want it to mention %q", tt.new, err, tt.want)
		}
		if !errors.Is(err, world.ErrWorld) {
			t.Errorf("edit %q: error %v does not wrap world.ErrWorld", tt.new, err)
		}
	}
	_, err := LoadConfig(writeConfig(t, minimalYAML, strings.Replace(minimalWorld, `"Effect": "Allow", "Action": "cr:*"`, `"Effect": "Maybe", "Action": "cr:*"`, 1)))
	if !errors.Is(err, policy.ErrInvalidEffect) {
		t.Errorf("error %v does not wrap policy.ErrInvalidEffect", err)
	}
}

func TestLoadConfigShippedDefault(t *testing.T) {
	cfg, err := LoadConfig("config.yaml")
	if err != nil {
		t.Fatalf("the default config.yaml must load: %v", err)
	}
	if len(cfg.AccessKeys) < 5 {
		t.Errorf("default config has %d access keys, want the whole demo", len(cfg.AccessKeys))
	}
}

func TestLoadConfigMissingFile(t *testing.T) {
	_, err := LoadConfig(filepath.Join(t.TempDir(), "nope.yaml"))
	if !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("error %v, want file-not-found", err)
	}
	_, err = LoadConfig(writeConfig(t, strings.Replace(minimalYAML, "world.json", "other.json", 1), minimalWorld))
	if !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("error %v, want the world file not found", err)
	}
}
