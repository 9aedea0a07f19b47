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
		`{"a":1,}`:             "want a string key",
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
	assert.Equal(t, `é\n`, res.Root.Get("a").Raw)
	assert.Equal(t, "/a~1b/c~0d", Pointer(Pointer("", "a/b"), "c~d"))
}
