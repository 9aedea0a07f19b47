package policy_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/rampolicy/ram/policy"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Regression tests for what hardening found in package policy.

func errorsOf(t *testing.T, src string, kind policy.Kind) policy.ErrorList {
	t.Helper()
	_, err := policy.Parse([]byte(src), kind)
	var list policy.ErrorList
	require.True(t, errors.As(err, &list), "want an ErrorList, got %v", err)
	return list
}

// The JSON Schema validator leaves empty keys out of the places it reports, so a wrong
// type under an empty operator, condition key or principal kind was reported at another
// pointer ("/Statement/0/Condition/0" for "/Statement/0/Condition//0"), at offset 0 and
// with a wrong message ("Condition must be an object, not object").
func TestEmptyKeysKeepTheirPointers(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ doc, at, msg string }{
		{`{"Version":"1","Statement":[{"Effect":"Allow","Action":"a:b","Resource":"*","Condition":{"":{"0":0}}}]}`,
			"/Statement/0/Condition//0", "want a string or a list of strings, not number"},
		{`{"Version":"1","Statement":[{"Effect":"Allow","Action":"a:b","Resource":"*","Condition":{"StringEquals":{"":1}}}]}`,
			"/Statement/0/Condition/StringEquals/", "want a string or a list of strings, not number"},
		{`{"Version":"1","Statement":[{"Effect":"Allow","Action":"a:b","Resource":"*","Condition":{"":1}}]}`,
			"/Statement/0/Condition/", `condition operator "" must map condition keys to values, not be number`},
		{`{"Version":"1","Statement":[{"Effect":"Allow","Action":"a:b","Principal":{"":[{}]}}]}`,
			"/Statement/0/Principal//0", "want a string or a list of strings, not object"},
	} {
		found := false
		for _, e := range errorsOf(t, tc.doc, policy.TrustPolicy) {
			if policy.Code(e) != "DataTypeMismatch" {
				continue
			}
			found = true
			assert.Equal(t, tc.at, e.Pointer, tc.doc)
			assert.Equal(t, tc.msg, e.Msg, tc.doc)
			assert.NotZero(t, e.Offset, tc.doc)
		}
		assert.True(t, found, tc.doc)
	}
}

// Type errors say what the place needs; they used to be guessed from the last token
// only, so a number as a statement read "want a string or a list of strings".
func TestTypeMessagesNameWhatThePlaceNeeds(t *testing.T) {
	t.Parallel()
	doc := `{"Version":"1","Statement":[1,{"Effect":1,"Sid":1,"Action":{},"Resource":1,"Condition":1},{"Effect":"Allow","Action":"a:b","Resource":"*","Condition":{"StringEquals":[]}}]}`
	var got []string
	for _, e := range errorsOf(t, doc, policy.IdentityPolicy) {
		if policy.Code(e) == "DataTypeMismatch" {
			got = append(got, e.Pointer+": "+e.Msg)
		}
	}
	assert.Equal(t, []string{
		"/Statement/0: a statement must be an object, not number",
		"/Statement/1/Effect: Effect must be a string, not number",
		"/Statement/1/Sid: Sid must be a string, not number",
		"/Statement/1/Action: want a string or a list of strings, not object",
		"/Statement/1/Resource: want a string or a list of strings, not number",
		"/Statement/1/Condition: Condition must be an object, not number",
		`/Statement/2/Condition/StringEquals: condition operator "StringEquals" must map condition keys to values, not be array`,
	}, got, "a statement that is not an object is reported once, not twice")
}

// denseDoc is a resource policy of n empty statements: four problems in three characters.
func denseDoc(n int) string {
	return `{"Version":"1","Statement":[` + strings.TrimSuffix(strings.Repeat("{},", n), ",") + `]}`
}

// A document lists at most MaxListed problems and counts the others; a document over its
// size limit is reported as PolicyTooLarge alone.
func TestProblemsListedUpToABound(t *testing.T) {
	t.Parallel()
	lim := policy.DefaultLimits(policy.ResourcePolicy).MaxSize
	n := (lim - len(denseDoc(0)) + 1) / 3
	list := errorsOf(t, denseDoc(n), policy.ResourcePolicy)
	require.Len(t, list, policy.MaxListed)
	assert.Equal(t, 4*n-policy.MaxListed, list.More(), "four problems per statement, all counted")
	assert.Equal(t, "InvalidEffect", policy.Code(list[0]))
	assert.True(t, strings.HasSuffix(list.Error(), fmt.Sprintf("\n... and %d more problems", 4*n-policy.MaxListed)))

	list = errorsOf(t, denseDoc(100000), policy.ResourcePolicy)
	require.Len(t, list, 1)
	assert.Equal(t, "PolicyTooLarge", policy.Code(list[0]))
	assert.Equal(t, 0, list.More())
}

// hostileShapes build documents of about size bytes that cost the checker the most per
// byte; before hardening, the worst took 15 s at 1 MiB (a million problems, each with a
// position found by reading the text from its start), others 6 s to 70 s.
var hostileShapes = map[string]func(size int) string{
	"empty statements": func(size int) string { return denseDoc(size / 3) },
	"numbers as statements": func(size int) string {
		return `{"Version":"1","Statement":[` + strings.Repeat("1,", size/2) + `1]}`
	},
	"numbers as actions": func(size int) string {
		return `{"Version":"1","Statement":[{"Effect":"Allow","Resource":"*","Action":[` + strings.Repeat("1,", size/2) + `1]}]}`
	},
	"wrong types under many keys": func(size int) string {
		var b strings.Builder
		b.WriteString(`{"Version":"1","Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"StringEquals":{`)
		for i := 0; b.Len() < size; i++ {
			fmt.Fprintf(&b, `"a:%d":1,`, i)
		}
		return b.String() + `"a:b":1}}}]}`
	},
	"valid statements": func(size int) string {
		s := `{"Effect":"Allow","Action":"a:b","Resource":"*"}`
		return `{"Version":"1","Statement":[` + strings.Repeat(s+",", size/len(s)) + s + `]}`
	},
	"long key over a long list": func(size int) string {
		return `{"Version":"1","Statement":[{"` + strings.Repeat("k", size/2) + `":[` + strings.Repeat("0,", size/4) + `0]}]}`
	},
}

// A key with a line break used to make one error print as two lines, so a tenant could
// forge lines in a log that records parse errors. Pointers with control characters are
// quoted now; others print as before.
func TestErrorsRenderOnOneLine(t *testing.T) {
	t.Parallel()
	doc := `{"Version":"1","Statement":[{"Effect":"Allow","Action":"a:b","Resource":"*","Condition":{"\nlevel=info msg=granted":{}}}]}`
	list := errorsOf(t, doc, policy.IdentityPolicy)
	require.Len(t, list, 1)
	assert.Equal(t, "/Statement/0/Condition/\nlevel=info msg=granted", list[0].Pointer, "the pointer itself is exact")
	assert.Equal(t, `1:90: "/Statement/0/Condition/\nlevel=info msg=granted": unknown condition operator "\nlevel=info msg=granted"`, list[0].Error())
	list = errorsOf(t, `{"Version":"1","Statement":[{"Effect":"allow","Action":"a:b","Resource":"*"}]}`, policy.IdentityPolicy)
	assert.Equal(t, `1:39: /Statement/0/Effect: invalid effect "allow" (want "Allow" or "Deny")`, list[0].Error())
}
