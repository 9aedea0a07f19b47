package suggest

import (
	"strings"
	"testing"

	"pgregory.net/rapid"
)

func TestDistance(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want int
	}{
		{"", "", 0},
		{"abc", "", 3},
		{"", "abc", 3},
		{"Effect", "Efect", 1},
		{"PullRepository", "PullRepositry", 1},
		{"kitten", "sitting", 3},
		{"ab", "ba", 1},
		{"rc", "cr", 1},
		{"abc", "ca", 3},
		{"日本語", "日本", 1},
		{"SourceIp", "SourceIP", 1},
	} {
		if got := Distance(c.a, c.b); got != c.want {
			t.Errorf("Distance(%q, %q) = %d, want %d", c.a, c.b, got, c.want)
		}
	}
	if got := Distance(strings.Repeat("a", MaxLen+1), "a"); got != -1 {
		t.Errorf("over-long word: got %d, want -1", got)
	}
}

func TestClosest(t *testing.T) {
	elems := []string{"Version", "Statement", "Effect", "Action", "NotAction", "Resource", "Condition", "Sid"}
	for _, c := range []struct {
		word, want string
		ok         bool
	}{
		{"Efect", "Effect", true},
		{"Resouce", "Resource", true},
		{"Condtion", "Condition", true},
		{"Statment", "Statement", true},
		{"effect", "Effect", true}, // letter case only: distance 0
		{"X", "", false},           // a one-letter word is never replaced whole
		{"Principle", "", false},   // far from every element
		{"", "", false},
		{"Xyzzy", "", false},
	} {
		got, _, ok := Closest(c.word, elems, 2)
		if got != c.want || ok != c.ok {
			t.Errorf("Closest(%q) = %q, %v; want %q, %v", c.word, got, ok, c.want, c.ok)
		}
	}
}

// Distance is a metric: symmetric, zero exactly on equal words, and within the length
// bounds; Closest never returns a candidate farther than it promises.
func TestDistanceProperties(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		a := rapid.StringMatching(`[a-cA-C日]{0,12}`).Draw(t, "a")
		b := rapid.StringMatching(`[a-cA-C日]{0,12}`).Draw(t, "b")
		d := Distance(a, b)
		if d != Distance(b, a) {
			t.Fatalf("not symmetric: %q %q", a, b)
		}
		if (d == 0) != (a == b) {
			t.Fatalf("zero distance iff equal: %q %q = %d", a, b, d)
		}
		la, lb := len([]rune(a)), len([]rune(b))
		if d < max(la-lb, lb-la) || d > max(la, lb) {
			t.Fatalf("distance %d out of bounds for %q %q", d, a, b)
		}
		if best, dist, ok := Closest(a, []string{b}, 2); ok {
			if best != b || dist > 2 || dist != Distance(strings.ToLower(a), strings.ToLower(b)) {
				t.Fatalf("Closest(%q, [%q]) = %q %d", a, b, best, dist)
			}
		}
	})
}
