package elide

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestMiddleAndQuote(t *testing.T) {
	if got := Middle("short", 10); got != "short" {
		t.Fatalf("Middle kept %q", got)
	}
	if got := Middle(strings.Repeat("a", 50)+strings.Repeat("z", 50), 10); got != "aaaaa…zzzzz" {
		t.Fatalf("Middle = %q", got)
	}
	// Never splits a character: é is two bytes.
	for n := 1; n < 40; n++ {
		if got := Middle(strings.Repeat("é", n), 7); !utf8.ValidString(got) {
			t.Fatalf("Middle split a character: %q", got)
		}
	}
	if got := Quote("a\nb"); got != `"a\nb"` {
		t.Fatalf("Quote = %s", got)
	}
	long := Quote(strings.Repeat("x", 1<<20))
	if len(long) > MaxQuoted+10 || !strings.Contains(long, `"…"`) {
		t.Fatalf("Quote of a long value = %s", long)
	}
}
