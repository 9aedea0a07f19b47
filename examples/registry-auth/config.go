package main

import (
	"time"

	"github.com/rampolicy/ram/eval/world"
)

// Config is the token service configuration, read from a YAML (or JSON)
// file. Who may do what is not here: World names a world file of the ram
// library (accounts, users, groups, roles and policies), loaded with it.
type Config struct {
	// Listen is the TCP address to serve on; default 127.0.0.1:5000.
	Listen string `yaml:"listen"`
	// Realm is the public URL of the /token endpoint, as registries and
	// clients reach it; default http(s)://LISTEN/token.
	Realm string `yaml:"realm"`
	// Service is the token audience and the registry's service name;
	// default "ram-registry".
	Service string `yaml:"service"`
	// Issuer is the token issuer; default "ram-token-service".
	Issuer string `yaml:"issuer"`
	// Region, Account and Instance build repository ARNs:
	// acs:cr:REGION:ACCOUNT:repository/[INSTANCE/]NS/NAME.
	Region   string `yaml:"region"`
	Account  string `yaml:"account"`
	Instance string `yaml:"instance"`
	// TokenTTL is how long issued registry tokens live, such as "5m";
	// default 5m.
	TokenTTL time.Duration `yaml:"token_ttl"`
	// SigningKeyFile and SigningCertFile hold a PEM private key (EC P-256,
	// RSA or Ed25519) and its certificate. Both or neither: when neither,
	// a fresh key and self-signed certificate are made at start-up.
	SigningKeyFile  string `yaml:"signing_key_file"`
	SigningCertFile string `yaml:"signing_cert_file"`
	// CertOut, if set, receives the signing certificate (PEM) for an
	// external registry's auth.token.rootcertbundle.
	CertOut string `yaml:"cert_out"`
	// TLSCertFile and TLSKeyFile switch the listener to HTTPS.
	TLSCertFile string `yaml:"tls_cert_file"`
	TLSKeyFile  string `yaml:"tls_key_file"`
	// EmbeddedRegistry serves an in-memory registry under /v2/ on the same
	// listener; default true.
	EmbeddedRegistry *bool `yaml:"embedded_registry"`
	// Audit is where decision lines go: "stderr" (default), "stdout" or a
	// file path (appended).
	Audit string `yaml:"audit"`
	// World is the world file (JSON), relative to the configuration file;
	// its policy files are relative to it and must stay in its folder.
	World string `yaml:"world"`
	// AccessKeys are the long-term credentials, each of a user of World.
	AccessKeys []AccessKey `yaml:"access_keys"`

	world *world.World // loaded by LoadConfig
}

// AccessKey is a long-term credential: the ID is the login user name and
// the secret the password; User is the ARN of the user of the world that
// logs in with it (acs:ram::UID:user/NAME).
type AccessKey struct {
	ID     string `yaml:"id"`
	Secret Secret `yaml:"secret"`
	User   string `yaml:"user"`
}

// Defaults applied by applyDefaults.
const (
	defaultListen   = "127.0.0.1:5000"
	defaultService  = "ram-registry"
	defaultIssuer   = "ram-token-service"
	defaultRegion   = "cn-hangzhou"
	defaultTokenTTL = 5 * time.Minute
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
		c.TokenTTL = defaultTokenTTL
	}
	if c.EmbeddedRegistry == nil {
		on := true
		c.EmbeddedRegistry = &on
	}
	if c.Audit == "" {
		c.Audit = "stderr"
	}
}
