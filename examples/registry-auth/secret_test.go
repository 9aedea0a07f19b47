package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"
)

func TestSecretNeverPrints(t *testing.T) {
	s := Secret("hunter2-hunter2-hunter2")
	key := AccessKey{ID: "AKID00000001", Secret: s}
	var logged bytes.Buffer
	slog.New(slog.NewJSONHandler(&logged, nil)).Info("x", "key", key, "secret", s)
	j, _ := json.Marshal(key)
	for name, out := range map[string]string{
		"%v": fmt.Sprintf("%v", key), "%+v": fmt.Sprintf("%+v", key), "%#v": fmt.Sprintf("%#v", key),
		//lint:ignore S1025 the test is about what each verb prints for a Secret
		"%s": fmt.Sprintf("%s", s), "json": string(j), "slog": logged.String(),
	} {
		if strings.Contains(out, "hunter2") {
			t.Errorf("%s reveals the secret: %s", name, out)
		}
	}
}

func TestSecretEqual(t *testing.T) {
	s := Secret("correct-secret-01")
	if !s.Equal("correct-secret-01") || s.Equal("correct-secret-02") || s.Equal("") || s.Equal("correct-secret-011") {
		t.Fatal("Equal compares wrongly")
	}
	if Secret("").Equal("") {
		t.Fatal("an empty secret must never match")
	}
}

func TestCredentials(t *testing.T) {
	cfg, err := LoadConfig(writeConfig(t, minimalYAML, minimalWorld))
	if err != nil {
		t.Fatal(err)
	}
	c := NewCredentials(cfg)
	now := time.Now()
	p, ok := c.Authenticate("AKALICE00001", "alice-secret-000001", now)
	if !ok || p.ARN != "acs:ram::1111111111111111:user/alice" || p.Kind != KindUser {
		t.Fatalf("Authenticate alice = %+v, %v", p, ok)
	}
	for _, bad := range [][2]string{{"AKALICE00001", "wrong"}, {"AKNOBODY0001", "alice-secret-000001"}, {"", ""}} {
		if _, ok := c.Authenticate(bad[0], bad[1], now); ok {
			t.Errorf("Authenticate(%q, %q) succeeded", bad[0], bad[1])
		}
	}

	sess := &Principal{Kind: KindRoleSession, ARN: "acs:ram::1:role/r/s"}
	id, secret := c.Issue(sess, now.Add(time.Hour), now)
	if !strings.HasPrefix(id, stsKeyPrefix) {
		t.Fatalf("temporary key ID %q lacks %q", id, stsKeyPrefix)
	}
	if p, ok := c.Authenticate(id, string(secret), now); !ok || p != sess {
		t.Fatalf("session login = %+v, %v", p, ok)
	}
	if _, ok := c.Authenticate(id, string(secret), now.Add(time.Hour)); ok {
		t.Fatal("expired session credentials still work")
	}
	c.Issue(sess, now.Add(2*time.Hour), now.Add(time.Hour)) // sweeps the expired one
	if c.loggableKeyID(id) == id {
		t.Fatal("expired session was not swept")
	}
	if got := c.loggableKeyID("AKALICE00001"); got != "AKALICE00001" {
		t.Errorf("loggableKeyID(known) = %q", got)
	}
	if got := c.loggableKeyID("maybe-a-pasted-secret"); strings.Contains(got, "pasted") {
		t.Errorf("loggableKeyID(unknown) = %q reveals too much", got)
	}
}
