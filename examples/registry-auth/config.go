package main

import (
	"encoding/json"
	"time"
)

// Config is the token service configuration, read from a JSON or YAML file.
type Config struct {
	// Listen is the TCP address to serve on; default 127.0.0.1:5000.
	Listen string `json:"listen"`
	// Realm is the public URL of the /token endpoint, as registries and
	// clients reach it; default http(s)://LISTEN/token.
	Realm string `json:"realm"`
	// Service is the token audience and the registry's service name;
	// default "ram-registry".
	Service string `json:"service"`
	// Issuer is the token issuer; default "ram-token-service".
	Issuer string `json:"issuer"`
	// Region, Account and Instance build repository ARNs:
	// acs:cr:REGION:ACCOUNT:repository/[INSTANCE/]NS/NAME.
	Region   string `json:"region"`
	Account  UID    `json:"account"`
	Instance string `json:"instance"`
	// TokenTTL is how long issued registry tokens live; default 5m.
	TokenTTL Duration `json:"token_ttl"`
	// SigningKeyFile and SigningCertFile hold a PEM private key (EC P-256,
	// RSA or Ed25519) and its certificate. Both or neither: when neither,
	// a fresh key and self-signed certificate are made at start-up.
	SigningKeyFile  string `json:"signing_key_file"`
	SigningCertFile string `json:"signing_cert_file"`
	// CertOut, if set, receives the signing certificate (PEM) for an
	// external registry's auth.token.rootcertbundle.
	CertOut string `json:"cert_out"`
	// TLSCertFile and TLSKeyFile switch the listener to HTTPS.
	TLSCertFile string `json:"tls_cert_file"`
	TLSKeyFile  string `json:"tls_key_file"`
	// EmbeddedRegistry serves an in-memory registry under /v2/ on the same
	// listener; default true.
	EmbeddedRegistry *bool `json:"embedded_registry"`
	// Audit is where decision lines go: "stderr" (default), "stdout" or a
	// file path (appended).
	Audit string `json:"audit"`
	// Accounts are the RAM accounts with their identities and policies.
	Accounts []Account `json:"accounts"`
}

// Account is one RAM account (identified by its UID).
type Account struct {
	ID UID `json:"id"`
	// Policies are this account's custom policies by name; each value is a
	// RAM policy document (JSON, or the same structure in YAML).
	Policies map[string]json.RawMessage `json:"policies"`
	Groups   []Group                    `json:"groups"`
	Users    []User                     `json:"users"`
	Roles    []Role                     `json:"roles"`
}

// Group is a RAM user group with attached policies (names in Policies).
type Group struct {
	Name     string   `json:"name"`
	Policies []string `json:"policies"`
}

// User is a RAM user who logs in with one of its access keys.
type User struct {
	Name       string      `json:"name"`
	AccessKeys []AccessKey `json:"access_keys"`
	Policies   []string    `json:"policies"`
	Groups     []string    `json:"groups"`
}

// AccessKey is a long-term credential: the ID is the login user name and
// the secret the password.
type AccessKey struct {
	ID     string `json:"id"`
	Secret Secret `json:"secret"`
}

// Role is a RAM role that principals trusted by TrustPolicy may assume.
type Role struct {
	Name        string          `json:"name"`
	TrustPolicy json.RawMessage `json:"trust_policy"`
	Policies    []string        `json:"policies"`
	// MaxSessionDuration caps AssumeRole durations; default 1h.
	MaxSessionDuration Duration `json:"max_session_duration"`
}

// Defaults applied by applyDefaults.
const (
	defaultListen     = "127.0.0.1:5000"
	defaultService    = "ram-registry"
	defaultIssuer     = "ram-token-service"
	defaultRegion     = "cn-hangzhou"
	defaultTokenTTL   = 5 * time.Minute
	defaultMaxSession = time.Hour
)

// applyDefaults fills every unset optional field.
func (c *Config) applyDefaults() {
	if c.Listen == "" {
		c.Listen = defaultListen
	}
	if c.Service == "" {
		c.Service = defaultService
	}
	if c.Issuer == "" {
		c.Issuer = defaultIssuer
	}
	if c.Region == "" {
		c.Region = defaultRegion
	}
	if c.TokenTTL == 0 {
		c.TokenTTL = Duration(defaultTokenTTL)
	}
	if c.EmbeddedRegistry == nil {
		on := true
		c.EmbeddedRegistry = &on
	}
	if c.Audit == "" {
		c.Audit = "stderr"
	}
	for i := range c.Accounts {
		for j := range c.Accounts[i].Roles {
			if r := &c.Accounts[i].Roles[j]; r.MaxSessionDuration == 0 {
				r.MaxSessionDuration = Duration(defaultMaxSession)
			}
		}
	}
}
