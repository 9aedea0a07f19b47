package main

import (
	"strings"
	"testing"
)

func TestCrossAccount(t *testing.T) {
	var b strings.Builder
	if err := run(&b); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{
		"StringEquals sts:ExternalId: key missing",
		"session acs:ram::1111111111111111:role/deployer/build-1042 for 900 s",
		"   Allow by deployer-push#0 at 2:4",
		"   ExplicitDeny by deployer-push#1 at 3:4",
		"   acs:ram::1111111111111111:role/deployer via []",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "user/ci via") {
		t.Errorf("who-can found ci, which needs an ExternalId no search supplies:\n%s", out)
	}
}
