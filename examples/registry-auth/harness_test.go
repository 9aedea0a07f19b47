package main

import (
	"bytes"
	"context"
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

// loadTestConfig reads a configuration (path relative to the package
// directory) and makes it listen on an ephemeral loopback port.
func loadTestConfig(t testing.TB, path string) *Config {
	t.Helper()
	cfg, err := LoadConfig(path)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Listen = "127.0.0.1:0"
	return cfg
}

// newTestAuthorizer returns the real RAM authorizer for cfg, wrapped to
// record what it is asked.
func newTestAuthorizer(t testing.TB, cfg *Config) *recordingAuthorizer {
	t.Helper()
	authz, err := NewRAMAuthorizer(cfg)
	if err != nil {
		t.Fatalf("NewRAMAuthorizer: %v", err)
	}
	return &recordingAuthorizer{Authorizer: authz}
}

// recordingAuthorizer passes every call to the real Authorizer and
// remembers the last Authorize call, so that tests can look at the
// principal and request context the token service derived.
type recordingAuthorizer struct {
	Authorizer

	mu   sync.Mutex
	last authorizeCall
}

// authorizeCall is one recorded Authorize call.
type authorizeCall struct {
	Principal *Principal
	Checks    []Check
	Context   RequestContext
}

// Authorize records the call and delegates.
func (r *recordingAuthorizer) Authorize(ctx context.Context, p *Principal, checks []Check, rc RequestContext) ([]Decision, error) {
	r.mu.Lock()
	r.last = authorizeCall{p, checks, rc}
	r.mu.Unlock()
	return r.Authorizer.Authorize(ctx, p, checks, rc)
}

// lastCall returns the most recent Authorize call.
func (r *recordingAuthorizer) lastCall() authorizeCall {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.last
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
	status, body, _ := getTokenWithID(t, hc, base, service, id, secret, scopes...)
	return status, body
}

// getTokenWithID is getToken that also returns the X-Request-Id header,
// which the audit lines of the request carry.
func getTokenWithID(t testing.TB, hc *http.Client, base, service, id, secret string, scopes ...string) (int, []byte, string) {
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
	return resp.StatusCode, body, resp.Header.Get("X-Request-Id")
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

// assertAudited returns the last decision line with these fields, and
// fails if there is none.
func assertAudited(t *testing.T, audit *syncBuffer, principal, action, resource, decision string) map[string]any {
	t.Helper()
	var found map[string]any
	for _, l := range audit.lines(t) {
		if l["msg"] == "decision" && l["principal"] == principal && l["action"] == action &&
			l["resource"] == resource && l["decision"] == decision {
			found = l
		}
	}
	if found == nil {
		t.Fatalf("no audit line %s %s %s %s in:\n%s", principal, action, resource, decision, audit.String())
	}
	return found
}

// decidedBy returns the decided_by list of an audit line.
func decidedBy(line map[string]any) []string {
	var out []string
	list, _ := line["decided_by"].([]any)
	for _, x := range list {
		if s, ok := x.(string); ok {
			out = append(out, s)
		}
	}
	return out
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
