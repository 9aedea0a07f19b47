// Command registry-auth is a Docker Registry v2 token service whose
// decisions come from Alibaba Cloud RAM policies evaluated by the ram
// library. By default it also embeds an in-memory registry on the same
// address, so `go run .` gives a registry to `docker login` into.
package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/sirupsen/logrus"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "registry-auth:", err)
		os.Exit(1)
	}
}

// run parses flags, starts the server and waits for a signal.
func run() error {
	configPath := flag.String("config", "config.yaml", "configuration file (JSON or YAML)")
	listen := flag.String("listen", "", "listen address, overriding the configuration")
	registryLog := flag.String("registry-log", "fatal", "log level of the embedded registry (debug, info, warn, error, fatal); at error it reports every 404 of a push")
	flag.Parse()
	level, err := logrus.ParseLevel(*registryLog)
	if err != nil {
		return fmt.Errorf("-registry-log: %w", err)
	}
	logrus.SetLevel(level)

	cfg, err := LoadConfig(*configPath)
	if err != nil {
		return err
	}
	if *listen != "" {
		cfg.Listen = *listen
	}
	logger := slog.New(slog.NewTextHandler(os.Stderr, nil))

	authz, err := NewRAMAuthorizer(cfg)
	if err != nil {
		return err
	}
	sink, closeSink, err := openAuditSink(cfg.Audit)
	if err != nil {
		return err
	}
	defer closeSink()
	srv, err := Start(cfg, authz, NewAuditor(sink), logger)
	if err != nil {
		return err
	}
	logger.Info("serving", "url", srv.URL, "realm", srv.Realm, "service", cfg.Service,
		"embedded_registry", *cfg.EmbeddedRegistry, "signing_alg", srv.Signer.Algorithm(), "kid", srv.Signer.KeyID())

	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
	<-sig
	logger.Info("shutting down")
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return srv.Shutdown(ctx)
}
