package jsontree

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDuplicateKeysAfterDecoding(t *testing.T) {
	t.Parallel()
	// "Eff\u0065ct" decodes to "Effect": the same key, whatever its spelling.
	res := Parse([]byte(`{"a":{"Effect":"Allow","Eff\u0065ct":"Deny"},"b":[{"x":1,"x":2}]}`), 32)
	require.NotNil(t, res.Root)
	require.Len(t, res.Errors, 2)
	assert.Equal(t, DuplicateKey, res.Errors[0].Kind)
	assert.Equal(t, "/a/Effect", res.Errors[0].Pointer)
	assert.Equal(t, "/b/0/x", res.Errors[1].Pointer)
	assert.Equal(t, "Allow", res.Root.Get("a").Get("Effect").Text, "the first occurrence is kept; the caller rejects the document anyway")
}

func TestSyntaxErrors(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"":                     "empty document",
		"  ":                   "empty document",
		"\xef\xbb\xbf{}":       "byte order mark",
		`{} {}`:                "data after the end",
		`{"a":1,}`:             "trailing comma before }",
		`[1, ]`:                "trailing comma before ]",
		`{'a':1}`:              "want a string key",
		`{"a":"\ud800"}`:       "lone surrogate",
		`{"a":"\udc00\ud800"}`: "lone surrogate",
		"{\"a\":\"\x01\"}":     "control character",
		"{\"a\":\"\xff\"}":     "invalid UTF-8",
		`{"a":01}`:             "want '}'",
		`{"a":1.}`:             "in a number",
		`{"a":tru}`:            "want a JSON value",
		`{"a":"\x"}`:           "invalid escape",
		`[1,2`:                 "want ']'",
		`// c` + "\n{}":        "want a JSON value",
	} {
		res := Parse([]byte(in), 32)
		require.Nil(t, res.Root, "%q", in)
		require.NotEmpty(t, res.Errors, "%q", in)
		last := res.Errors[len(res.Errors)-1]
		assert.Equal(t, Syntax, last.Kind, "%q", in)
		assert.Contains(t, last.Msg, want, "%q", in)
	}
}

func TestDepthLimitStopsReading(t *testing.T) {
	t.Parallel()
	in := strings.Repeat("[", 33) + strings.Repeat("]", 33)
	res := Parse([]byte(in), 32)
	require.Nil(t, res.Root)
	assert.Equal(t, TooDeep, res.Errors[0].Kind)
	assert.Equal(t, "/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0", res.Errors[0].Pointer)
	res = Parse([]byte(strings.Repeat("[", 32)+strings.Repeat("]", 32)), 32)
	assert.NotNil(t, res.Root)
	// A million brackets do not overflow anything: reading stops at the limit.
	res = Parse([]byte(strings.Repeat("[", 1<<20)), 32)
	assert.Equal(t, TooDeep, res.Errors[0].Kind)
}

func TestCharsAndPositions(t *testing.T) {
	t.Parallel()
	src := []byte("{ \"a\" : \"é\\n\" ,\n  \"b\": [ true , null ] }")
	res := Parse(src, 32)
	require.NotNil(t, res.Root)
	// Counted: {"a":"é\n","b":[true,null]} with the escape as written.
	assert.Equal(t, len([]rune(`{"a":"é\n","b":[true,null]}`)), res.Chars)
	b := res.Root.Get("b")
	line, col := Position(src, b.Offset)
	assert.Equal(t, 2, line)
	assert.Equal(t, 8, col)
	assert.Equal(t, "é\n", res.Root.Get("a").Text)
	assert.Equal(t, "/a~1b/c~0d", Pointer(Pointer("", "a/b"), "c~d"))
}

// A trailing comma is named at the comma's own place, not where the scanner stopped.
func TestTrailingComma(t *testing.T) {
	t.Parallel()
	src := "{\"a\": [1,\n  2,\n]}"
	res := Parse([]byte(src), 32)
	require.NotEmpty(t, res.Errors)
	e := res.Errors[len(res.Errors)-1]
	assert.Equal(t, "trailing comma before ]", e.Msg)
	assert.Equal(t, strings.LastIndexByte(src, ','), e.Offset)
	line, col := Position([]byte(src), e.Offset)
	assert.Equal(t, [2]int{2, 4}, [2]int{line, col})
}

// Duplicate keys are listed up to MaxDuplicates and counted beyond; pointers through a
// long key are elided, so the errors of a hostile document stay small.
func TestDuplicatesBounded(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("k", 100000)
	var b strings.Builder
	b.WriteString(`{"` + long + `":{`)
	for i := range 1000 {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(`"x":1`)
	}
	b.WriteString(`}}`)
	res := Parse([]byte(b.String()), 32)
	require.Len(t, res.Errors, MaxDuplicates)
	assert.Equal(t, 999-MaxDuplicates, res.MoreDuplicates)
	total := 0
	for _, e := range res.Errors {
		total += len(e.Pointer) + len(e.Msg)
	}
	assert.Less(t, total, MaxDuplicates*200, "pointers and messages are elided")
	assert.Contains(t, res.Errors[0].Pointer, "…")
}

// Scan counts and checks syntax as Parse does, and builds nothing.
func TestScan(t *testing.T) {
	for _, src := range []string{`{"a":[1,"b\u00e9",true,null,{"c":-1.5e3}]}`, `{"a":1,}`, `[[[[1]]]]`, `{"a":"x","a":"y"}`} {
		res := Parse([]byte(src), 3)
		chars, err := Scan([]byte(src), 3)
		assert.Equal(t, res.Chars, chars, src)
		var last *Error
		if res.Root == nil {
			last = res.Errors[len(res.Errors)-1]
		}
		if last == nil {
			assert.Nil(t, err, src)
		} else {
			require.NotNil(t, err, src)
			last.Pointer = "" // a scan keeps no keys
			assert.Equal(t, *last, *err, src)
		}
	}
	src := []byte(`[` + strings.Repeat(`"abc",`, 100000) + `1]`)
	allocs := testing.AllocsPerRun(3, func() { _, _ = Scan(src, 32) })
	assert.Less(t, allocs, 10.0, "Scan allocates nothing per value")
}

// TestReaderReusesMemory: a Reader reads each document as Parse does, whatever it read
// before (larger, smaller, broken), and the strings of an earlier tree survive later
// reads: only nodes, lists and paths are reused.
func TestReaderReusesMemory(t *testing.T) {
	t.Parallel()
	big := `{"Statement":[` + strings.Repeat(`{"Effect":"Allow","Action":["a:B","c:\u0044"],"Resource":"x"},`, 300) + `{}],"Version":"1"}`
	docs := []string{big, `{"a":[1,{"b":null}]}`, `{"a":1,"a":2}`, `[1,`, big, `"s"`, `{"k":{"k":{"k":[]}}}`}
	var r Reader
	var kept []string
	for _, d := range docs {
		want := Parse([]byte(d), 32)
		got := r.Parse([]byte(d), 32)
		require.Equal(t, want, got, "%.40s", d)
		if got.Root != nil && got.Root.Kind == Object && len(got.Root.Fields) > 0 {
			kept = append(kept, got.Root.Fields[0].Key)
		}
	}
	assert.Equal(t, []string{"Statement", "a", "a", "Statement", "k"}, kept)
	assert.Positive(t, r.Footprint())
}
