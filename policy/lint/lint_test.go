package lint

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/rampolicy/ram/internal/wildcard"
	"github.com/rampolicy/ram/policy"
	"pgregory.net/rapid"
)

func TestNilDocument(t *testing.T) {
	if _, err := Lint(nil, Options{}); !errors.Is(err, ErrNilDocument) {
		t.Fatalf("got %v, want ErrNilDocument", err)
	}
}

// Without source text, findings point at the statement's position and use canonical
// pointers; with text that is not the document's, the same.
func TestWithoutSource(t *testing.T) {
	text := "{\"Version\": \"1\",\n \"Statement\": [\n  {\"Effect\": \"Allow\", \"Action\": \"cr:PullRepositry\", \"Resource\": \"*\"}]}"
	d, err := policy.Parse([]byte(text), policy.IdentityPolicy)
	if err != nil {
		t.Fatal(err)
	}
	for _, src := range [][]byte{nil, []byte(`{"Version": "1", "Statement": []}`), []byte("not json")} {
		found, err := Lint(d, Options{Source: src})
		if err != nil || len(found) != 1 {
			t.Fatalf("got %v, %v", found, err)
		}
		f := found[0]
		if f.Code != "UnknownAction" || f.Pointer != "/Statement/0/Action/0" || f.Line != 3 || f.Column != 3 {
			t.Errorf("source %q: got %+v", src, f)
		}
	}
	withSource, _ := Lint(d, Options{Source: []byte(text)})
	if f := withSource[0]; f.Pointer != "/Statement/0/Action" || f.Line != 3 || f.Column != 33 {
		t.Errorf("with source: got %+v", f)
	}
}

// A statement built in code has no position: its findings have line 0.
func TestCodeBuiltDocument(t *testing.T) {
	d := &policy.Document{Version: "1", Statements: []policy.Statement{
		{Effect: policy.EffectAllow, Actions: []string{"*"}, Resources: []string{"*"}},
		{}, // the zero statement: no effect, nothing to check, no panic
	}}
	// Source text of some other document with as many statements is not used.
	other := []byte(`{"Version":"1","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"},{"Effect":"Deny","Action":"*","Resource":"*"}]}`)
	for _, src := range [][]byte{nil, other} {
		found, err := Lint(d, Options{Source: src})
		if err != nil || len(found) != 1 || found[0].Code != "AllowAll" || found[0].Line != 0 || found[0].Pointer != "/Statement/0/Action/0" {
			t.Fatalf("got %v, %v", found, err)
		}
	}
}

// Lint never changes the document it reads.
func TestLintDoesNotMutate(t *testing.T) {
	for _, c := range checkCases {
		d, err := policy.Parse([]byte(c.pos), c.kind)
		if err != nil {
			t.Fatal(err)
		}
		again, _ := policy.Parse([]byte(c.pos), c.kind)
		if _, err := Lint(d, Options{Source: []byte(c.pos), Account: c.account}); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(d, again) {
			t.Fatalf("Lint changed the document of %s", c.code)
		}
	}
}

// covers is sound: when it says p covers q, every string q matches, p matches. Strings
// that q matches are made by filling q's wildcards at random.
func TestCoversSound(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		p := rapid.StringMatching(`[ab:*?]{0,8}`).Draw(t, "p")
		q := rapid.StringMatching(`[aAb:*?]{0,8}`).Draw(t, "q")
		fold := rapid.Bool().Draw(t, "fold")
		if !covers(p, q, fold) {
			return
		}
		pc := wildcard.Compile(p, fold)
		for n := 0; n < 20; n++ {
			var s strings.Builder
			for _, c := range q {
				switch c {
				case '*':
					s.WriteString(rapid.StringMatching(`[aAb:]{0,3}`).Draw(t, "fill"))
				case '?':
					s.WriteString(rapid.StringMatching(`[aAb:]`).Draw(t, "one"))
				default:
					s.WriteRune(c)
				}
			}
			if !pc.Match(s.String()) {
				t.Fatalf("covers(%q, %q, %v) but %q matches q and not p", p, q, fold, s.String())
			}
		}
	})
}

func TestCoversCases(t *testing.T) {
	for _, c := range []struct {
		p, q string
		fold bool
		want bool
	}{
		{"*", "anything*", false, true},
		{"cr:*", "cr:Pull*", true, true},
		{"CR:*", "cr:Pull*", true, true},
		{"CR:*", "cr:Pull*", false, false},
		{"acs:cr:*:*:repository/a/*", "acs:cr:*:*:repository/a/web", false, true},
		{"acs:cr:*:*:repository/a/*", "acs:cr:*:*:repository/*", false, false},
		{"a?c", "a?c", false, true},
		{"a?c", "a*c", false, false},
		{"a*c", "a?c", false, true},
		{"*b", "a*", false, false},
	} {
		if got := covers(c.p, c.q, c.fold); got != c.want {
			t.Errorf("covers(%q, %q, %v) = %v, want %v", c.p, c.q, c.fold, got, c.want)
		}
	}
}

func TestSeverityText(t *testing.T) {
	for s := Suggestion; s <= Error; s++ {
		b, err := s.MarshalText()
		if err != nil {
			t.Fatal(err)
		}
		var back Severity
		if err := back.UnmarshalText(b); err != nil || back != s {
			t.Fatalf("%s: round trip gave %v, %v", s, back, err)
		}
	}
	if _, err := Severity(0).MarshalText(); err == nil {
		t.Error("zero severity marshalled")
	}
	if _, ok := ParseSeverity("fatal"); ok {
		t.Error("unknown severity parsed")
	}
}

// A document of many statements and values costs bounded work: the pairwise checks stop
// at their budgets instead of running for minutes.
func TestLargeDocumentIsBounded(t *testing.T) {
	var sts []policy.Statement
	acts := make([]string, 300)
	for i := range acts {
		acts[i] = "cr:Get" + strings.Repeat("x", i%40) + "*"
	}
	for i := 0; i < 300; i++ {
		sts = append(sts, policy.Statement{Effect: policy.EffectAllow, Actions: acts, Resources: []string{"acs:cr:*:*:repository/a*"}})
	}
	found, err := Lint(&policy.Document{Version: "1", Statements: sts}, Options{})
	if err != nil || len(found) == 0 {
		t.Fatalf("got %d findings, %v", len(found), err)
	}
	if len(found) > 2*300*301 {
		t.Fatalf("%d findings: more than linear in the values", len(found))
	}
}
