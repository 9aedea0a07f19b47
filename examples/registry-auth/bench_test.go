package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// BenchmarkTokenEndpoint measures GET /token over loopback TCP with
// keep-alive connections and parallel clients: basic auth, three scopes
// (five RAM checks), ES256 signing. It uses config.yaml with benchExtra
// additional policies on the developers group (so the evaluator has a
// realistic number of statements to look at), and the real RAM authorizer.
// Reported metric: req/s.
//
//	go test -run '^$' -bench TokenEndpoint -benchtime 5s
func BenchmarkTokenEndpoint(b *testing.B) {
	cfg := loadBenchConfig(b, benchExtra)
	cfg.Listen = "127.0.0.1:0"
	off := false
	cfg.EmbeddedRegistry = &off

	authz, err := NewRAMAuthorizer(cfg)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("ram", func(b *testing.B) {
		srv, err := Start(cfg, authz, NewAuditor(io.Discard), slog.New(slog.NewTextHandler(io.Discard, nil)))
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { srv.Close() })
		q := url.Values{"service": {cfg.Service}, "scope": {
			"repository:dev/app:pull,push", "repository:prod/app:pull,push", "registry:catalog:*"}}
		target := srv.URL + "/token?" + q.Encode()
		tr := http.DefaultTransport.(*http.Transport).Clone()
		tr.MaxIdleConnsPerHost = 256
		hc := &http.Client{Transport: tr}
		b.SetParallelism(4)
		b.ResetTimer()
		start := time.Now()
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				if err := benchRequest(hc, target); err != nil {
					b.Error(err)
					return
				}
			}
		})
		b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "req/s")
	})
}

// benchExtra is the number of extra policies (five statements each).
const benchExtra = 40

// benchRequest performs one token request as the dev user.
func benchRequest(hc *http.Client, target string) error {
	req, _ := http.NewRequest(http.MethodGet, target, nil)
	req.SetBasicAuth(devID, devSecret)
	resp, err := hc.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	var body tokenResponse
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil || resp.StatusCode != http.StatusOK || body.Token == "" {
		return fmt.Errorf("token request: status %d, decode error %v", resp.StatusCode, err)
	}
	return nil
}

// loadBenchConfig loads config.yaml with n more policies of five statements
// each, on team namespaces that the benchmark's scopes never match,
// attached to the developers group of account 1111111111111111: a copy of
// the configuration, its world and its policy files in a temporary folder.
func loadBenchConfig(b *testing.B, n int) *Config {
	b.Helper()
	dir := b.TempDir()
	if err := os.CopyFS(filepath.Join(dir, "policies"), os.DirFS("policies")); err != nil {
		b.Fatal(err)
	}
	text, err := os.ReadFile("world.json")
	if err != nil {
		b.Fatal(err)
	}
	var w struct {
		Description string                     `json:"description"`
		Policies    map[string]json.RawMessage `json:"policies"`
		Directory   struct {
			Accounts map[string]map[string]map[string]map[string]any `json:"accounts"`
		} `json:"directory"`
	}
	if err := json.Unmarshal(text, &w); err != nil {
		b.Fatal(err)
	}
	devs := w.Directory.Accounts["1111111111111111"]["groups"]["developers"]
	for i := range n {
		var stmts []map[string]any
		for j := range 5 {
			stmts = append(stmts, map[string]any{
				"Sid":      fmt.Sprintf("Team%dRule%d", i, j),
				"Effect":   "Allow",
				"Action":   []string{"cr:PullRepository", "cr:PushRepository"},
				"Resource": fmt.Sprintf("acs:cr:*:1111111111111111:repository/team%d-%d/*", i, j),
				"Condition": map[string]any{"IpAddress": map[string]any{
					"acs:SourceIp": []string{"10.0.0.0/8", "127.0.0.0/8"}}},
			})
		}
		name := fmt.Sprintf("Team%d", i)
		w.Policies[name], _ = json.Marshal(map[string]any{"Version": "1", "Statement": stmts})
		devs["policies"] = append(devs["policies"].([]any), name)
	}
	out, err := json.Marshal(w)
	if err != nil {
		b.Fatal(err)
	}
	config, err := os.ReadFile("config.yaml")
	if err != nil {
		b.Fatal(err)
	}
	for name, data := range map[string][]byte{"world.json": out, "config.yaml": config} {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o600); err != nil {
			b.Fatal(err)
		}
	}
	cfg, err := LoadConfig(filepath.Join(dir, "config.yaml"))
	if err != nil {
		b.Fatal(err)
	}
	return cfg
}

// BenchmarkAuthorize measures the policy evaluation of one token request
// alone, without HTTP or signing: the five checks of BenchmarkTokenEndpoint
// for user dev, on the same policy set.
//
//	go test -run '^$' -bench Authorize -benchmem
func BenchmarkAuthorize(b *testing.B) {
	cfg := loadBenchConfig(b, benchExtra)
	authz, err := NewRAMAuthorizer(cfg)
	if err != nil {
		b.Fatal(err)
	}
	creds := NewCredentials(cfg)
	p, ok := creds.Authenticate(devID, devSecret, time.Now())
	if !ok {
		b.Fatal("dev cannot log in")
	}
	m := ResourceMapper{Region: cfg.Region, Account: cfg.Account}
	scopes, _, _ := parseScopes([]string{"repository:dev/app:pull,push", "repository:prod/app:pull,push", "registry:catalog:*"})
	var checks []Check
	for _, x := range m.Map(scopes) {
		checks = append(checks, x.Check)
	}
	rc := RequestContext{keySourceIP: {"127.0.0.1"}, keySecureTransport: {"false"}, keyCurrentTime: {time.Now().UTC().Format(time.RFC3339)}}
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		d, err := authz.Authorize(ctx, p, checks, rc)
		if err != nil || len(d) != 5 || d[0].Effect != Allow || d[2].Effect != ImplicitDeny {
			b.Fatalf("decisions %+v, %v", d, err)
		}
	}
}
