package lint

import (
	"bytes"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v5"
)

// sarifSample lints every check case and adds a parse error and a finding without a
// position, in files named in every way a user may name them.
func sarifSample(t *testing.T) []FileFindings {
	var files []FileFindings
	names := []string{"policies/a.json", "with space/b.json", "/abs/c.json", `win\d.json`}
	for i, c := range checkCases {
		files = append(files, FileFindings{Path: names[i%len(names)], Findings: run(t, c.kind, c.account, c.pos)})
	}
	files = append(files, FileFindings{Path: "broken.json", Findings: []Finding{
		{Code: "InvalidEffect", Severity: Error, Message: `invalid effect "allow"`, Pointer: "/Statement/0/Effect", Line: 2, Column: 24},
		{Code: "AllowAll", Severity: SecurityWarning, Message: "built in code", Pointer: "/Statement/0"},
	}})
	return files
}

// schemaPath finds the OASIS SARIF 2.1.0 schema: where SARIF_SCHEMA says, in testdata,
// or in the steering repository's shared/schemas beside a checkout (where CI finds
// shared/; third-party data files are kept there, not in this repository). See
// testdata/README.md.
func schemaPath() string {
	if p := os.Getenv("SARIF_SCHEMA"); p != "" {
		return p
	}
	for _, p := range []string{
		filepath.Join("testdata", "sarif-schema-2.1.0.json"),
		filepath.Join("..", "..", "..", "shared", "schemas", "sarif-schema-2.1.0.json"),
	} {
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	return filepath.Join("testdata", "sarif-schema-2.1.0.json")
}

func TestSARIFValidatesAgainstSchema(t *testing.T) {
	path := schemaPath()
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		t.Skipf("no SARIF schema at %s (see testdata/README.md)", path)
	}
	c := jsonschema.NewCompiler()
	c.Draft = jsonschema.Draft4
	c.AssertFormat = true
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	const id = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
	if err := c.AddResource(id, f); err != nil {
		t.Fatal(err)
	}
	schema := c.MustCompile(id)
	var buf bytes.Buffer
	if err := WriteSARIF(&buf, sarifSample(t)); err != nil {
		t.Fatal(err)
	}
	var v any
	if err := json.Unmarshal(buf.Bytes(), &v); err != nil {
		t.Fatal(err)
	}
	if err := schema.Validate(v); err != nil {
		t.Fatalf("%#v", err)
	}
	// The schema is strict (additionalProperties false): a log with a stray field fails,
	// so the validation above can fail.
	v.(map[string]any)["stray"] = 1
	if schema.Validate(v) == nil {
		t.Fatal("schema accepted a stray property")
	}
	delete(v.(map[string]any), "stray")
	result := v.(map[string]any)["runs"].([]any)[0].(map[string]any)["results"].([]any)[0].(map[string]any)
	result["level"] = "fatal"
	if schema.Validate(v) == nil {
		t.Fatal("schema accepted a result level it does not define")
	}
}

// The SARIF log says what GitHub code scanning needs, schema or not.
func TestSARIFContents(t *testing.T) {
	var buf bytes.Buffer
	files := sarifSample(t)
	if err := WriteSARIF(&buf, files); err != nil {
		t.Fatal(err)
	}
	var log struct {
		Version string `json:"version"`
		Runs    []struct {
			ColumnKind string `json:"columnKind"`
			Tool       struct {
				Driver struct {
					Rules []struct {
						ID         string `json:"id"`
						Properties struct {
							Tags []string `json:"tags"`
						} `json:"properties"`
					} `json:"rules"`
				} `json:"driver"`
			} `json:"tool"`
			Results []struct {
				RuleID    string `json:"ruleId"`
				RuleIndex int    `json:"ruleIndex"`
				Level     string `json:"level"`
				Locations []struct {
					Physical struct {
						Artifact struct {
							URI string `json:"uri"`
						} `json:"artifactLocation"`
						Region *struct {
							StartLine, StartColumn int
						} `json:"region"`
					} `json:"physicalLocation"`
				} `json:"locations"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(buf.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	if log.Version != "2.1.0" || len(log.Runs) != 1 || log.Runs[0].ColumnKind != "unicodeCodePoints" {
		t.Fatalf("bad log header: %+v", log)
	}
	run := log.Runs[0]
	n := 0
	for _, f := range files {
		n += len(f.Findings)
	}
	if len(run.Results) != n {
		t.Fatalf("%d results for %d findings", len(run.Results), n)
	}
	uris := map[string]bool{}
	for _, r := range run.Results {
		if run.Tool.Driver.Rules[r.RuleIndex].ID != r.RuleID {
			t.Fatalf("result %s points at rule %d", r.RuleID, r.RuleIndex)
		}
		uris[r.Locations[0].Physical.Artifact.URI] = true
	}
	for _, want := range []string{"policies/a.json", "with%20space/b.json", "file:///abs/c.json", "broken.json"} {
		if !uris[want] {
			t.Errorf("no result for URI %q; got %v", want, uris)
		}
	}
	for _, r := range run.Tool.Driver.Rules {
		if r.ID == "TrustAnyone" && (len(r.Properties.Tags) != 1 || r.Properties.Tags[0] != "security") {
			t.Errorf("security rule without the security tag: %+v", r)
		}
	}
	last := run.Results[len(run.Results)-1]
	if last.Locations[0].Physical.Region != nil || last.Level != "warning" {
		t.Errorf("finding without a position got a region or a wrong level: %+v", last)
	}
}
