package main

import (
	"bytes"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/sirupsen/logrus"
)

// TestMain silences the embedded registry's own log.
func TestMain(m *testing.M) {
	// The registry logs every 404 of a push as an error: keep it quiet
	// unless REGISTRY_AUTH_TEST_REGISTRY_LOG=1.
	if os.Getenv("REGISTRY_AUTH_TEST_REGISTRY_LOG") != "1" {
		logrus.SetOutput(io.Discard)
	}
	os.Exit(m.Run())
}

// syncBuffer is a goroutine-safe audit sink.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

// Write appends p.
func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

// lines returns the audit lines decoded as JSON objects.
func (b *syncBuffer) lines(t *testing.T) []map[string]any {
	t.Helper()
	b.mu.Lock()
	defer b.mu.Unlock()
	var out []map[string]any
	for _, l := range strings.Split(strings.TrimSpace(b.buf.String()), "\n") {
		if l == "" {
			continue
		}
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatalf("audit line is not JSON: %q: %v", l, err)
		}
		out = append(out, m)
	}
	return out
}

// String returns everything written.
func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// loadTestConfig reads a testdata config and makes it listen on an
// ephemeral loopback port.
func loadTestConfig(t *testing.T, file string) *Config {
	t.Helper()
	cfg, err := LoadConfig("testdata/" + file)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Listen = "127.0.0.1:0"
	return cfg
}

// startTestServer starts the service for cfg and stops it when t ends.
func startTestServer(t testing.TB, cfg *Config, authz Authorizer) (*Server, *syncBuffer) {
	t.Helper()
	audit := &syncBuffer{}
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	if testing.Verbose() {
		logger = slog.New(slog.NewTextHandler(os.Stderr, nil))
	}
	srv, err := Start(cfg, authz, NewAuditor(audit), logger)
	if err != nil {
		t.Fatalf("start server: %v", err)
	}
	t.Cleanup(func() {
		if err := srv.Close(); err != nil {
			t.Errorf("close server: %v", err)
		}
	})
	return srv, audit
}

// hostOf returns host:port of a base URL.
func hostOf(t testing.TB, base string) string {
	t.Helper()
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	return u.Host
}

// getToken calls /token directly with basic auth and returns the status
// and body.
func getToken(t testing.TB, hc *http.Client, base, service, id, secret string, scopes ...string) (int, []byte) {
	t.Helper()
	q := url.Values{"service": {service}, "scope": scopes}
	req, err := http.NewRequest(http.MethodGet, base+"/token?"+q.Encode(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if id != "" {
		req.SetBasicAuth(id, secret)
	}
	resp, err := hc.Do(req)
	if err != nil {
		t.Fatalf("GET /token: %v", err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, body
}

// assumeRole calls /sts/assume-role and returns the status and the
// decoded response (zero on error statuses).
func assumeRole(t testing.TB, hc *http.Client, base, id, secret string, params url.Values) (int, assumeRoleResponse, []byte) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, base+"/sts/assume-role", strings.NewReader(params.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.SetBasicAuth(id, secret)
	resp, err := hc.Do(req)
	if err != nil {
		t.Fatalf("POST /sts/assume-role: %v", err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	var out assumeRoleResponse
	if resp.StatusCode == http.StatusOK {
		if err := json.Unmarshal(body, &out); err != nil {
			t.Fatalf("decode AssumeRole response %s: %v", body, err)
		}
	}
	return resp.StatusCode, out, body
}

// assertNoSecrets fails if any secret appears in text.
func assertNoSecrets(t *testing.T, text string, secrets ...string) {
	t.Helper()
	for _, s := range secrets {
		if s != "" && strings.Contains(text, s) {
			t.Fatalf("secret %q leaked into the log", s)
		}
	}
}
