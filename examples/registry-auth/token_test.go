package main

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"
)

// tokenServer starts the service on config.yaml without the embedded
// registry. A nil authz means the real RAM authorizer.
func tokenServer(t *testing.T, authz Authorizer) (*Server, *Config, *syncBuffer) {
	t.Helper()
	cfg := loadTestConfig(t, "config.yaml")
	off := false
	cfg.EmbeddedRegistry = &off
	if authz == nil {
		authz = newTestAuthorizer(t, cfg)
	}
	srv, audit := startTestServer(t, cfg, authz)
	return srv, cfg, audit
}

// decodeToken verifies a /token body with distribution's verifier.
func decodeToken(t *testing.T, srv *Server, cfg *Config, body []byte) (tokenResponse, []accessClaim, string) {
	t.Helper()
	var resp tokenResponse
	if err := json.Unmarshal(body, &resp); err != nil || resp.Token == "" || resp.AccessToken != resp.Token {
		t.Fatalf("token response %s: %v", body, err)
	}
	c := verifyWithDistribution(t, srv.Signer, resp.Token, cfg.Issuer, cfg.Service)
	var access []accessClaim
	for _, a := range c.Access {
		access = append(access, accessClaim{Type: a.Type, Class: a.Class, Name: a.Name, Actions: a.Actions})
	}
	return resp, access, c.Subject
}

func TestTokenGrantsOnlyAllowedSubset(t *testing.T) {
	srv, cfg, audit := tokenServer(t, nil)
	status, body := getToken(t, http.DefaultClient, srv.URL, cfg.Service, readerID, readerSecret,
		"repository:dev/app:pull,push,delete", "registry:catalog:* repository:prod/db:push", "not-a-scope")
	if status != http.StatusOK {
		t.Fatalf("status %d: %s", status, body)
	}
	resp, access, sub := decodeToken(t, srv, cfg, body)
	if sub != "acs:ram::1111111111111111:user/reader" {
		t.Errorf("sub = %q", sub)
	}
	if resp.ExpiresIn != 300 {
		t.Errorf("expires_in = %d, want 300", resp.ExpiresIn)
	}
	if len(access) != 2 || access[0].Name != "dev/app" || strings.Join(access[0].Actions, ",") != "pull" ||
		access[1].Name != "catalog" || access[1].Actions[0] != "*" {
		t.Fatalf("access = %+v, want only pull on dev/app and the catalog", access)
	}
	// Denials are audited with the check that failed; the response says nothing about them.
	assertAudited(t, audit, readerARN, "cr:PushRepository", repoARN("dev/app"), "ImplicitDeny")
	assertAudited(t, audit, readerARN, "cr:PushRepository", repoARN("prod/db"), "ImplicitDeny")
	if text := tokenText(t, body); strings.Contains(string(text), "Deny") || strings.Contains(string(text), "prod") {
		t.Fatalf("token response reveals the denial: %s", text)
	}
	if !strings.Contains(audit.String(), `"scope":"not-a-scope"`) {
		t.Errorf("invalid scope not audited:\n%s", audit)
	}
}

func TestTokenLoginWithoutScopes(t *testing.T) {
	srv, cfg, _ := tokenServer(t, nil)
	status, body := getToken(t, http.DefaultClient, srv.URL, cfg.Service, devID, devSecret)
	if status != http.StatusOK {
		t.Fatalf("docker login (no scope): status %d: %s", status, body)
	}
	if _, access, _ := decodeToken(t, srv, cfg, body); len(access) != 0 {
		t.Fatalf("access = %+v, want none", access)
	}
}

func TestTokenAuthenticationFailuresLookAlike(t *testing.T) {
	srv, cfg, audit := tokenServer(t, nil)
	var bodies []string
	for _, c := range [][2]string{{readerID, "wrong-secret-000000"}, {"AKNOBODY0001", readerSecret}, {"", ""}} {
		status, body := getToken(t, http.DefaultClient, srv.URL, cfg.Service, c[0], c[1], "repository:dev/app:pull")
		if status != http.StatusUnauthorized {
			t.Fatalf("login %q: status %d, want 401", c[0], status)
		}
		bodies = append(bodies, string(body))
	}
	if bodies[0] != bodies[1] || bodies[1] != bodies[2] {
		t.Fatalf("401 bodies differ, telling unknown keys from wrong secrets: %q", bodies)
	}
	assertNoSecrets(t, audit.String(), "wrong-secret-000000", readerSecret)
	if !strings.Contains(audit.String(), `"access_key_id":"`+readerID+`"`) {
		t.Errorf("failed login not audited:\n%s", audit)
	}
}

func TestTokenRequestErrors(t *testing.T) {
	srv, _, _ := tokenServer(t, nil)
	if status, _ := getToken(t, http.DefaultClient, srv.URL, "other-service", readerID, readerSecret); status != http.StatusBadRequest {
		t.Errorf("unknown service: status %d, want 400", status)
	}
	resp, err := http.Post(srv.URL+"/token", "text/plain", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("POST /token: status %d, want 405", resp.StatusCode)
	}
	resp, err = http.Get(srv.URL + "/token")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized || !strings.HasPrefix(resp.Header.Get("WWW-Authenticate"), "Basic ") {
		t.Errorf("anonymous: status %d, WWW-Authenticate %q", resp.StatusCode, resp.Header.Get("WWW-Authenticate"))
	}
}

// failingAuthorizer always fails, to check that errors stay generic.
type failingAuthorizer struct{}

// errInternal names internals that must not reach clients.
var errInternal = errors.New("internal detail: policy DenyProdWrite broken")

// Authorize fails.
func (failingAuthorizer) Authorize(context.Context, *Principal, []Check, RequestContext) ([]Decision, error) {
	return nil, errInternal
}

// AssumeRole fails.
func (failingAuthorizer) AssumeRole(context.Context, *Principal, AssumeRoleInput, RequestContext) (AssumeRoleResult, error) {
	return AssumeRoleResult{}, errInternal
}

func TestAuthorizerErrorIsGeneric(t *testing.T) {
	srv, cfg, _ := tokenServer(t, failingAuthorizer{})
	status, body := getToken(t, http.DefaultClient, srv.URL, cfg.Service, readerID, readerSecret, "repository:dev/app:pull")
	if status != http.StatusInternalServerError || strings.Contains(string(body), "DenyProdWrite") {
		t.Fatalf("token: status %d body %s: want a generic 500", status, body)
	}
	status, _, body = assumeRole(t, http.DefaultClient, srv.URL, partnerID, partnerSecret,
		url.Values{"RoleArn": {ciPullerARN}, "RoleSessionName": {"s1"}})
	if status != http.StatusInternalServerError || strings.Contains(string(body), "DenyProdWrite") {
		t.Fatalf("AssumeRole: status %d body %s: want a generic 500", status, body)
	}
}

// An over-long repository name makes an invalid RAM request: even for the
// admin (cr:* on *) it is denied, audited with the reason, and the token
// simply lacks it.
func TestTokenInvalidRequestIsDenied(t *testing.T) {
	srv, cfg, audit := tokenServer(t, nil)
	long := "dev/" + strings.Repeat("a", 2100)
	status, body := getToken(t, http.DefaultClient, srv.URL, cfg.Service, adminID, adminSecret,
		"repository:"+long+":pull", "repository:dev/app:pull")
	if status != http.StatusOK {
		t.Fatalf("status %d: %s", status, body)
	}
	if _, access, _ := decodeToken(t, srv, cfg, body); len(access) != 1 || access[0].Name != "dev/app" {
		t.Fatalf("access = %+v, want only dev/app", access)
	}
	line := assertAudited(t, audit, "acs:ram::1111111111111111:user/admin", "cr:PullRepository", repoARN(long), "ImplicitDeny")
	if !strings.Contains(toString(line["error"]), "invalid request") {
		t.Fatalf("audit line %v: want the invalid-request reason", line)
	}
}

func TestTokenNeverOutlivesRoleSession(t *testing.T) {
	s, err := NewSigner("", "", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	ts := &TokenService{Service: "svc", Issuer: "iss", TTL: time.Hour, Signer: s, Now: func() time.Time { return now }}
	rec := httptest.NewRecorder()
	ts.issue(rec, &Principal{ARN: "a", Expires: now.Add(90 * time.Second)}, []accessClaim{}, now)
	var resp tokenResponse
	if err := json.Unmarshal(rec.Body.Bytes(), &resp); err != nil {
		t.Fatal(err)
	}
	if resp.ExpiresIn != 90 {
		t.Fatalf("expires_in = %d, want the session's remaining 90s", resp.ExpiresIn)
	}
}
