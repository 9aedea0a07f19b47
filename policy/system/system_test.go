package system

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/rampolicy/ram/eval"
	"github.com/rampolicy/ram/policy"
)

func TestEveryEmbeddedTextParses(t *testing.T) {
	files, err := filepath.Glob("texts/*.json")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != len(table) {
		t.Fatalf("%d texts, %d table rows: every text needs a row with its source and every row a text", len(files), len(table))
	}
	for _, name := range Names() {
		doc, err := Lookup(name)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if len(doc.Statements) == 0 {
			t.Errorf("%s: no statements", name)
		}
		in, _ := Source(name)
		if in.Kind != policy.IdentityPolicy && in.Kind != policy.ControlPolicy {
			t.Errorf("%s: kind %s", name, in.Kind)
		}
		if !strings.HasPrefix(in.URL, "https://") {
			t.Errorf("%s: source %q is not a URL", name, in.URL)
		}
		if !in.Verbatim && in.Note == "" {
			t.Errorf("%s: a text that is not verbatim must say why", name)
		}
	}
}

// The copies in testdata/published are the corpus's; the embedded ones must not drift.
func TestEmbeddedTextsMatchThePublishedCorpus(t *testing.T) {
	for _, name := range Names() {
		want, err := os.ReadFile(filepath.Join("..", "..", "testdata", "published", "identity", name+".json"))
		if errors.Is(err, os.ErrNotExist) {
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		got, _ := Text(name)
		if string(got) != string(want) {
			t.Errorf("%s differs from testdata/published/identity/%s.json", name, name)
		}
	}
}

func TestRegistryAndSTSMeaning(t *testing.T) {
	doc, err := Lookup("AliyunContainerRegistryReadOnlyAccess")
	if err != nil {
		t.Fatal(err)
	}
	if got := doc.Statements[0].Actions; !reflect.DeepEqual(got, []string{"cr:Get*", "cr:List*", "cr:Pull*"}) {
		t.Errorf("actions %v", got)
	}
	doc, err = Lookup("AliyunSTSAssumeRoleAccess")
	if err != nil {
		t.Fatal(err)
	}
	if s := doc.Statements[0]; s.Effect != policy.EffectAllow || s.Actions[0] != "sts:AssumeRole" || s.Resources[0] != "*" {
		t.Errorf("statement %+v", s)
	}
}

func TestUnknownNameIsAnErrorNamingIt(t *testing.T) {
	for _, name := range []string{"AdministratorAccess", "ReadOnlyAccess", "", "AliyunECSFullAccess"} {
		doc, err := Lookup(name)
		if doc != nil || !errors.Is(err, ErrNotEmbedded) {
			t.Errorf("%q: %v, %v", name, doc, err)
			continue
		}
		if !strings.Contains(err.Error(), `"`+name+`"`) {
			t.Errorf("%q: error %q does not name it", name, err)
		}
		if _, err := Text(name); !errors.Is(err, ErrNotEmbedded) {
			t.Errorf("Text(%q): %v", name, err)
		}
	}
}

func TestNamesAreMatchedExactly(t *testing.T) {
	_, err := Lookup("aliyunstsassumeroleaccess")
	if !errors.Is(err, ErrNotEmbedded) {
		t.Fatalf("lower-case name resolved: %v", err)
	}
	if !strings.Contains(err.Error(), `"AliyunSTSAssumeRoleAccess"`) {
		t.Errorf("error %q does not point at the embedded spelling", err)
	}
}

func TestLookupReturnsACopy(t *testing.T) {
	a, err := Lookup("AliyunContainerRegistryReadOnlyAccess")
	if err != nil {
		t.Fatal(err)
	}
	a.Statements[0].Actions[0] = "cr:*"
	a.Statements[0].Resources = nil
	b, _ := Lookup("AliyunContainerRegistryReadOnlyAccess")
	if b.Statements[0].Actions[0] != "cr:Get*" || b.Statements[0].Resources == nil {
		t.Fatal("a change to one lookup's document reached the cache")
	}
}

func TestControlPolicyKind(t *testing.T) {
	in, ok := Source("FullAliyunAccess")
	if !ok || in.Kind != policy.ControlPolicy || in.Verbatim {
		t.Fatalf("%+v", in)
	}
	text, _ := Text("FullAliyunAccess")
	var v map[string]any
	if err := json.Unmarshal(text, &v); err != nil {
		t.Fatal(err)
	}
}

func TestConcurrentLookups(t *testing.T) {
	done := make(chan struct{})
	for range 8 {
		go func() {
			defer func() { done <- struct{}{} }()
			for _, n := range Names() {
				if _, err := Lookup(n); err != nil {
					t.Error(err)
				}
			}
		}()
	}
	for range 8 {
		<-done
	}
}

// Every embedded policy, as Lookup returns it, compiles: it carries its kind.
func TestLookupCompiles(t *testing.T) {
	t.Parallel()
	for _, name := range Names() {
		doc, err := Lookup(name)
		if err != nil {
			t.Fatal(name, err)
		}
		if _, err := eval.Compile(eval.Policy{Name: name, Doc: doc}); err != nil {
			t.Fatal(name, err)
		}
	}
}
