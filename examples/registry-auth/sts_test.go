package main

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

func TestAssumeRoleValidation(t *testing.T) {
	srv, _, audit := tokenServer(t, &fakeAuthorizer{rules: plumbingRules})
	role := "acs:ram::1111111111111111:role/puller"
	tests := []struct {
		name   string
		params url.Values
		status int
		want   string
	}{
		{"bad ARN", url.Values{"RoleArn": {"arn:aws:iam::1:role/x"}, "RoleSessionName": {"s1"}}, 400, "RoleArn"},
		{"unknown role", url.Values{"RoleArn": {"acs:ram::1111111111111111:role/nope"}, "RoleSessionName": {"s1"}}, 400, "does not exist"},
		{"bad session name", url.Values{"RoleArn": {role}, "RoleSessionName": {"x"}}, 400, "RoleSessionName"},
		{"too short", url.Values{"RoleArn": {role}, "RoleSessionName": {"s1"}, "DurationSeconds": {"60"}}, 400, "between 900 and 3600"},
		{"too long", url.Values{"RoleArn": {role}, "RoleSessionName": {"s1"}, "DurationSeconds": {"3601"}}, 400, "DurationSeconds"},
		{"bad policy", url.Values{"RoleArn": {role}, "RoleSessionName": {"s1"}, "Policy": {"{not json"}}, 400, "Policy"},
		{"denied", url.Values{"RoleArn": {role}, "RoleSessionName": {"s1"}}, 403, "NoPermission"},
	}
	for _, tt := range tests {
		id, secret := "AKOUTSIDER01", "outsider-secret-01"
		if tt.name == "denied" {
			id, secret = "AKREADER0001", "reader-secret-0001"
		}
		status, _, body := assumeRole(t, http.DefaultClient, srv.URL, id, secret, tt.params)
		if status != tt.status || !strings.Contains(string(body), tt.want) {
			t.Errorf("%s: status %d body %s; want %d mentioning %q", tt.name, status, body, tt.status, tt.want)
		}
	}
	assertAudited(t, audit, "acs:ram::1111111111111111:user/reader", "sts:AssumeRole", role, "ImplicitDeny")

	status, _, _ := assumeRole(t, http.DefaultClient, srv.URL, "AKOUTSIDER01", "bad-secret-000000", url.Values{"RoleArn": {role}, "RoleSessionName": {"s1"}})
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
}

func TestAssumeRoleIssuesWorkingCredentials(t *testing.T) {
	fake := &fakeAuthorizer{rules: plumbingRules}
	srv, cfg, _ := tokenServer(t, fake)
	before := time.Now()
	status, res, body := assumeRole(t, http.DefaultClient, srv.URL, "AKOUTSIDER01", "outsider-secret-01", url.Values{
		"RoleArn": {"acs:ram::1111111111111111:role/puller"}, "RoleSessionName": {"build-42"},
		"DurationSeconds": {"900"}, "Policy": {`{"Version":"1","Statement":[]}`},
	})
	if status != http.StatusOK {
		t.Fatalf("status %d: %s", status, body)
	}
	exp, err := time.Parse(time.RFC3339, res.Credentials.Expiration)
	if err != nil || exp.Before(before.Add(899*time.Second)) || exp.After(time.Now().Add(901*time.Second)) {
		t.Fatalf("Expiration %q (%v), want about 15 minutes from now", res.Credentials.Expiration, err)
	}
	status, tokBody := getToken(t, http.DefaultClient, srv.URL, cfg.Service, res.Credentials.AccessKeyID, res.Credentials.AccessKeySecret, "repository:dev/app:pull,push")
	if status != http.StatusOK {
		t.Fatalf("session login: status %d: %s", status, tokBody)
	}
	_, access, sub := decodeToken(t, srv, cfg, tokBody)
	if sub != "acs:ram::1111111111111111:assumed-role/puller/build-42" || len(access) != 1 || len(access[0].Actions) != 1 {
		t.Fatalf("session token: sub %q access %+v", sub, access)
	}
	call := fake.lastCall()
	if call.Principal.Kind != KindRoleSession || call.Principal.Session != (fakeSession{RoleARN: "acs:ram::1111111111111111:role/puller"}) {
		t.Fatalf("Authorize got principal %+v, want the session state from AssumeRole", call.Principal)
	}
}
