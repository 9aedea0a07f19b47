package policy_test

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/rampolicy/ram/eval"
	"github.com/rampolicy/ram/internal/jsontree"
	"github.com/rampolicy/ram/internal/syntax"
	"github.com/rampolicy/ram/policy"
)

// Fuzz targets of package policy. Run one for longer with
//
//	go test -run '^$' -fuzz '^FuzzParse$' -fuzztime 5m ./policy
//
// Their seeds are the f.Add calls below and the files under testdata/fuzz/FuzzXxx.

// parseSeeds are documents that reach every part of the checker: accepted documents of
// every kind, and each kind of problem.
var parseSeeds = []string{
	`{"Version":"1","Statement":[{"Effect":"Allow","Action":"cr:Get*","Resource":"*"}]}`,
	`{"Version":"1","Statement":[{"Sid":"s","Effect":"Deny","NotAction":["cr:Push*","ecs:?escribe*"],"Resource":["acs:cr:*:*:repository/prod/*","acs:ecs:cn-hangzhou:123:instance/i-1"],
	  "Condition":{"IpAddress":{"acs:SourceIp":["10.0.0.0/8","2001:db8::/32"]},"Bool":{"acs:SecureTransport":"TRUE"},
	  "ForAllValues:StringLike":{"cr:Tag/env":["dev-*","t?st"]},"NumericLessThan":{"acs:MFAAge":"-1.5"},"DateGreaterThan":{"acs:CurrentTime":"2026-01-02T03:04:05.5+08:00"}}}]}`,
	`{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"RAM":["acs:ram::1234567890123456:root","acs:ram::1:role/r"],"Service":"ecs.aliyuncs.com","Federated":"acs:ram::1:saml-provider/idp"},"Condition":{"StringEquals":{"sts:ExternalId":"abc"}}}]}`,
	`{"Version":"1","Statement":[{"Effect":"Allow","Action":"cr:*","Resource":"acs:cr:*:*:repository/a/*","Principal":{"RAM":"*"}}]}`,
	"\xef\xbb\xbf{}",
	`{"Version":"1","Version":"1"}`,
	`{"Version":"1","Statement":[{"effect":"Allow","Action":"x","NotAction":[],"Condition":{"a":{"b":3},"Null":{},"StringEqualsIfExists":{}}},{"Effect":"allow","Action":5,"Resource":"arn:aws:s3:::b"}]}`,
	`{"Version":"2","Statement":[1,[],{"Effect":"Allow","Action":"a:b","Resource":"acs:x","NotResource":"*","Id":"x"}]}`,
	`{"Version":"1","Statement":[{"Effect":"Allow","Action":"a:b","Resource":"*","Condition":{"Bool":{"a:b":["true","false"]},"IpAddress":{"a:b":"1.2.3.4/33"},"DateEquals":{"a:b":"2026-01-02"},"NumericEquals":{"a:b":"1e3"},"StringEquals":{"nokey":"x","a:b":[]}}}]}`,
	`{"Version":"1","Statement":[{"Effect":"Allow","Action":"a:b","Principal":{"RAM":"acs:ram::1:role/r/s","ram":"*","Service":"ECS","Federated":"x"}}]}`,
	`{"Version":"1","Statement":[{"Effect":"Allow","Action":["a:b","a:b"],"Resource":"*","Sid":"\u00e9\ud83d\ude00\u2028"}]}`,
	`{"Version":"1","Statement":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}`,
	`{"Version":"1","Statement":[{"Effect":"Allow","Action":"a:b","Resource":"*"}]} x`,
	`"\ud800"`,
	`{"a~/b":{"":1}}`,
}

func FuzzParse(f *testing.F) {
	for _, s := range parseSeeds {
		for k := policy.IdentityPolicy; k <= policy.ResourcePolicy; k++ {
			f.Add([]byte(s), uint8(k))
		}
	}
	for _, p := range seedFiles(f, "../testdata/policies/*.json") {
		f.Add(p, uint8(policy.IdentityPolicy))
	}
	f.Fuzz(func(t *testing.T, data []byte, kind uint8) {
		checkParse(t, data, policy.Kind(kind%5+1))
		checkSchema(t, data, policy.Kind(kind%5+1)) // schema_test.go
	})
}

// FuzzRoundTrip builds documents that mostly parse, with fuzzed text in every string
// position, so that the canonical writer sees escapes, U+2028, invalid operators and the
// like: Parse -> Marshal -> Parse must give back the document and the same text.
func FuzzRoundTrip(f *testing.F) {
	f.Add("s", "cr:Get*", "acs:cr:*:*:repository/ns/*", "StringLike", "cr:Tag/env", "dev-*", "acs:ram::1:root", uint8(0))
	f.Add("", "*", "*", "ForAnyValue:IpAddress", "acs:SourceIp", "10.0.0.0/8", "*", uint8(3))
	f.Add("\u2028\\\"<&>", "a:\u00e9\\", "acs:a:b:c:d:e:f", "DateLessThan", "acs:CurrentTime", "2026-01-02T03:04:05Z", "acs:ram::1:user/a", uint8(4))
	f.Add("x", "ecs:*", "acs:ecs:*:*:*", "Bool", "acs:SecureTransport", "FALSE", "ecs.aliyuncs.com", uint8(1))
	f.Fuzz(func(t *testing.T, sid, action, resource, op, key, value, principal string, kind uint8) {
		k := policy.Kind(kind%5 + 1)
		stmt := map[string]any{
			"Sid": sid, "Effect": "Allow", "Action": action,
			"Condition": map[string]any{op: map[string]any{key: []string{value, value + "0"}}},
		}
		if k != policy.TrustPolicy || resource != "" {
			stmt["Resource"] = []string{resource, "*"}
		}
		if k == policy.TrustPolicy || k == policy.ResourcePolicy {
			stmt["Principal"] = map[string]any{"RAM": principal}
		}
		data, err := json.Marshal(map[string]any{"Version": "1", "Statement": []any{stmt, stmt}})
		if err != nil {
			t.Skip()
		}
		checkParse(t, data, k)
	})
}

// checkParse parses data as kind and checks what every answer of Parse must satisfy.
func checkParse(t *testing.T, data []byte, kind policy.Kind) {
	doc, err := policy.Parse(data, kind)
	if err != nil {
		if doc != nil {
			t.Fatalf("Parse returned a document and an error")
		}
		checkErrors(t, data, kind, err)
		return
	}
	if doc == nil {
		t.Fatalf("Parse returned neither a document nor an error")
	}
	if !json.Valid(data) {
		t.Fatalf("Parse accepted text that encoding/json rejects: %q", data)
	}
	checkDocument(t, doc, kind)
	if _, err := eval.Compile(eval.Policy{Name: "p", Doc: doc}); err != nil {
		t.Fatalf("a parsed document does not compile: %v\n%q", err, data)
	}

	// Parse -> Marshal -> Parse is the identity. The canonical text may be a little longer
	// than its source (a single value becomes a one-element array, U+2028 and U+2029 are
	// escaped), so the second parse lifts the size limit; within the limit it needs no lift.
	text, err := doc.MarshalJSON()
	if err != nil {
		t.Fatalf("Marshal of a parsed document: %v\n%q", err, data)
	}
	lim := policy.DefaultLimits(kind)
	lim.MaxSize = policy.MaxInputBytes
	doc2, err := policy.Options{Kind: kind, Limits: lim}.Parse(text)
	if err != nil {
		t.Fatalf("canonical text does not parse: %v\nsource %q\ncanonical %q", err, data, text)
	}
	if chars := jsontree.Parse(text, 64).Chars; chars <= policy.DefaultLimits(kind).MaxSize {
		if _, err := policy.Parse(text, kind); err != nil {
			t.Fatalf("canonical text of %d characters does not parse with default limits: %v", chars, err)
		}
	}
	text2, err := doc2.MarshalJSON()
	if err != nil || string(text2) != string(text) {
		t.Fatalf("Marshal(Parse(Marshal(d))) != Marshal(d): %v\n%q\n%q", err, text, text2)
	}
	if !reflect.DeepEqual(normalize(doc), normalize(doc2)) {
		t.Fatalf("Parse(Marshal(d)) != d\n%#v\n%#v", normalize(doc), normalize(doc2))
	}
}

// normalize drops what the canonical form does not keep: positions, and the order of
// conditions (written grouped by operator and key).
func normalize(d *policy.Document) *policy.Document {
	out := &policy.Document{Version: d.Version}
	for _, s := range d.Statements {
		s.Pos = policy.Position{}
		s.Conditions = append([]policy.Condition(nil), s.Conditions...)
		sort.SliceStable(s.Conditions, func(i, j int) bool {
			a, b := s.Conditions[i], s.Conditions[j]
			if a.Operator.String() != b.Operator.String() {
				return a.Operator.String() < b.Operator.String()
			}
			return a.Key < b.Key
		})
		if len(s.Conditions) == 0 {
			s.Conditions = nil
		}
		out.Statements = append(out.Statements, s)
	}
	return out
}

func checkDocument(t *testing.T, doc *policy.Document, kind policy.Kind) {
	if doc.Version != "1" || len(doc.Statements) == 0 {
		t.Fatalf("accepted document without version or statements: %+v", doc)
	}
	for i, s := range doc.Statements {
		switch {
		case s.Effect != policy.EffectAllow && s.Effect != policy.EffectDeny:
			t.Fatalf("statement %d: effect %v", i, s.Effect)
		case len(s.Actions) == 0:
			t.Fatalf("statement %d: no actions", i)
		case s.Resources != nil && len(s.Resources) == 0:
			t.Fatalf("statement %d: empty resource list", i)
		case s.Resources == nil && kind != policy.TrustPolicy:
			t.Fatalf("statement %d: a %v statement without resources", i, kind)
		case (s.Principal != nil) != (kind == policy.TrustPolicy || kind == policy.ResourcePolicy):
			t.Fatalf("statement %d: principal %v in a %v policy", i, s.Principal, kind)
		case s.Pos.Line < 1 || s.Pos.Column < 1:
			t.Fatalf("statement %d: position %+v", i, s.Pos)
		}
		for _, c := range s.Conditions {
			if len(c.Values) == 0 || c.Operator.Op.Family() == 0 || syntax.KeyProblem(c.Key) != "" {
				t.Fatalf("statement %d: condition %+v", i, c)
			}
		}
	}
}

// checkErrors checks an error of Parse: an ErrorList, in document order, each error with
// a known code, a pointer that names a place of the document, and the line and column of
// its offset.
func checkErrors(t *testing.T, data []byte, kind policy.Kind, err error) {
	var list policy.ErrorList
	if !errors.As(err, &list) || len(list) == 0 {
		t.Fatalf("error is not a non-empty ErrorList: %v", err)
	}
	// The document as a strict reader sees it with a generous depth, to resolve pointers.
	// With duplicate keys, an error may lie under a second occurrence, which the tree does
	// not keep; its pointer names the place in the text, and only offsets are checked.
	tree := jsontree.Parse(data, 1<<20)
	for _, e := range tree.Errors {
		if e.Kind == jsontree.DuplicateKey {
			tree.Root = nil
		}
	}
	syntax := 0
	for i, e := range list {
		code := policy.Code(e)
		if code == "" || !errors.Is(err, e.Err) {
			t.Fatalf("error %d has no known code: %v", i, e)
		}
		if e.Pointer != "" && e.Pointer[0] != '/' {
			t.Fatalf("error %d: pointer %q", i, e.Pointer)
		}
		if e.Offset < -1 || e.Offset > len(data) || i > 0 && e.Offset < list[i-1].Offset {
			t.Fatalf("error %d: offset %d out of place (len %d)", i, e.Offset, len(data))
		}
		line, col := jsontree.Position(data, max(e.Offset, 0))
		if e.Line != line || e.Column != col {
			t.Fatalf("error %d at %d:%d, its offset %d is at %d:%d", i, e.Line, e.Column, e.Offset, line, col)
		}
		if e.Msg == "" || strings.Count(e.Error(), "\n") > strings.Count(e.Msg, "\n") {
			t.Fatalf("error %d renders badly: %q", i, e.Error())
		}
		switch code {
		case "PolicyTooLarge":
			if i != 0 || e.Pointer != "" || e.Offset != -1 {
				t.Fatalf("PolicyTooLarge must come first, at the document: %v", list)
			}
			continue
		case "JSONSyntaxError":
			syntax++
			if e.Pointer != "" || syntax > 1 {
				t.Fatalf("syntax errors: %v", list)
			}
			continue
		}
		if tree.Root == nil || strings.Contains(e.Pointer, "…") {
			continue // a syntax error, duplicate keys, or a long key elided
		}
		n, keyOff := resolve(tree.Root, e.Pointer)
		if n == nil {
			t.Fatalf("error %d: pointer %q names nothing in %q", i, e.Pointer, data)
		}
		if code != "DuplicateKey" && e.Offset != n.Offset && e.Offset != keyOff {
			t.Fatalf("error %d (%s): offset %d is neither the value (%d) nor the key (%d) at %q", i, code, e.Offset, n.Offset, keyOff, e.Pointer)
		}
	}
	// Problems are listed up to a bound, and the rest counted.
	if len(list) > policy.MaxListed || list.More() > 0 && len(list) != policy.MaxListed {
		t.Fatalf("%d problems listed, %d more", len(list), list.More())
	}
}

// resolve finds the node a JSON Pointer names, with the offset of the member's key when
// the last token names an object member (-1 otherwise).
func resolve(n *jsontree.Node, ptr string) (*jsontree.Node, int) {
	keyOff := -1
	if ptr == "" {
		return n, keyOff
	}
	for _, tok := range strings.Split(ptr[1:], "/") {
		tok = strings.ReplaceAll(strings.ReplaceAll(tok, "~1", "/"), "~0", "~")
		switch n.Kind {
		case jsontree.Object:
			f := n.Field(tok)
			if f == nil {
				return nil, -1
			}
			n, keyOff = f.Value, f.KeyOffset
		case jsontree.Array:
			i := 0
			for _, c := range tok {
				if c < '0' || c > '9' || i > len(n.Elems) {
					return nil, -1
				}
				i = i*10 + int(c-'0')
			}
			if tok == "" || i >= len(n.Elems) {
				return nil, -1
			}
			n, keyOff = n.Elems[i], -1
		default:
			return nil, -1
		}
	}
	return n, keyOff
}

func seedFiles(tb testing.TB, glob string) [][]byte {
	tb.Helper()
	paths, err := filepath.Glob(glob)
	if err != nil {
		tb.Fatal(err)
	}
	var out [][]byte
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			tb.Fatal(err)
		}
		out = append(out, b)
	}
	return out
}
