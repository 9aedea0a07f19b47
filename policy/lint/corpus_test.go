package lint

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rampolicy/ram/policy"
)

var update = flag.Bool("update", false, "rewrite the expected findings of testdata/lint")

const corpusDir = "../../testdata/lint"

// TestCorpus lints every document of testdata/lint and compares its findings with the
// .expected file beside it (see testdata/lint/README.md for the format).
func TestCorpus(t *testing.T) {
	docs, err := filepath.Glob(filepath.Join(corpusDir, "*.json"))
	if err != nil || len(docs) == 0 {
		t.Fatalf("no corpus documents: %v", err)
	}
	for _, path := range docs {
		name := strings.TrimSuffix(filepath.Base(path), ".json")
		t.Run(name, func(t *testing.T) {
			expPath := strings.TrimSuffix(path, ".json") + ".expected"
			exp, err := os.ReadFile(expPath)
			if err != nil {
				t.Fatalf("every corpus document needs an .expected file: %v", err)
			}
			header, want := splitExpected(string(exp))
			kind, account := policy.IdentityPolicy, ""
			for _, h := range header {
				k, v, _ := strings.Cut(strings.TrimPrefix(h, "# "), ": ")
				switch k {
				case "kind":
					if kind, _ = policy.ParseKind(v); kind.String() != v {
						t.Fatalf("bad kind %q", v)
					}
				case "account":
					account = v
				}
			}
			src, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			d, err := policy.Parse(src, kind)
			if err != nil {
				t.Fatalf("corpus documents must parse: %v", err)
			}
			found, err := Lint(d, Options{Source: src, Account: account})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, f := range found {
				got = append(got, fmt.Sprintf("%d:%d: %s %s: %s", f.Line, f.Column, f.Severity, f.Code, f.Message))
			}
			if *update {
				text := strings.Join(append(header, got...), "\n") + "\n"
				if err := os.WriteFile(expPath, []byte(text), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			if strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Errorf("findings differ from %s\ngot:\n%s\nwant:\n%s", expPath, strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
		})
	}
}

// splitExpected separates the # header lines from the expected findings.
func splitExpected(text string) (header, findings []string) {
	for _, line := range strings.Split(strings.TrimRight(text, "\n"), "\n") {
		switch {
		case strings.HasPrefix(line, "#"):
			header = append(header, line)
		case line != "":
			findings = append(findings, line)
		}
	}
	return header, findings
}

// The project's own example policies raise no errors or security warnings.
func TestProjectPoliciesAreClean(t *testing.T) {
	docs, _ := filepath.Glob("../../testdata/policies/*.json")
	if len(docs) == 0 {
		t.Fatal("no project policies")
	}
	for _, path := range docs {
		src, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		d, err := policy.Parse(src, policy.IdentityPolicy)
		if err != nil {
			t.Fatal(err)
		}
		found, _ := Lint(d, Options{Source: src})
		for _, f := range found {
			if f.Severity >= SecurityWarning && f.Code != "AllowAll" {
				t.Errorf("%s: %v", path, f)
			}
		}
	}
}
