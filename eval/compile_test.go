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

// TestCompileFailsClosed: documents built in code are checked as far as evaluation needs;
// nothing that Parse would reject compiles into something broader.
func TestCompileFailsClosed(t *testing.T) {
	t.Parallel()
	stmt := func(mod func(*policy.Statement)) eval.Policy {
		s := policy.Statement{Effect: policy.EffectAllow, Actions: []string{"cr:*"}, Resources: []string{"*"}}
		mod(&s)
		return eval.Policy{Name: "p", Doc: &policy.Document{Kind: policy.IdentityPolicy, Version: "1", Statements: []policy.Statement{s}}}
	}
	for name, tc := range map[string]struct {
		p    eval.Policy
		want error
	}{
		"no effect":                 {stmt(func(s *policy.Statement) { s.Effect = 0 }), policy.ErrInvalidEffect},
		"no actions":                {stmt(func(s *policy.Statement) { s.Actions = nil }), policy.ErrMissingAction},
		"bad action":                {stmt(func(s *policy.Statement) { s.Actions = []string{"PullRepository"} }), policy.ErrInvalidActionFormat},
		"no resource, no principal": {stmt(func(s *policy.Statement) { s.Resources = nil }), policy.ErrMissingResource},
		"empty resource list":       {stmt(func(s *policy.Statement) { s.Resources = []string{} }), policy.ErrMissingResource},
		"unknown operator": {stmt(func(s *policy.Statement) {
			s.Conditions = []policy.Condition{{Key: "acs:SourceIp", Values: []string{"10.0.0.0/8"}}}
		}), policy.ErrInvalidConditionOperator},
		"unreadable value": {stmt(func(s *policy.Statement) {
			s.Conditions = []policy.Condition{{Operator: policy.Operator{Op: policy.IPAddress}, Key: "acs:SourceIp", Values: []string{"10.0.0.0/33"}}}
		}), policy.ErrInvalidConditionValue},
		"two Bool values": {stmt(func(s *policy.Statement) {
			s.Conditions = []policy.Condition{{Operator: policy.Operator{Op: policy.Bool}, Key: "acs:MFAPresent", Values: []string{"true", "false"}}}
		}), policy.ErrInvalidConditionMultipleBoolean},
		"no condition values": {stmt(func(s *policy.Statement) {
			s.Conditions = []policy.Condition{{Operator: policy.Operator{Op: policy.StringEquals}, Key: "acs:x"}}
		}), policy.ErrInvalidConditionValue},
		"principal in an identity policy": {stmt(func(s *policy.Statement) { s.Principal = &policy.Principal{RAM: []string{"acs:ram::1:root"}} }), policy.ErrInvalidPolicyElement},
	} {
		_, err := eval.Compile(tc.p)
		assert.ErrorIs(t, err, eval.ErrCompile, name)
		assert.ErrorIs(t, err, tc.want, name)
	}
	_, err := eval.Compile(eval.Policy{Name: "", Doc: &policy.Document{}})
	assert.ErrorIs(t, err, eval.ErrCompile)
	bad := stmt(func(s *policy.Statement) { s.Principal = &policy.Principal{RAM: []string{"acs:ram::1:user/*"}} })
	bad.Doc.Kind = policy.TrustPolicy
	_, err = eval.Compile(bad)
	assert.ErrorIs(t, err, policy.ErrInvalidPrincipal, "bad principal")
	_, err = eval.Compile(eval.Policy{Name: "p", Doc: &policy.Document{Version: "1", Statements: bad.Doc.Statements}})
	assert.ErrorIs(t, err, policy.ErrInvalidKind, "a document without a kind")
}

// TestZeroValuesDeny: the zero Result, an empty set, a nil set and an evaluator with no
// policies all deny.
func TestZeroValuesDeny(t *testing.T) {
	t.Parallel()
	var r eval.Result
	assert.Equal(t, eval.ImplicitDeny, r.Decision)
	assert.False(t, r.Allowed())
	req := &eval.Request{Action: "cr:PullRepository", Resource: "*"}
	var nilSet *eval.PolicySet
	assert.Equal(t, eval.ImplicitDeny, nilSet.Evaluate(req).Decision)
	assert.Equal(t, eval.ImplicitDeny, eval.MustCompile().Evaluate(req).Decision)
	assert.Equal(t, eval.ImplicitDeny, eval.NewEvaluator(eval.Config{}).Evaluate(req, nil).Decision)
	bad := &eval.Request{Action: "*", Resource: "*"}
	all := eval.MustCompile(pol(t, "all", policy.IdentityPolicy, `{"Version":"1","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`))
	res := eval.NewEvaluator(eval.Config{IdentityPolicies: all}).Evaluate(bad, nil)
	assert.Equal(t, eval.ImplicitDeny, res.Decision, "an invalid request is denied even by allow-all")
	assert.ErrorIs(t, res.Err, eval.ErrInvalidRequest)
}

func pol(t testing.TB, name string, kind policy.Kind, text string) eval.Policy {
	t.Helper()
	d, err := policy.Parse([]byte(text), kind)
	require.NoError(t, err)
	return eval.Policy{Name: name, Doc: d}
}

// mustSet parses each of docs as kind and compiles them into one set, named "a", "b", ...
func mustSet(t testing.TB, kind policy.Kind, docs ...string) *eval.PolicySet {
	t.Helper()
	var ps []eval.Policy
	for i, d := range docs {
		doc, err := policy.Parse([]byte(d), kind)
		require.NoError(t, err)
		ps = append(ps, eval.Policy{Name: string(rune('a' + i)), Doc: doc})
	}
	return eval.MustCompile(ps...)
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
