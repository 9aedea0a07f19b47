package main

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"
)

// ramTestServer starts the service, with the embedded registry, on the
// shipped config.yaml with the real RAM authorizer.
func ramTestServer(t *testing.T) (*Server, *Config, *syncBuffer, *recordingAuthorizer) {
	t.Helper()
	cfg := loadTestConfig(t, "config.yaml")
	authz := newTestAuthorizer(t, cfg)
	srv, audit := startTestServer(t, cfg, authz)
	return srv, cfg, audit, authz
}

// Demo credentials and principals from config.yaml.
const (
	readerID, readerSecret         = "LTAIdemoReader01", "demo-reader-secret-01"
	devID, devSecret               = "LTAIdemoDev00001", "demo-dev-secret-0001"
	contractorID, contractorSecret = "LTAIdemoContr001", "demo-contractor-secret"
	adminID, adminSecret           = "LTAIdemoAdmin001", "demo-admin-secret-001"
	partnerID, partnerSecret       = "LTAIdemoPartner1", "demo-partner-secret-01"

	readerARN     = "acs:ram::1111111111111111:user/reader"
	devARN        = "acs:ram::1111111111111111:user/dev"
	contractorARN = "acs:ram::1111111111111111:user/contractor"
	partnerARN    = "acs:ram::2222222222222222:user/partner"
	ciPullerARN   = "acs:ram::1111111111111111:role/ci-puller"
)

// repoARN returns the RAM resource of a repository of config.yaml's registry.
func repoARN(name string) string {
	return "acs:cr:cn-hangzhou:1111111111111111:repository/" + name
}

// TestEndToEndRAM is the acceptance test of issue 6: the real distribution
// registry in-process, the real go-containerregistry client and the real
// policy engine, with the shipped configuration.
func TestEndToEndRAM(t *testing.T) {
	srv, cfg, audit, authz := ramTestServer(t)
	c := client{host: hostOf(t, srv.URL)}

	// The admin (cr:* on *) seeds both namespaces.
	seeded, err := c.push(t, "prod/app:v1", adminID, adminSecret)
	if err != nil {
		t.Fatalf("admin push prod/app: %v", err)
	}
	if _, err := c.push(t, "dev/app:v1", adminID, adminSecret); err != nil {
		t.Fatalf("admin push dev/app: %v", err)
	}

	t.Run("read-only user pulls but cannot push", func(t *testing.T) {
		got, err := c.pull(t, "prod/app:v1", readerID, readerSecret)
		if err != nil || got != mustDigest(t, seeded) {
			t.Fatalf("reader pull prod/app: %v, %v", got, err)
		}
		if _, err := c.push(t, "dev/reader:v1", readerID, readerSecret); !isRefused(err) {
			t.Fatalf("reader push dev/reader: want a registry refusal, got %v", err)
		}
		line := assertAudited(t, audit, readerARN, "cr:PullRepository", repoARN("prod/app"), "Allow")
		if !slices.Equal(decidedBy(line), []string{"RegistryReadOnly#0 (PullAndList)"}) {
			t.Errorf("reader pull decided by %v, want RegistryReadOnly#0 (PullAndList)", decidedBy(line))
		}
		line = assertAudited(t, audit, readerARN, "cr:PushRepository", repoARN("dev/reader"), "ImplicitDeny")
		if len(decidedBy(line)) != 0 {
			t.Errorf("implicit deny decided by %v, want nothing", decidedBy(line))
		}
	})

	t.Run("namespace-scoped user pushes to dev only", func(t *testing.T) {
		img, err := c.push(t, "dev/tool:v1", devID, devSecret)
		if err != nil {
			t.Fatalf("dev push dev/tool: %v", err)
		}
		// The policy holds only from private networks (acs:SourceIp), so the
		// push also proves that the connection's address reached the engine.
		rc := authz.lastCall().Context
		if rc[keySourceIP][0] != "127.0.0.1" || rc[keySecureTransport][0] != "false" {
			t.Errorf("request context = %v, want the loopback peer over plain HTTP", rc)
		}
		if at, err := time.Parse(time.RFC3339, rc[keyCurrentTime][0]); err != nil || time.Since(at).Abs() > time.Minute {
			t.Errorf("acs:CurrentTime = %v (%v), want now in RFC 3339", rc[keyCurrentTime], err)
		}
		if got, err := c.pull(t, "dev/tool:v1", devID, devSecret); err != nil || got != mustDigest(t, img) {
			t.Fatalf("dev pull dev/tool: %v, %v", got, err)
		}
		if _, err := c.push(t, "prod/tool:v1", devID, devSecret); !isRefused(err) {
			t.Fatalf("dev push prod/tool: want a registry refusal, got %v", err)
		}
		if _, err := c.pull(t, "prod/app:v1", devID, devSecret); !isRefused(err) {
			t.Fatalf("dev pull prod/app: want a registry refusal, got %v", err)
		}
		line := assertAudited(t, audit, devARN, "cr:PushRepository", repoARN("dev/tool"), "Allow")
		if !slices.Equal(decidedBy(line), []string{"DevNamespaceWrite#0 (DevReadWrite)"}) {
			t.Errorf("dev push decided by %v", decidedBy(line))
		}
		assertAudited(t, audit, devARN, "cr:PushRepository", repoARN("prod/tool"), "ImplicitDeny")
	})

	t.Run("explicit deny wins over a broad allow", func(t *testing.T) {
		if _, err := c.push(t, "dev/contract:v1", contractorID, contractorSecret); err != nil {
			t.Fatalf("contractor push dev/contract: %v", err)
		}
		if _, err := c.push(t, "prod/contract:v1", contractorID, contractorSecret); !isRefused(err) {
			t.Fatalf("contractor push prod/contract: want a registry refusal, got %v", err)
		}
		// The Deny covers writes only: cr:* still allows pulling prod.
		if _, err := c.pull(t, "prod/app:v1", contractorID, contractorSecret); err != nil {
			t.Fatalf("contractor pull prod/app: %v", err)
		}
		line := assertAudited(t, audit, contractorARN, "cr:PushRepository", repoARN("prod/contract"), "ExplicitDeny")
		if !slices.Equal(decidedBy(line), []string{"DenyProdWrite#0 (NoProdWrites)"}) {
			t.Errorf("contractor push prod decided by %v, want DenyProdWrite#0 (NoProdWrites)", decidedBy(line))
		}
		line = assertAudited(t, audit, contractorARN, "cr:PushRepository", repoARN("dev/contract"), "Allow")
		if !slices.Equal(decidedBy(line), []string{"RegistryFullAccess#0"}) {
			t.Errorf("contractor push dev decided by %v, want RegistryFullAccess#0", decidedBy(line))
		}
	})

	t.Run("other account pulls only after assuming a trusting role", func(t *testing.T) {
		if _, err := c.pull(t, "prod/app:v1", partnerID, partnerSecret); !isRefused(err) {
			t.Fatalf("partner pull before AssumeRole: want a registry refusal, got %v", err)
		}
		assertAudited(t, audit, partnerARN, "cr:PullRepository", repoARN("prod/app"), "ImplicitDeny")

		before := time.Now()
		status, res, body := assumeRole(t, http.DefaultClient, srv.URL, partnerID, partnerSecret, url.Values{
			"RoleArn": {ciPullerARN}, "RoleSessionName": {"partner-ci"},
		})
		if status != http.StatusOK {
			t.Fatalf("AssumeRole ci-puller: status %d: %s", status, body)
		}
		sessionARN := "acs:ram::1111111111111111:role/ci-puller/partner-ci"
		if res.AssumedRoleUser.Arn != sessionARN {
			t.Fatalf("AssumedRoleUser.Arn = %q, want %q", res.AssumedRoleUser.Arn, sessionARN)
		}
		if exp, err := time.Parse(time.RFC3339, res.Credentials.Expiration); err != nil ||
			exp.Before(before.Add(time.Hour-time.Second)) || exp.After(time.Now().Add(time.Hour+time.Second)) {
			t.Fatalf("Expiration %q (%v): want the default hour", res.Credentials.Expiration, err)
		}
		line := assertAudited(t, audit, partnerARN, "sts:AssumeRole", ciPullerARN, "Allow")
		if got := decidedBy(line); !slices.Contains(got, "AssumeCIPuller#0") || !slices.Contains(got, "ci-puller-trust#0") {
			t.Errorf("AssumeRole decided by %v, want the caller's policy and the trust policy", got)
		}

		if _, err := c.pull(t, "prod/app:v1", res.Credentials.AccessKeyID, res.Credentials.AccessKeySecret); err != nil {
			t.Fatalf("pull as role session: %v", err)
		}
		assertAudited(t, audit, sessionARN, "cr:PullRepository", repoARN("prod/app"), "Allow")
		if _, err := c.push(t, "dev/partner:v1", res.Credentials.AccessKeyID, res.Credentials.AccessKeySecret); !isRefused(err) {
			t.Fatalf("push as read-only role session: want a registry refusal, got %v", err)
		}
		status, tok := getToken(t, http.DefaultClient, srv.URL, cfg.Service, res.Credentials.AccessKeyID,
			res.Credentials.AccessKeySecret, "repository:prod/app:pull")
		if _, _, sub := decodeToken(t, srv, cfg, tok); status != http.StatusOK || sub != sessionARN {
			t.Fatalf("session token: status %d, sub %q, want %q", status, sub, sessionARN)
		}

		// A user of the owning account is not trusted by the role.
		status, _, body = assumeRole(t, http.DefaultClient, srv.URL, devID, devSecret, url.Values{
			"RoleArn": {ciPullerARN}, "RoleSessionName": {"dev"},
		})
		if status != http.StatusForbidden || !strings.Contains(string(body), "NoPermission") {
			t.Fatalf("dev AssumeRole ci-puller: status %d %s, want 403 NoPermission", status, body)
		}
		assertNoLeak(t, body)
		assertAudited(t, audit, devARN, "sts:AssumeRole", ciPullerARN, "ImplicitDeny")
	})

	t.Run("disallowed scope yields a token without that action", func(t *testing.T) {
		// Two scope parameters, the second holding two space-separated scopes.
		status, body, reqID := getTokenWithID(t, http.DefaultClient, srv.URL, cfg.Service, readerID, readerSecret,
			"repository:prod/app:pull,push,delete", "registry:catalog:* repository:prod/other:push")
		if status != http.StatusOK {
			t.Fatalf("status %d: %s", status, body)
		}
		resp, access, sub := decodeToken(t, srv, cfg, body)
		if sub != readerARN || len(access) != 2 || access[0].Name != "prod/app" || !slices.Equal(access[0].Actions, []string{"pull"}) ||
			access[1].Type != "registry" || access[1].Name != "catalog" || !slices.Equal(access[1].Actions, []string{"*"}) {
			t.Fatalf("sub %q access %+v, want pull on prod/app and the catalog", sub, access)
		}
		assertNoLeak(t, tokenText(t, body))

		// One audit line per decision: five checks, five lines.
		var lines []map[string]any
		for _, l := range audit.lines(t) {
			if l["msg"] == "decision" && l["request_id"] == reqID {
				lines = append(lines, l)
			}
		}
		want := map[string]string{
			"cr:PullRepository " + repoARN("prod/app"):   "Allow",
			"cr:PushRepository " + repoARN("prod/app"):   "ImplicitDeny",
			"cr:DeleteRepository " + repoARN("prod/app"): "ImplicitDeny",
			"cr:ListRepository " + repoARN("*"):          "Allow",
			"cr:PushRepository " + repoARN("prod/other"): "ImplicitDeny",
		}
		if len(lines) != len(want) {
			t.Fatalf("%d decision lines for request %s, want %d:\n%s", len(lines), reqID, len(want), audit)
		}
		for _, l := range lines {
			key := toString(l["action"]) + " " + toString(l["resource"])
			if want[key] == "" || l["decision"] != want[key] || l["principal"] != readerARN || l["source_ip"] != "127.0.0.1" || l["scope"] == "" {
				t.Errorf("audit line %v: want decision %q", l, want[key])
			}
		}

		// The registry honours exactly the token: it pulls and lists, and
		// refuses to start an upload.
		bearer := func(method, path string) (int, []byte) {
			req, _ := http.NewRequest(method, srv.URL+path, nil)
			req.Header.Set("Authorization", "Bearer "+resp.Token)
			req.Header.Set("Accept", "application/vnd.docker.distribution.manifest.v2+json, application/vnd.oci.image.manifest.v1+json")
			r, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatalf("%s %s: %v", method, path, err)
			}
			defer r.Body.Close()
			b, _ := io.ReadAll(r.Body)
			return r.StatusCode, b
		}
		if st, b := bearer(http.MethodGet, "/v2/prod/app/manifests/v1"); st != http.StatusOK {
			t.Errorf("GET manifest with the token: %d %s", st, b)
		}
		if st, b := bearer(http.MethodGet, "/v2/_catalog"); st != http.StatusOK || !strings.Contains(string(b), "prod/app") {
			t.Errorf("GET catalog with the token: %d %s", st, b)
		}
		st, b := bearer(http.MethodPost, "/v2/prod/app/blobs/uploads/")
		if st != http.StatusUnauthorized && st != http.StatusForbidden {
			t.Errorf("start upload with a pull-only token: %d %s, want a refusal", st, b)
		}
		assertNoLeak(t, b)

		// Through the client: the reader lists the catalog, dev may not.
		repos, err := c.catalog(t, readerID, readerSecret)
		if err != nil || !slices.Contains(repos, "prod/app") {
			t.Fatalf("reader catalog = %v, %v", repos, err)
		}
		if _, err := c.catalog(t, devID, devSecret); !isRefused(err) {
			t.Fatalf("dev catalog: want a registry refusal, got %v", err)
		}
	})

	assertNoSecrets(t, audit.String(), readerSecret, devSecret, contractorSecret, adminSecret, partnerSecret)
}

// assertNoLeak fails if a response body says anything about policies.
func assertNoLeak(t *testing.T, body []byte) {
	t.Helper()
	for _, leak := range []string{"Deny", "Allow", "policy", "Policy", "Statement", "Readonly", "ReadOnly", "trust", "#0"} {
		if strings.Contains(string(body), leak) {
			t.Fatalf("response mentions %q: %s", leak, body)
		}
	}
}

// tokenText returns a /token response as readable text: its fields and
// the token's claims decoded. (The raw base64, and the certificate in the
// token's header, could hold any word by chance.)
func tokenText(t *testing.T, body []byte) []byte {
	t.Helper()
	var resp tokenResponse
	if err := json.Unmarshal(body, &resp); err != nil {
		t.Fatalf("token response %s: %v", body, err)
	}
	parts := strings.Split(resp.Token, ".")
	if len(parts) != 3 {
		t.Fatalf("token %q is not a compact JWS", resp.Token)
	}
	text := fmt.Sprintf("expires_in=%d issued_at=%s", resp.ExpiresIn, resp.IssuedAt)
	claims, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		t.Fatalf("token claims %q: %v", parts[1], err)
	}
	return []byte(text + " " + string(claims))
}

// toString returns a decoded JSON string, or "".
func toString(v any) string {
	s, _ := v.(string)
	return s
}
