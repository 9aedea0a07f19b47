package lint

import (
	"encoding/json"
	"io"
	"net/url"
	"path/filepath"
	"sort"
	"strings"
)

// FileFindings are the findings of one file, for WriteSARIF.
type FileFindings struct {
	Path     string // the file as the user named it
	Findings []Finding
}

// WriteSARIF writes the findings as a SARIF 2.1.0 log of one run, the format GitHub code
// scanning reads. Each finding becomes a result whose rule is its code; codes lint does
// not define (such as the parse errors of package policy that ramsim lint reports too)
// get a rule of their own. Error maps to level "error", SecurityWarning and Warning to
// "warning" (security warnings tagged "security"), Suggestion to "note". Columns count
// Unicode code points, as Finding's do.
func WriteSARIF(w io.Writer, files []FileFindings) error {
	codes := map[string]Severity{}
	for _, f := range files {
		for _, x := range f.Findings {
			if _, ok := codes[x.Code]; !ok {
				codes[x.Code] = x.Severity
			}
		}
	}
	ids := make([]string, 0, len(codes))
	for c := range codes {
		ids = append(ids, c)
	}
	sort.Strings(ids)
	index := map[string]int{}
	sarifRules := make([]sarifRule, len(ids))
	for i, id := range ids {
		index[id] = i
		r, ok := findRule(id)
		if !ok {
			r = rule{code: id, severity: codes[id], summary: "Policy error " + id + " (the document does not parse)."}
		}
		sr := sarifRule{ID: id, Name: id, ShortDescription: sarifText{r.summary},
			DefaultConfiguration: sarifConfig{Level: level(r.severity)}}
		if r.severity == SecurityWarning {
			sr.Properties = &sarifRuleProps{Tags: []string{"security"}, SecuritySeverity: "7.0"}
		}
		sarifRules[i] = sr
	}
	results := []sarifResult{}
	for _, f := range files {
		uri := fileURI(f.Path)
		for _, x := range f.Findings {
			msg := x.Message
			if x.Fix != "" {
				msg += " Suggested fix: " + x.Fix
			}
			loc := sarifLocation{Physical: sarifPhysical{Artifact: sarifArtifact{URI: uri}}}
			if x.Line > 0 {
				loc.Physical.Region = &sarifRegion{StartLine: x.Line, StartColumn: max(x.Column, 1)}
			}
			if x.Pointer != "" {
				loc.Logical = []sarifLogical{{FullyQualifiedName: x.Pointer, Kind: "object"}}
			}
			results = append(results, sarifResult{
				RuleID: x.Code, RuleIndex: index[x.Code], Level: level(x.Severity),
				Message: sarifText{msg}, Locations: []sarifLocation{loc},
				Properties: sarifResultProps{Severity: x.Severity.String(), Pointer: x.Pointer, Fix: x.Fix},
			})
		}
	}
	log := sarifLog{
		Schema:  "https://json.schemastore.org/sarif-2.1.0.json",
		Version: "2.1.0",
		Runs: []sarifRun{{
			Tool:       sarifTool{Driver: sarifDriver{Name: "ramsim lint", InformationURI: "https://github.com/rampolicy/ram", Rules: sarifRules}},
			ColumnKind: "unicodeCodePoints",
			Results:    results,
		}},
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(log)
}

// level maps a severity to a SARIF result level.
func level(s Severity) string {
	switch s {
	case Error:
		return "error"
	case SecurityWarning, Warning:
		return "warning"
	}
	return "note"
}

// fileURI turns a file path into a URI reference: relative paths stay relative (GitHub
// resolves them against the repository root), absolute ones become file: URIs.
func fileURI(p string) string {
	p = filepath.ToSlash(p)
	if filepath.IsAbs(filepath.FromSlash(p)) || strings.HasPrefix(p, "/") {
		return (&url.URL{Scheme: "file", Path: p}).String()
	}
	return (&url.URL{Path: p}).String()
}

type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool       sarifTool     `json:"tool"`
	ColumnKind string        `json:"columnKind"`
	Results    []sarifResult `json:"results"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string      `json:"name"`
	InformationURI string      `json:"informationUri"`
	Rules          []sarifRule `json:"rules"`
}

type sarifRule struct {
	ID                   string          `json:"id"`
	Name                 string          `json:"name"`
	ShortDescription     sarifText       `json:"shortDescription"`
	DefaultConfiguration sarifConfig     `json:"defaultConfiguration"`
	Properties           *sarifRuleProps `json:"properties,omitempty"`
}

type sarifRuleProps struct {
	Tags             []string `json:"tags"`
	SecuritySeverity string   `json:"security-severity"`
}

type sarifConfig struct {
	Level string `json:"level"`
}

type sarifText struct {
	Text string `json:"text"`
}

type sarifResult struct {
	RuleID     string           `json:"ruleId"`
	RuleIndex  int              `json:"ruleIndex"`
	Level      string           `json:"level"`
	Message    sarifText        `json:"message"`
	Locations  []sarifLocation  `json:"locations"`
	Properties sarifResultProps `json:"properties"`
}

type sarifResultProps struct {
	Severity string `json:"severity"`
	Pointer  string `json:"pointer,omitempty"`
	Fix      string `json:"fix,omitempty"`
}

type sarifLocation struct {
	Physical sarifPhysical  `json:"physicalLocation"`
	Logical  []sarifLogical `json:"logicalLocations,omitempty"`
}

type sarifPhysical struct {
	Artifact sarifArtifact `json:"artifactLocation"`
	Region   *sarifRegion  `json:"region,omitempty"`
}

type sarifArtifact struct {
	URI string `json:"uri"`
}

type sarifRegion struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn"`
}

type sarifLogical struct {
	FullyQualifiedName string `json:"fullyQualifiedName"`
	Kind               string `json:"kind"`
}
