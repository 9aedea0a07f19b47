package eval_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/rampolicy/ram/arn"
	"github.com/rampolicy/ram/eval"
	"github.com/rampolicy/ram/policy"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Sids and condition keys come from policy text. One with a line break used to make an
// explanation (shown to people, often logged) print extra lines a tenant could choose;
// such text is quoted now, and ordinary text prints as before.
func TestExplanationsQuoteControlCharacters(t *testing.T) {
	t.Parallel()
	doc, err := policy.Parse([]byte(`{"Version":"1","Statement":[
	  {"Sid":"ok","Effect":"Allow","Action":"cr:*","Resource":"*","Condition":{"StringEquals":{"cr:Tag\nALLOW everything":"x"}}},
	  {"Sid":"a\nDeny x#9: matched","Effect":"Deny","Action":"ecs:*","Resource":"*"}]}`), policy.IdentityPolicy)
	require.NoError(t, err)
	ev := eval.NewEvaluator(eval.Config{IdentityPolicies: eval.MustCompile(eval.Policy{Name: "p", Doc: doc})})
	x := ev.Explain(&eval.Request{Principal: arn.MustParse("acs:ram::1:user/u"), Action: "cr:Get", Resource: "*"}, nil)
	s := x.String()
	assert.Equal(t, 4, strings.Count(s, "\n"), "decision, one stage, two statements:\n%s", s)
	assert.Contains(t, s, `StringEquals "cr:Tag\nALLOW everything": key missing`)
	assert.Contains(t, s, `Deny p#1 ("a\nDeny x#9: matched") at 3:4: action not matched`)
	assert.Contains(t, s, "Allow p#0 (ok) at 2:4")
}

// A pattern naming more than 255 distinct characters between its wildcards overflowed
// the 8-bit mask index of the matching automaton (internal/wildcard, nfa.go): where the
// index wrapped to 0, compiling panicked, so policy.Parse panicked on a 349-character
// policy; where it wrapped onto another character's mask, the two characters matched each
// other, so "?b…a?" allowed a resource with 'a' where it says 'b'. Found by FuzzPattern
// (arn/testdata/fuzz/FuzzPattern/253e1360ff8ce538).
func TestPatternsWithManyDistinctCharacters(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	for r := rune(0x100); r < 0x100+255; r++ {
		b.WriteRune(r)
	}
	mid := b.String()
	parse := func(doc string) (d *policy.Document, err error) {
		defer func() {
			if r := recover(); r != nil {
				t.Errorf("policy.Parse panicked on a %d-character policy: %v", len([]rune(doc)), r)
				d, err = nil, errors.New("panic")
			}
		}()
		return policy.Parse([]byte(doc), policy.IdentityPolicy)
	}
	_, err := parse(`{"Version":"1","Statement":[{"Effect":"Allow","Action":"cr:*","Resource":"acs:cr:cn:1:*?` + mid + `a?"}]}`)
	assert.NoError(t, err)
	_, err = parse(`{"Version":"1","Statement":[{"Effect":"Allow","Action":"cr:*","Resource":"*","Condition":{"StringLike":{"cr:Tag":"?` + mid + `a?"}}}]}`)
	assert.NoError(t, err)

	d, err := parse(`{"Version":"1","Statement":[{"Effect":"Allow","Action":"cr:PullRepository","Resource":"acs:cr:cn:1:repository/?b` + mid + `a?"}]}`)
	require.NoError(t, err)
	ev := eval.NewEvaluator(eval.Config{IdentityPolicies: eval.MustCompile(eval.Policy{Name: "p", Doc: d})})
	for res, want := range map[string]eval.Decision{
		"xb" + mid + "ay": eval.Allow,
		"xa" + mid + "ay": eval.ImplicitDeny, // 'a' where the pattern says 'b'
		"xb" + mid + "by": eval.ImplicitDeny, // 'b' where the pattern says 'a'
	} {
		r := ev.Evaluate(&eval.Request{Principal: arn.MustParse("acs:ram::1:user/u"), Action: "cr:PullRepository",
			Resource: "acs:cr:cn:1:repository/" + res}, nil)
		assert.Equal(t, want, r.Decision, "repository/%s…%s", res[:2], res[len(res)-2:])
	}
}
