package main

import (
	"os"
	"strings"
	"testing"
)

func TestQuickstart(t *testing.T) {
	// From another directory: the quickstart reads no files.
	t.Chdir(os.TempDir())
	var b strings.Builder
	if err := run(&b); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{
		"Allow by AliyunContainerRegistryReadOnlyAccess#0 at 3:5",
		"from 10.1.2.3\n   Allow by team-dev#0 (PushAndPullDev) at 4:5",
		"from 203.0.113.9\n   ExplicitDeny by team-dev#2 (OnlyFromTheOffice) at 16:5",
		"ExplicitDeny by team-dev#1 (NeverTouchProd) at 10:5",
		"ImplicitDeny (decided at: cross-account rule)",
		"the resource is in account 9999999999999999, the principal in account 1234567890123456",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}
