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
		"acs:ram::2222222222222222:user/ci via [acs:ram::1111111111111111:role/deployer]",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}
