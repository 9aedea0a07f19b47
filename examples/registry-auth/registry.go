package main

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"

	"github.com/distribution/distribution/v3/configuration"
	"github.com/distribution/distribution/v3/registry/handlers"

	// Register the token access controller and the in-memory storage driver.
	_ "github.com/distribution/distribution/v3/registry/auth/token"
	_ "github.com/distribution/distribution/v3/registry/storage/driver/inmemory"
)

// RegistryOptions configures an in-process distribution registry that
// accepts only tokens from this service.
type RegistryOptions struct {
	Realm   string // URL of /token, sent to clients in WWW-Authenticate
	Service string // must equal the token audience
	Issuer  string // must equal the token issuer
	CertPEM []byte // signing certificate: the registry's rootcertbundle
	Dir     string // where the rootcertbundle file is written
}

// registryConfig returns distribution's configuration for opts: in-memory
// storage, deletes enabled, no upload purging, token auth.
func registryConfig(opts RegistryOptions, bundle string) *configuration.Configuration {
	cfg := &configuration.Configuration{
		Storage: configuration.Storage{
			"inmemory":    configuration.Parameters{},
			"delete":      configuration.Parameters{"enabled": true},
			"maintenance": configuration.Parameters{"uploadpurging": map[any]any{"enabled": false}},
		},
		Auth: configuration.Auth{
			"token": configuration.Parameters{
				"realm":          opts.Realm,
				"service":        opts.Service,
				"issuer":         opts.Issuer,
				"rootcertbundle": bundle,
			},
		},
	}
	cfg.HTTP.Secret = randomToken(32)
	// Defaults that distribution applies only when it parses a YAML file.
	cfg.Catalog.MaxEntries = 1000
	cfg.Tags.MaxTags = 1000
	return cfg
}

// NewEmbeddedRegistry starts distribution's registry application as an
// http.Handler for /v2/. stop releases its background work.
func NewEmbeddedRegistry(ctx context.Context, opts RegistryOptions) (h http.Handler, stop func(), err error) {
	bundle := filepath.Join(opts.Dir, "token-rootcertbundle.pem")
	if err := os.WriteFile(bundle, opts.CertPEM, 0o644); err != nil {
		return nil, nil, fmt.Errorf("write registry rootcertbundle: %w", err)
	}
	defer func() { // handlers.NewApp reports configuration errors by panicking
		if r := recover(); r != nil {
			h, stop, err = nil, nil, fmt.Errorf("start embedded registry: %v", r)
		}
	}()
	app := handlers.NewApp(ctx, registryConfig(opts, bundle))
	return app, func() { app.Shutdown() }, nil
}
