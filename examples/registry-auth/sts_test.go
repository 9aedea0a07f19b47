package main

import (
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestAssumeRoleErrors checks that the library's parameter checks reach
// the client as STS-style error codes, and that a denial says nothing
// about policies.
func TestAssumeRoleErrors(t *testing.T) {
	srv, _, audit := tokenServer(t, nil)
	tests := []struct {
		name   string
		params url.Values
		status int
		code   string
		want   string // in the message
	}{
		{"bad ARN", url.Values{"RoleArn": {"arn:aws:iam::1:role/x"}, "RoleSessionName": {"s1"}}, 400, "InvalidParameter.RoleArn", "RoleArn"},
		{"missing ARN", url.Values{"RoleSessionName": {"s1"}}, 400, "InvalidParameter.RoleArn", "RoleArn"},
		{"unknown role", url.Values{"RoleArn": {"acs:ram::1111111111111111:role/nope"}, "RoleSessionName": {"s1"}}, 403, "NoPermission", "not authorized"},
		{"bad session name", url.Values{"RoleArn": {ciPullerARN}, "RoleSessionName": {"x"}}, 400, "InvalidParameter.RoleSessionName", "RoleSessionName"},
		{"duration not a number", url.Values{"RoleArn": {ciPullerARN}, "RoleSessionName": {"s1"}, "DurationSeconds": {"ten"}}, 400, "InvalidParameter.DurationSeconds", "decimal digits"},
		{"too short", url.Values{"RoleArn": {ciPullerARN}, "RoleSessionName": {"s1"}, "DurationSeconds": {"60"}}, 400, "InvalidParameter.DurationSeconds", "900..3600"},
		{"over the role's maximum", url.Values{"RoleArn": {ciPullerARN}, "RoleSessionName": {"s1"}, "DurationSeconds": {"3601"}}, 400, "InvalidParameter.DurationSeconds", "900..3600"},
		{"bad ExternalId", url.Values{"RoleArn": {ciPullerARN}, "RoleSessionName": {"s1"}, "ExternalId": {"x"}}, 400, "InvalidParameter.ExternalId", "ExternalId"},
		{"bad SourceIdentity", url.Values{"RoleArn": {ciPullerARN}, "RoleSessionName": {"s1"}, "SourceIdentity": {"who me"}}, 400, "InvalidParameter.SourceIdentity", "SourceIdentity"},
		{"policy not JSON", url.Values{"RoleArn": {ciPullerARN}, "RoleSessionName": {"s1"}, "Policy": {"{not json"}}, 400, "InvalidParameter.PolicyGrammar", "Policy"},
		{"policy with a bad effect", url.Values{"RoleArn": {ciPullerARN}, "RoleSessionName": {"s1"},
			"Policy": {`{"Version":"1","Statement":[{"Effect":"Maybe","Action":"cr:*","Resource":"*"}]}`}}, 400, "InvalidParameter.PolicyGrammar", "/Statement/0/Effect"},
	}
	for _, tt := range tests {
		status, _, body := assumeRole(t, http.DefaultClient, srv.URL, partnerID, partnerSecret, tt.params)
		var e stsError
		json.Unmarshal(body, &e)
		if status != tt.status || e.Code != tt.code || !strings.Contains(e.Message, tt.want) || e.RequestID == "" {
			t.Errorf("%s: status %d body %s; want %d %s mentioning %q", tt.name, status, body, tt.status, tt.code, tt.want)
		}
		if strings.Contains(e.Message, "eval:") {
			t.Errorf("%s: message %q shows the library's package prefix", tt.name, e.Message)
		}
	}

	// Allowed by neither the reader's policies nor the role's trust policy.
	status, _, body := assumeRole(t, http.DefaultClient, srv.URL, readerID, readerSecret, url.Values{"RoleArn": {ciPullerARN}, "RoleSessionName": {"s1"}})
	if status != http.StatusForbidden || !strings.Contains(string(body), `"NoPermission"`) {
		t.Errorf("reader: status %d body %s, want 403 NoPermission", status, body)
	}
	assertNoLeak(t, body)
	assertAudited(t, audit, readerARN, "sts:AssumeRole", ciPullerARN, "ImplicitDeny")

	status, _, _ = assumeRole(t, http.DefaultClient, srv.URL, partnerID, "bad-secret-000000", url.Values{"RoleArn": {ciPullerARN}, "RoleSessionName": {"s1"}})
	if status != http.StatusUnauthorized {
		t.Errorf("bad caller secret: status %d, want 401", status)
	}
	resp, err := http.Get(srv.URL + "/sts/assume-role")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("GET: status %d, want 405", resp.StatusCode)
	}
	assertNoSecrets(t, audit.String(), partnerSecret, readerSecret, "bad-secret-000000")
}

// TestAssumeRoleSessionPolicy: the temporary credentials log in as the
// library's role session, live as long as asked, carry the SourceIdentity,
// and the session policy narrows the role's permissions.
func TestAssumeRoleSessionPolicy(t *testing.T) {
	srv, cfg, audit := tokenServer(t, nil)
	before := time.Now()
	status, res, body := assumeRole(t, http.DefaultClient, srv.URL, partnerID, partnerSecret, url.Values{
		"RoleArn": {ciPullerARN}, "RoleSessionName": {"build-42"}, "DurationSeconds": {"900"},
		"SourceIdentity": {"alice@example.com"},
		"Policy":         {`{"Version":"1","Statement":[{"Effect":"Allow","Action":"cr:PullRepository","Resource":"acs:cr:*:*:repository/dev/*"}]}`},
	})
	if status != http.StatusOK {
		t.Fatalf("status %d: %s", status, body)
	}
	sessionARN := "acs:ram::1111111111111111:role/ci-puller/build-42"
	if res.AssumedRoleUser.Arn != sessionARN || res.SourceIdentity != "alice@example.com" {
		t.Fatalf("AssumedRoleUser.Arn %q SourceIdentity %q", res.AssumedRoleUser.Arn, res.SourceIdentity)
	}
	exp, err := time.Parse(time.RFC3339, res.Credentials.Expiration)
	if err != nil || exp.Before(before.Add(899*time.Second)) || exp.After(time.Now().Add(901*time.Second)) {
		t.Fatalf("Expiration %q (%v), want about 15 minutes from now", res.Credentials.Expiration, err)
	}

	// The role allows pulling everything; the session policy only dev/*.
	status, tok := getToken(t, http.DefaultClient, srv.URL, cfg.Service, res.Credentials.AccessKeyID, res.Credentials.AccessKeySecret,
		"repository:dev/app:pull,push", "repository:prod/app:pull", "registry:catalog:*")
	if status != http.StatusOK {
		t.Fatalf("session login: status %d: %s", status, tok)
	}
	resp, access, sub := decodeToken(t, srv, cfg, tok)
	if sub != sessionARN || len(access) != 1 || access[0].Name != "dev/app" || !slices.Equal(access[0].Actions, []string{"pull"}) {
		t.Fatalf("session token: sub %q access %+v, want pull on dev/app only", sub, access)
	}
	if resp.ExpiresIn > 300 || resp.ExpiresIn < 290 {
		t.Errorf("expires_in = %d, want the token TTL (the session lasts longer)", resp.ExpiresIn)
	}
	assertAudited(t, audit, sessionARN, "cr:PullRepository", repoARN("prod/app"), "ImplicitDeny")
	assertNoSecrets(t, audit.String(), res.Credentials.AccessKeySecret, partnerSecret)
}
