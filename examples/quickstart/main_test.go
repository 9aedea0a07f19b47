package main

import (
	"strings"
	"testing"
)

func TestQuickstart(t *testing.T) {
	var b strings.Builder
	if err := run(&b); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{
		"viewer    cr:PullRepository    acs:cr:cn-hangzhou:1234567890123456:repository/dev/web         ALLOW",
		"by team-dev-namespace#1 (NeverTouchProd) at 10:5",
		"by team-dev-namespace#2 (OnlyFromTheOfficeOverTLS) at 16:5",
		"Allow team-dev-namespace#0 (PushAndPullDev) at 4:5: action not matched",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}
