package jsontree_test

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/rampolicy/ram/internal/jsontree"
)

// The reader against encoding/json. They accept the same texts, and read the same values
// from them, except where this reader is stricter on purpose:
//
//   - an escaped lone surrogate ("\ud800", "\udc00", a high surrogate not followed by a
//     low one) is a syntax error here; encoding/json reads it as U+FFFD;
//   - invalid UTF-8 inside a string is a syntax error here; encoding/json reads each bad
//     byte as U+FFFD (outside strings both reject it);
//   - nesting deeper than maxDepth is an error here (encoding/json's bound is 10,000);
//   - a duplicate key is reported here (and the first one kept); encoding/json keeps the
//     last one silently.
//
// A byte order mark is rejected by both.

const fuzzDepth = 32

// fuzzReader is shared by every input of FuzzParse, so that each is read into memory
// that held earlier ones.
var (
	fuzzReader   jsontree.Reader
	fuzzReaderMu sync.Mutex
)

func FuzzParse(f *testing.F) {
	for _, s := range []string{
		`{}`, `[]`, `""`, `0`, `-0.5e+10`, `true`, `null`, ` {"a" : [1, "x", {"b": null}] } `,
		`{"a":1,"a":2}`, `{"a":{"b":1,"b":2},"c":[{"d":1,"d":1}]}`, `{"a~/":1,"a~/":2}`,
		`"\u00e9\ud83d\ude00\n\"\\\/\b\f\r\t"`, `"\ud800"`, `"\udc00x"`, `"\ud800\u0041"`,
		"\"\xff\"", "\xef\xbb\xbf{}", "\"\x01\"", `01`, `1.`, `.5`, `1e`, `-`, `+1`, `tru`, `nul`,
		`{"a" 1}`, `{"a":1,}`, `[1,]`, `[1 2]`, `{"a":1} {}`, `{1:2}`, "", " ", `"\x"`, `"\u12"`,
		strings.Repeat("[", 33) + strings.Repeat("]", 33), strings.Repeat(`{"a":`, 40) + "1" + strings.Repeat("}", 40),
		"{" + strings.Repeat(`"k":0,`, 20) + `"k":1}`, "\"\u2028\u2029\x7f\"",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		res := jsontree.Parse(data, fuzzDepth)
		checkResult(t, data, res)
		compareWithEncodingJSON(t, data, res)
		// A Reader that read other documents before reads this one as Parse does.
		fuzzReaderMu.Lock()
		again := fuzzReader.Parse(data, fuzzDepth)
		fuzzReaderMu.Unlock()
		if !reflect.DeepEqual(res, again) {
			t.Fatalf("Reader.Parse differs from Parse:\n%#v\n%#v", again, res)
		}
		// Scan reads as Parse does, without building: same count, same final error.
		chars, err := jsontree.Scan(data, fuzzDepth)
		if chars != res.Chars {
			t.Fatalf("Scan counts %d characters, Parse %d", chars, res.Chars)
		}
		if res.Root == nil && (err == nil || err.Kind != res.Errors[len(res.Errors)-1].Kind ||
			err.Offset != res.Errors[len(res.Errors)-1].Offset || err.Msg != res.Errors[len(res.Errors)-1].Msg) || res.Root != nil && err != nil {
			t.Fatalf("Scan error %v, Parse errors %v", err, res.Errors)
		}
	})
}

// checkResult checks the invariants of one reading.
func checkResult(t *testing.T, data []byte, res jsontree.Result) {
	stopped := false
	for i, e := range res.Errors {
		if e.Offset < 0 || e.Offset > len(data) || e.Msg == "" {
			t.Fatalf("error %d: offset %d (len %d), %q", i, e.Offset, len(data), e.Msg)
		}
		switch e.Kind {
		case jsontree.Syntax, jsontree.TooDeep:
			if i != len(res.Errors)-1 {
				t.Fatalf("reading went on after %q", e.Msg)
			}
			stopped = true
		case jsontree.DuplicateKey:
			if data[e.Offset] != '"' || !strings.HasPrefix(e.Pointer, "/") {
				t.Fatalf("duplicate key error at %d, pointer %q", e.Offset, e.Pointer)
			}
		}
		if e.Kind != jsontree.Syntax && e.Pointer != "" && e.Pointer[0] != '/' {
			t.Fatalf("pointer %q", e.Pointer)
		}
	}
	if stopped != (res.Root == nil) {
		t.Fatalf("root %v after errors %v", res.Root, res.Errors)
	}
	if res.Root == nil {
		return
	}
	// Every node's offset is where its text starts; every key offset is a quote.
	var walk func(n *jsontree.Node, depth int)
	walk = func(n *jsontree.Node, depth int) {
		if depth > fuzzDepth {
			t.Fatalf("depth %d", depth)
		}
		var first string // the characters the node's text may start with
		switch n.Kind {
		case jsontree.Null:
			first = "n"
		case jsontree.Bool:
			first = n.Text[:1]
		case jsontree.Number:
			first = "-0123456789"
			if !bytes.HasPrefix(data[n.Offset:], []byte(n.Text)) {
				t.Fatalf("number %q not at %d", n.Text, n.Offset)
			}
		case jsontree.String:
			first = `"`
			if !utf8.ValidString(n.Text) {
				t.Fatalf("string text %q at %d not UTF-8", n.Text, n.Offset)
			}
		case jsontree.Array:
			first = "["
		case jsontree.Object:
			first = "{"
		}
		if !strings.ContainsRune(first, rune(data[n.Offset])) {
			t.Fatalf("%v node at %d starts with %q", n.Kind, n.Offset, data[n.Offset])
		}
		for _, e := range n.Elems {
			walk(e, depth+1)
		}
		seen := map[string]bool{}
		for _, f := range n.Fields {
			if data[f.KeyOffset] != '"' || seen[f.Key] || n.Get(f.Key) != f.Value {
				t.Fatalf("member %q at %d", f.Key, f.KeyOffset)
			}
			seen[f.Key] = true
			walk(f.Value, depth+1)
		}
	}
	walk(res.Root, 0)
	if want := countChars(data); res.Chars != want {
		t.Fatalf("Chars = %d, counted %d in %q", res.Chars, want, data)
	}
}

// countChars is the reference count of characters outside insignificant white space: a
// text that was read whole is valid JSON, so white space outside strings is insignificant
// and everything else counts, one per code point.
func countChars(data []byte) int {
	n, inString, escaped := 0, false, false
	for _, r := range string(data) {
		switch {
		case inString:
			n++
			switch {
			case escaped:
				escaped = false
			case r == '\\':
				escaped = true
			case r == '"':
				inString = false
			}
		case r == ' ' || r == '\t' || r == '\n' || r == '\r':
		default:
			n++
			inString = r == '"'
		}
	}
	return n
}

// compareWithEncodingJSON checks acceptance and values against encoding/json.
func compareWithEncodingJSON(t *testing.T, data []byte, res jsontree.Result) {
	valid := json.Valid(data)
	if res.Root != nil && !valid {
		t.Fatalf("read %q, which encoding/json rejects", data)
	}
	if !valid {
		return
	}
	if res.Root == nil {
		e := res.Errors[len(res.Errors)-1]
		if e.Kind == jsontree.TooDeep || hasLoneSurrogate(data) || !utf8.Valid(data) {
			return // the documented differences
		}
		t.Fatalf("rejected %q, which encoding/json reads: %s", data, e.Msg)
	}
	if len(res.Errors) > 0 {
		return // duplicate keys: encoding/json would keep the last one
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var want any
	if err := dec.Decode(&want); err != nil {
		t.Fatalf("encoding/json: %v", err)
	}
	if got := plain(res.Root); !reflect.DeepEqual(got, want) {
		t.Fatalf("values differ for %q:\njsontree      %#v\nencoding/json %#v", data, got, want)
	}
}

// plain turns a tree into the values encoding/json decodes (numbers as json.Number).
func plain(n *jsontree.Node) any {
	switch n.Kind {
	case jsontree.Object:
		m := map[string]any{}
		for _, f := range n.Fields {
			m[f.Key] = plain(f.Value)
		}
		return m
	case jsontree.Array:
		a := []any{}
		for _, e := range n.Elems {
			a = append(a, plain(e))
		}
		return a
	case jsontree.String:
		return n.Text
	case jsontree.Number:
		return json.Number(n.Text) // both keep a number as written
	case jsontree.Bool:
		return n.Text == "true"
	}
	return nil
}

// hasLoneSurrogate reports whether data escapes a surrogate that is not half of a
// well-formed pair.
func hasLoneSurrogate(data []byte) bool {
	s := string(data)
	for i := 0; i+6 <= len(s); i++ {
		if s[i] != '\\' {
			continue
		}
		if s[i+1] != 'u' {
			i++ // an escaped character, maybe a backslash
			continue
		}
		v := hexVal(s[i+2 : i+6])
		switch {
		case v >= 0xDC00 && v <= 0xDFFF:
			return true
		case v >= 0xD800 && v <= 0xDBFF:
			if i+12 > len(s) || s[i+6] != '\\' || s[i+7] != 'u' {
				return true
			}
			if w := hexVal(s[i+8 : i+12]); w < 0xDC00 || w > 0xDFFF {
				return true
			}
			i += 11
		default:
			i += 5
		}
	}
	return false
}

func hexVal(s string) int {
	v := 0
	for _, c := range []byte(s) {
		switch {
		case '0' <= c && c <= '9':
			v = v*16 + int(c-'0')
		case 'a' <= c && c <= 'f':
			v = v*16 + int(c-'a'+10)
		case 'A' <= c && c <= 'F':
			v = v*16 + int(c-'A'+10)
		default:
			return -1
		}
	}
	return v
}

// TestLinearTime pins the fix for two quadratic costs found while hardening: duplicate
// detection compared every key with every earlier key of its object, and every value's
// JSON Pointer was built as a string, so a long key above a long array cost its length
// once per element. They made one 1 MiB document cost 7 s and 70 s of CPU. The test reads
// each shape at 256 KiB and at 1 MiB: four times the input may take about four times as
// long, not sixteen.
func TestLinearTime(t *testing.T) {
	manyKeys := func(size int) string {
		var b strings.Builder
		b.WriteString("{")
		for i := 0; b.Len() < size; i++ {
			if i > 0 {
				b.WriteString(",")
			}
			b.WriteString(`"k` + strings.Repeat("x", i%7) + itoa(i) + `":0`)
		}
		return b.String() + "}"
	}
	longKey := func(size int) string {
		return `{"` + strings.Repeat("k", size/2) + `":[` + strings.Repeat("0,", size/4) + `0]}`
	}
	for name, gen := range map[string]func(int) string{"many keys": manyKeys, "long key over a long array": longKey} {
		cost := func(size int) time.Duration {
			doc := []byte(gen(size))
			best := time.Duration(1 << 62)
			for range 3 {
				start := time.Now()
				res := jsontree.Parse(doc, 32)
				best = min(best, time.Since(start))
				if res.Root == nil || len(res.Errors) > 0 {
					t.Fatalf("%s: %v", name, res.Errors)
				}
			}
			return best
		}
		small, large := cost(256<<10), cost(1<<20)
		t.Logf("%s: 256 KiB in %v, 1 MiB in %v", name, small, large)
		if large > 10*small+100*time.Millisecond {
			t.Errorf("%s: 4x the input took %.1fx as long", name, float64(large)/float64(small))
		}
	}
	dup := `{"a":{` + strings.Repeat(`"b":0,`, 50) + `"b":0}}`
	res := jsontree.Parse([]byte(dup), 32)
	if len(res.Errors) != 50 || res.Errors[0].Pointer != "/a/b" || res.Root == nil {
		t.Fatalf("duplicates: %d errors, first %+v", len(res.Errors), res.Errors[0])
	}
	deep := `{"a~/b":[[{"c":` + strings.Repeat("[", 40) + strings.Repeat("]", 40) + `}]]}`
	res = jsontree.Parse([]byte(deep), 32)
	if e := res.Errors[len(res.Errors)-1]; e.Kind != jsontree.TooDeep || e.Pointer != "/a~0~1b/0/0/c"+strings.Repeat("/0", 28) {
		t.Fatalf("too deep: %+v", e)
	}
}

func itoa(i int) string {
	var b []byte
	for {
		b = append([]byte{byte('0' + i%10)}, b...)
		if i /= 10; i == 0 {
			return string(b)
		}
	}
}
