package main

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"log"
	"log/slog"
	"net"
	"net/http"
	"os"
	"time"
)

// Server is a running token service: /token, /sts/assume-role and, when
// enabled, an embedded registry under /v2/, all on one listener.
type Server struct {
	// URL is the base URL, e.g. "http://127.0.0.1:5000".
	URL string
	// Realm is the token endpoint URL given to the registry.
	Realm string
	// Signer signs the tokens; its certificate is the registry's trust root.
	Signer *Signer

	http   *http.Server
	ln     net.Listener
	tmpDir string
	stop   func()
	done   chan error
}

// Start listens on cfg.Listen and serves until Close. authz decides; audit
// receives one JSON line per decision; logger gets operational errors.
func Start(cfg *Config, authz Authorizer, audit *Auditor, logger *slog.Logger) (*Server, error) {
	now := time.Now
	ln, scheme, err := listen(cfg)
	if err != nil {
		return nil, err
	}
	s := &Server{ln: ln, stop: func() {}, done: make(chan error, 1)}
	s.URL = scheme + "://" + ln.Addr().String()
	s.Realm = cfg.Realm
	if s.Realm == "" {
		s.Realm = s.URL + "/token"
	}
	if err := s.setup(cfg, authz, audit, logger, now); err != nil {
		ln.Close()
		s.cleanup()
		return nil, err
	}
	go func() { s.done <- s.http.Serve(ln) }()
	return s, nil
}

// listen opens the listener, wrapped in TLS when configured.
func listen(cfg *Config) (net.Listener, string, error) {
	ln, err := net.Listen("tcp", cfg.Listen)
	if err != nil {
		return nil, "", fmt.Errorf("listen on %s: %w", cfg.Listen, err)
	}
	if cfg.TLSCertFile == "" {
		return ln, "http", nil
	}
	pair, err := tls.LoadX509KeyPair(cfg.TLSCertFile, cfg.TLSKeyFile)
	if err != nil {
		ln.Close()
		return nil, "", fmt.Errorf("load TLS key pair: %w", err)
	}
	return tls.NewListener(ln, &tls.Config{Certificates: []tls.Certificate{pair}, MinVersion: tls.VersionTLS12}), "https", nil
}

// setup builds the signer, handlers and optional embedded registry.
func (s *Server) setup(cfg *Config, authz Authorizer, audit *Auditor, logger *slog.Logger, now func() time.Time) error {
	signer, err := NewSigner(cfg.SigningKeyFile, cfg.SigningCertFile, now())
	if err != nil {
		return err
	}
	s.Signer = signer
	if cfg.CertOut != "" {
		if err := os.WriteFile(cfg.CertOut, signer.CertPEM(), 0o644); err != nil {
			return fmt.Errorf("write cert_out: %w", err)
		}
	}
	creds := NewCredentials(cfg)
	mux := http.NewServeMux()
	mux.Handle("/token", capQuery(&TokenService{
		Service: cfg.Service, Issuer: cfg.Issuer, TTL: cfg.TokenTTL,
		Mapper: ResourceMapper{Region: cfg.Region, Account: cfg.Account, Instance: cfg.Instance},
		Creds:  creds, Authz: authz, Signer: signer, Audit: audit, Log: logger, Now: now,
	}))
	mux.Handle("/sts/assume-role", capQuery(&STSService{
		Creds: creds, Authz: authz, Audit: audit,
		Realm: cfg.Service, Log: logger, Now: now,
	}))
	if *cfg.EmbeddedRegistry {
		if s.tmpDir, err = os.MkdirTemp("", "ram-registry-auth-"); err != nil {
			return fmt.Errorf("temporary directory for the registry: %w", err)
		}
		reg, stop, err := NewEmbeddedRegistry(context.Background(), RegistryOptions{
			Realm: s.Realm, Service: cfg.Service, Issuer: cfg.Issuer,
			CertPEM: signer.CertPEM(), Dir: s.tmpDir,
		})
		if err != nil {
			return err
		}
		s.stop = stop
		mux.Handle("/v2/", reg)
	}
	s.http = &http.Server{
		Handler:           mux,
		ReadHeaderTimeout: 10 * time.Second,
		MaxHeaderBytes:    maxHeaderBytes,
		ErrorLog:          log.New(io.Discard, "", 0), // TLS probes from clients are noise
	}
	return nil
}

// Shutdown stops accepting connections, waits for in-flight requests
// until ctx ends, then closes whatever is left and removes temporary files.
func (s *Server) Shutdown(ctx context.Context) error {
	err := s.http.Shutdown(ctx)
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
		err = s.http.Close() // connections that never sent a request keep Shutdown waiting
	}
	return s.finish(err)
}

// Close stops serving at once, dropping open connections, and removes
// temporary files.
func (s *Server) Close() error {
	return s.finish(s.http.Close())
}

// finish waits for Serve to return and cleans up.
func (s *Server) finish(err error) error {
	if serveErr := <-s.done; !errors.Is(serveErr, http.ErrServerClosed) {
		err = errors.Join(err, serveErr)
	}
	s.cleanup()
	return err
}

// cleanup stops the registry and removes the temporary directory.
func (s *Server) cleanup() {
	s.stop()
	if s.tmpDir != "" {
		os.RemoveAll(s.tmpDir)
	}
}

// Request size bounds. The request line and headers of any request (a
// registry token is a few KiB) stay under maxHeaderBytes; the query string
// of /token and /sts/assume-role under maxQueryBytes, as their bodies stay
// under 16 KiB, so no parameter costs more than its endpoint reads.
const (
	maxHeaderBytes = 64 << 10
	maxQueryBytes  = 8 << 10
)

// capQuery refuses a request whose query string is over maxQueryBytes
// before anything parses it.
func capQuery(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if len(r.URL.RawQuery) > maxQueryBytes {
			writeError(w, http.StatusRequestURITooLong, "INVALID_REQUEST", fmt.Sprintf("query string longer than %d bytes", maxQueryBytes))
			return
		}
		h.ServeHTTP(w, r)
	})
}
