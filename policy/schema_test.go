package policy_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/rampolicy/ram/policy"
	"github.com/santhosh-tekuri/jsonschema/v5"
	"pgregory.net/rapid"
)

// policy.schema.json is the published contract of the document structure; Parse does
// not run it (it was two thirds of the load time). These tests run both on generated,
// seeded and hostile documents and hold that they agree on structure: the schema accepts
// a document exactly when Parse finds no structural problem in it (element names, JSON
// types, required elements, empty lists, Version and Effect values). Parse checks values
// beyond the schema, so whatever Parse accepts the schema accepts, and whatever the
// schema rejects Parse rejects.

var schemas = sync.OnceValue(func() map[policy.Kind]*jsonschema.Schema {
	text, err := os.ReadFile("policy.schema.json")
	if err != nil {
		panic(err)
	}
	c := jsonschema.NewCompiler()
	c.Draft = jsonschema.Draft2020
	if err := c.AddResource("policy.schema.json", bytes.NewReader(text)); err != nil {
		panic(err)
	}
	identity := c.MustCompile("policy.schema.json#/$defs/identity")
	return map[policy.Kind]*jsonschema.Schema{
		policy.IdentityPolicy: identity, policy.SessionPolicy: identity, policy.ControlPolicy: identity,
		policy.TrustPolicy:    c.MustCompile("policy.schema.json#/$defs/trust"),
		policy.ResourcePolicy: c.MustCompile("policy.schema.json#/$defs/resource"),
	}
})

// structural reports whether a problem is one of structure, which the schema describes.
func structural(e *policy.Error) bool {
	switch policy.Code(e) {
	case "DataTypeMismatch", "InvalidPolicyElement", "MissingStatement", "MissingAction",
		"ConflictingElements", "MissingResource", "InvalidVersion", "InvalidEffect":
		return true
	case "InvalidPrincipal":
		return strings.HasPrefix(e.Msg, "unknown principal kind") || e.Msg == "principal is empty" ||
			strings.HasPrefix(e.Msg, "Principal is missing")
	case "InvalidConditionValue":
		return e.Msg == "condition has no values"
	}
	return false
}

// checkSchema runs Parse (size lifted: the schema has no sizes) and the schema on one
// text of one kind, and fails when they disagree on its structure. Texts that are not
// plain JSON to Parse (syntax, duplicate keys, nesting) are not the schema's business.
func checkSchema(t interface{ Fatalf(string, ...any) }, data []byte, kind policy.Kind) {
	doc, err := policy.Options{Kind: kind, Limits: policy.Limits{MaxSize: policy.MaxInputBytes}}.Parse(data)
	structuralProblem := false
	if err != nil {
		var list policy.ErrorList
		if !errors.As(err, &list) {
			t.Fatalf("not an ErrorList: %v", err)
		}
		for _, e := range list {
			switch policy.Code(e) {
			case "JSONSyntaxError", "DuplicateKey", "LimitExceeded", "PolicyTooLarge":
				return
			}
			structuralProblem = structuralProblem || structural(e)
		}
		if list.More() > 0 && !structuralProblem {
			return // the unlisted problems may hold a structural one
		}
	}
	var inst any
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber() // as the validator wants it
	if jerr := dec.Decode(&inst); jerr != nil {
		t.Fatalf("Parse read JSON that encoding/json does not: %v\n%q", jerr, data)
	}
	verr := schemas()[kind].Validate(inst)
	switch {
	case doc != nil && verr != nil:
		t.Fatalf("Parse accepts this %s document, the schema rejects it: %v\n%s", kind, verr, data)
	case verr != nil && !structuralProblem:
		t.Fatalf("the schema rejects a %s document whose structure Parse accepts: %v\nParse: %v\n%s", kind, verr, err, data)
	case verr == nil && structuralProblem:
		t.Fatalf("Parse finds a structural problem in a %s document the schema accepts:\n%v\n%s", kind, err, data)
	}
}

var kinds = []policy.Kind{policy.IdentityPolicy, policy.SessionPolicy, policy.ControlPolicy, policy.TrustPolicy, policy.ResourcePolicy}

// Seeds, fuzz corpus files and every document of the decision tables, as every kind.
func TestSchemaAgreesOnKnownDocuments(t *testing.T) {
	t.Parallel()
	var texts [][]byte
	for _, s := range parseSeeds {
		texts = append(texts, []byte(s))
	}
	texts = append(texts, seedFiles(t, "../testdata/policies/*.json")...)
	files, _ := filepath.Glob("../testdata/decisions/*/*.json")
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var table struct {
			Policies map[string]json.RawMessage `json:"policies"`
			Cases    []struct {
				Parse json.RawMessage `json:"parse"`
			} `json:"cases"`
		}
		if err := json.Unmarshal(raw, &table); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		add := func(m json.RawMessage) {
			var s string
			if json.Unmarshal(m, &s) == nil {
				texts = append(texts, []byte(s))
			} else if len(m) > 0 {
				texts = append(texts, m)
			}
		}
		for _, p := range table.Policies {
			add(p)
		}
		for _, c := range table.Cases {
			add(c.Parse)
		}
	}
	if len(texts) < 200 {
		t.Fatalf("only %d documents found", len(texts))
	}
	for _, text := range texts {
		for _, k := range kinds {
			checkSchema(t, text, k)
		}
	}
}

// Generated documents: every element name (right, wrong case, unknown), every JSON type
// in every place, empty and missing lists, at random.
func TestSchemaAgreesOnGeneratedDocuments(t *testing.T) {
	t.Parallel()
	rapid.Check(t, func(t *rapid.T) {
		doc := genJSON(t)
		text, err := json.Marshal(doc)
		if err != nil {
			t.Fatalf("marshal: %v", err)
		}
		checkSchema(t, text, rapid.SampledFrom(kinds).Draw(t, "kind"))
	})
}

func genJSON(t *rapid.T) any {
	scalar := rapid.SampledFrom([]any{"1", "Allow", "Deny", "allow", "*", "cr:Get*", "acs:cr:*:*:x/*", "ecs.aliyuncs.com",
		"acs:ram::1:root", "10.0.0.0/8", "true", "", 1.0, true, nil})
	value := func(label string) any { // what a value list may look like, right or wrong
		switch rapid.IntRange(0, 7).Draw(t, label) {
		case 0, 1:
			return scalar.Draw(t, label+"-scalar")
		case 2:
			return []any{}
		case 3:
			return map[string]any{}
		case 4:
			return []any{scalar.Draw(t, label+"-e"), []any{"x"}}
		default:
			return rapid.SliceOfN(rapid.SampledFrom([]any{"a:b", "*", "acs:cr:*:*:x/*", "acs:ram::1:root"}), 1, 3).Draw(t, label+"-list")
		}
	}
	object := func(label string, names []string, val func(name string) any) map[string]any {
		m := map[string]any{}
		for _, n := range rapid.SliceOfNDistinct(rapid.SampledFrom(names), 0, len(names), rapid.ID[string]).Draw(t, label) {
			m[n] = val(n)
		}
		return m
	}
	principal := func() any {
		if rapid.IntRange(0, 5).Draw(t, "principal-shape") == 0 {
			return value("principal-wrong")
		}
		return object("principal", []string{"RAM", "Service", "Federated", "ram", ""}, func(string) any { return value("principal-value") })
	}
	condition := func() any {
		if rapid.IntRange(0, 5).Draw(t, "condition-shape") == 0 {
			return value("condition-wrong")
		}
		return object("operators", []string{"StringEquals", "ForAnyValue:StringLike", "Bool", "Null", ""}, func(string) any {
			if rapid.IntRange(0, 4).Draw(t, "operator-shape") == 0 {
				return value("operator-wrong")
			}
			return object("keys", []string{"acs:SourceIp", "a:b", "", "nokey"}, func(string) any { return value("condition-value") })
		})
	}
	statement := func() any {
		if rapid.IntRange(0, 6).Draw(t, "statement-shape") == 0 {
			return scalar.Draw(t, "statement-wrong")
		}
		names := []string{"Sid", "Effect", "Action", "NotAction", "Resource", "Condition", "Principal", "NotResource", "effect", "Id"}
		return object("statement", names, func(name string) any {
			switch name {
			case "Effect", "Sid", "effect":
				return scalar.Draw(t, name)
			case "Principal":
				return principal()
			case "Condition":
				return condition()
			}
			return value(name)
		})
	}
	return object("document", []string{"Version", "Statement", "version", "Id"}, func(name string) any {
		switch name {
		case "Version":
			return rapid.SampledFrom([]any{"1", "1", "2", 1.0, nil, []any{"1"}}).Draw(t, "version")
		case "Statement":
			switch rapid.IntRange(0, 6).Draw(t, "statements-shape") {
			case 0:
				return scalar.Draw(t, "statements-wrong")
			case 1:
				return []any{}
			}
			var out []any
			for range rapid.IntRange(1, 3).Draw(t, "statements") {
				out = append(out, statement())
			}
			return out
		}
		return value(name)
	})
}
