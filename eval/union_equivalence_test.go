package eval_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/rampolicy/ram/arn"
	"github.com/rampolicy/ram/eval"
	"github.com/rampolicy/ram/policy"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"
)

// Union indexes a united set from its parts' indexes and returns a part itself when it
// holds every policy. Whatever the parts, the union must decide as Compile of its
// distinct policies does (in the order they first appear): in each role a set plays
// (identity, session, control level, resource policy), in Decision, Stage and DecidedBy,
// and Explain must agree. These properties draw the parts in any order, with repeats,
// nil and empty sets, and statements with conditions and principals, which
// TestUnionAgreesWithCompile (index_build_test.go) does not generate.

var unionActions = []string{"cr:GetRepository", "cr:Get*", "cr:*", "CR:pull*", "ecs:DescribeInstances", "sts:AssumeRole", "*", "ram:GetRole"}

var unionResources = []string{"*", "acs:cr:*:1111111111111111:repository/a/*", "acs:cr:cn-hangzhou:1111111111111111:repository/a/b",
	"acs:ecs:*:*:instance/i-1", "acs:ram::2222222222222222:role/R*", "acs:ram::2222222222222222:role/r1", "acs:cr:*:2222222222222222:*"}

var unionConditions = []string{``,
	`,"Condition":{"StringEquals":{"test:tag":"a"}}`,
	`,"Condition":{"StringLike":{"acs:PrincipalARN":"acs:ram::1111111111111111:user/*"}}`,
	`,"Condition":{"Bool":{"acs:MFAPresent":"true"}}`}

var unionPrincipals = []string{`{"RAM":"*"}`, `{"RAM":"acs:ram::1111111111111111:root"}`, `{"RAM":"acs:ram::2222222222222222:user/u"}`,
	`{"RAM":"acs:ram::1111111111111111:role/r1"}`}

// genUnionPolicies draws n policies named p0.. of kind, with principals when resource.
func genUnionPolicies(t *rapid.T, n int, kind policy.Kind, resource bool) []eval.Policy {
	var out []eval.Policy
	for i := range n {
		var stmts []string
		for range rapid.IntRange(0, 4).Draw(t, "statements") { // none: one is added below
			effect := rapid.SampledFrom([]string{"Allow", "Allow", "Deny"}).Draw(t, "effect")
			act := `"Action"`
			if rapid.IntRange(0, 5).Draw(t, "not") == 0 {
				act = `"NotAction"`
			}
			acts, _ := jsonList(rapid.SliceOfN(rapid.SampledFrom(unionActions), 1, 2).Draw(t, "actions"))
			res, _ := jsonList(rapid.SliceOfN(rapid.SampledFrom(unionResources), 1, 2).Draw(t, "resources"))
			s := fmt.Sprintf(`{"Effect":%q,%s:%s,"Resource":%s`, effect, act, acts, res)
			if resource {
				s += `,"Principal":` + rapid.SampledFrom(unionPrincipals).Draw(t, "principal")
			}
			s += rapid.SampledFrom(unionConditions).Draw(t, "condition") + "}"
			stmts = append(stmts, s)
		}
		if len(stmts) == 0 {
			stmts = append(stmts, `{"Effect":"Allow","Action":"cr:*","Resource":"*"`+principalIf(resource)+`}`)
		}
		text := `{"Version":"1","Statement":[` + strings.Join(stmts, ",") + `]}`
		d, err := policy.Parse([]byte(text), kind)
		if err != nil {
			t.Fatalf("%s: %v", text, err)
		}
		out = append(out, eval.Policy{Name: fmt.Sprintf("p%d", i), Doc: d})
	}
	return out
}

func principalIf(resource bool) string {
	if resource {
		return `,"Principal":{"RAM":"*"}`
	}
	return ""
}

func jsonList(s []string) (string, error) {
	q := make([]string, len(s))
	for i, v := range s {
		q[i] = fmt.Sprintf("%q", v)
	}
	return "[" + strings.Join(q, ",") + "]", nil
}

// genUnionParts draws parts of a union from pols: each a subset in any order, or nil,
// or a part drawn before given again. It returns them and the distinct policies in the
// order they first appear.
func genUnionParts(t *rapid.T, pols []eval.Policy) (parts []*eval.PolicySet, distinct []eval.Policy) {
	seen := map[string]bool{}
	for range rapid.IntRange(0, 4).Draw(t, "parts") {
		switch rapid.IntRange(0, 5).Draw(t, "part kind") {
		case 0:
			parts = append(parts, nil)
			continue
		case 1:
			if len(parts) > 0 {
				parts = append(parts, parts[rapid.IntRange(0, len(parts)-1).Draw(t, "again")])
				continue
			}
		}
		picked := rapid.Permutation(pols).Draw(t, "order")
		picked = picked[:rapid.IntRange(0, len(picked)).Draw(t, "picked")]
		for _, p := range picked {
			if !seen[p.Name] {
				seen[p.Name] = true
				distinct = append(distinct, p)
			}
		}
		parts = append(parts, eval.MustCompile(picked...))
	}
	return parts, distinct
}

func genUnionRequest(t *rapid.T) *eval.Request {
	req := &eval.Request{
		Principal: arn.MustParse(rapid.SampledFrom([]string{"acs:ram::1111111111111111:user/alice", "acs:ram::2222222222222222:user/u",
			"acs:ram::1111111111111111:role/r1/s", "acs:ram::1111111111111111:root"}).Draw(t, "principal")),
		Action: rapid.SampledFrom([]string{"cr:GetRepository", "cr:PullRepository", "CR:GETREPOSITORY", "ecs:DescribeInstances",
			"sts:AssumeRole", "ram:GetRole"}).Draw(t, "req action"),
		Resource: rapid.SampledFrom([]string{"acs:cr:cn-hangzhou:1111111111111111:repository/a/b", "acs:ecs:cn-hangzhou:1111111111111111:instance/i-1",
			"acs:ram::2222222222222222:role/r1", "acs:ram::2222222222222222:role/R2", "acs:cr:cn-hangzhou:2222222222222222:repository/x"}).Draw(t, "req resource"),
	}
	if rapid.Bool().Draw(t, "tag") {
		req.Context.Set("test:tag", "a")
	}
	if rapid.Bool().Draw(t, "mfa") {
		req.Context.Set("acs:MFAPresent", "true")
	}
	return req
}

func requireSameResult(t *rapid.T, want, got eval.Result, what string) {
	t.Helper()
	if want.Decision != got.Decision || want.Stage != got.Stage || want.Level != got.Level ||
		fmt.Sprint(want.Err) != fmt.Sprint(got.Err) || !slices.Equal(want.DecidedBy(), got.DecidedBy()) {
		t.Fatalf("%s: union decided %v, Compile of its policies %v", what, got, want)
	}
}

// TestUnionDecidesAsCompileInEveryRole: a union of identity, session, control and
// resource parts decides every request as Compile of the distinct policies does, and
// so does its explanation.
func TestUnionDecidesAsCompileInEveryRole(t *testing.T) {
	t.Parallel()
	rapid.Check(t, func(t *rapid.T) {
		idPols := genUnionPolicies(t, rapid.IntRange(1, 4).Draw(t, "identity policies"), policy.IdentityPolicy, false)
		resPols := genUnionPolicies(t, rapid.IntRange(1, 3).Draw(t, "resource policies"), policy.ResourcePolicy, true)
		idParts, idDistinct := genUnionParts(t, idPols)
		resParts, resDistinct := genUnionParts(t, resPols)
		idUnion, err := eval.Union(idParts...)
		require.NoError(t, err)
		resUnion, err := eval.Union(resParts...)
		require.NoError(t, err)
		idWant, resWant := eval.MustCompile(idDistinct...), eval.MustCompile(resDistinct...)
		require.Equal(t, idWant.Names(), idUnion.Names())
		require.Equal(t, idWant.Len(), idUnion.Len())
		require.Equal(t, resWant.Names(), resUnion.Names())
		if len(resDistinct) == 0 {
			resWant, resUnion = nil, nil // no resource policy (an empty one is no different)
		}
		cfg := func(ps *eval.PolicySet) eval.Config {
			return eval.Config{IdentityPolicies: ps, SessionPolicy: ps, ControlPolicies: []*eval.PolicySet{ps}}
		}
		configs := []struct {
			name      string
			want, got eval.Config
		}{
			{"identity", eval.Config{IdentityPolicies: idWant}, eval.Config{IdentityPolicies: idUnion}},
			{"identity, session and control", cfg(idWant), cfg(idUnion)},
		}
		for range 12 {
			req := genUnionRequest(t)
			for _, c := range configs {
				we, ge := eval.NewEvaluator(c.want), eval.NewEvaluator(c.got)
				what := fmt.Sprintf("%s: %s %s on %s", c.name, req.Principal, req.Action, req.Resource)
				want := we.Evaluate(req, resWant)
				requireSameResult(t, want, ge.Evaluate(req, resUnion), what)
				requireSameResult(t, want, ge.Explain(req, resUnion).Result, what+" (Explain)")
			}
			requireSameResult(t, idWant.Evaluate(req), idUnion.Evaluate(req), "PolicySet.Evaluate")
		}
	})
}

// TestUnionOfSetsNamingOnePolicyDifferently: two parts with one name for different
// documents are refused in any order and position, even when one of them holds all the
// other policies (so that Union could return it whole).
func TestUnionOfSetsNamingOnePolicyDifferently(t *testing.T) {
	t.Parallel()
	p := pol(t, "p", policy.IdentityPolicy, `{"Version":"1","Statement":[{"Effect":"Allow","Action":"cr:*","Resource":"*"}]}`)
	q := pol(t, "q", policy.IdentityPolicy, `{"Version":"1","Statement":[{"Effect":"Deny","Action":"cr:*","Resource":"*"}]}`)
	// The same text, parsed again: another document, so another policy.
	p2 := pol(t, "p", policy.IdentityPolicy, `{"Version":"1","Statement":[{"Effect":"Allow","Action":"cr:*","Resource":"*"}]}`)
	whole, part := eval.MustCompile(p, q), eval.MustCompile(p2)
	for _, sets := range [][]*eval.PolicySet{{whole, part}, {part, whole}, {nil, whole, part, whole}} {
		_, err := eval.Union(sets...)
		require.ErrorIs(t, err, eval.ErrCompile)
	}
}
