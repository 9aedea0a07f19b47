package eval_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/rampolicy/ram/arn"
	"github.com/rampolicy/ram/eval"
	"github.com/rampolicy/ram/policy"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"
)

// verdict is a Result as a decision table states it.
func verdict(r eval.Result) string {
	if r.Err != nil {
		return "Error:" + eval.Code(r.Err)
	}
	return r.Decision.String()
}

// checkExplained checks the explanation of one request against its decision: the same
// Result (decision, stage, level, error, deciding statements in order), a line for the
// stage that decided, and for each set on its own, PolicySet.Evaluate against that
// set's line in an explanation.
func checkExplained(t require.TestingT, name string, r eval.Result, x eval.Explanation, req *eval.Request, sets []*eval.PolicySet) {
	if diff := sameResult(r, x.Result); diff != "" {
		require.Fail(t, "Evaluate and Explain disagree", "%s: %s\n%s", name, diff, x)
	}
	require.True(t, namesDecidingStage(x), "%s: no line for the deciding stage %v\n%s", name, x.Result.Stage, x)
	if req.Principal.Kind() == arn.KindRoot || req.Validate() != nil {
		return // the root's rule, or the request's invalidity, decides before any set
	}
	for _, set := range sets {
		// The set as the resource policy of an evaluator with nothing else: its line is
		// the set's own verdict on the request.
		one := set.Evaluate(req)
		sx := eval.NewEvaluator(eval.Config{}).Explain(req, set)
		var line *eval.StageExplanation
		for i := range sx.Stages {
			if s := &sx.Stages[i]; s.Set == "resource" || s.Set == "trust" {
				line = s
			}
		}
		require.NotNil(t, line, "%s: no line for the set\n%s", name, sx)
		var matched []eval.StatementRef
		if line.Outcome != eval.ImplicitDeny {
			for _, st := range line.Statements {
				if st.Matched && (st.Effect == policy.EffectDeny) == (line.Outcome == eval.ExplicitDeny) {
					matched = append(matched, st.Ref)
				}
			}
		}
		if one.Decision != line.Outcome || !slices.Equal(one.DecidedBy(), matched) {
			require.Fail(t, "PolicySet.Evaluate disagrees with its explanation", "%s: %v by %v; explained %v by %v",
				name, one.Decision, one.DecidedBy(), line.Outcome, matched)
		}
	}
}

// TestCorpusExplanationsAgree: for every request case of the decision tables, through
// Evaluator (or, with a directory, world.Caller, which wraps it) and PolicySet, the
// explained decision is the decision, and the explanation names the deciding stage.
func TestCorpusExplanationsAgree(t *testing.T) {
	t.Parallel()
	cases := corpusCases(t, "../testdata/decisions")
	require.Greater(t, len(cases), 700, "the corpus reader finds the request cases")
	stages := map[eval.Stage]int{}
	for _, c := range cases {
		r := c.evaluate()
		require.Equal(t, c.expect, verdict(r), "%s: the reader rebuilds the case as the table means it", c.name)
		checkExplained(t, c.name, r, c.explain(), c.req, c.sets)
		stages[r.Stage]++
	}
	t.Logf("%d request cases; decided at %v", len(cases), stages)
	for s := eval.StageInvalid; s <= eval.StageCrossAccount; s++ {
		assert.Positive(t, stages[s], "no corpus case decided at %v", s)
	}
}

// TestRandomExplanationsAgree: the same on random worlds and requests, some of them made
// invalid, and through a nil Evaluator.
func TestRandomExplanationsAgree(t *testing.T) {
	t.Parallel()
	rapid.Check(t, func(t *rapid.T) {
		w := worldGen.Draw(t, "world")
		req := requestGen.Draw(t, "request")
		switch rapid.IntRange(0, 9).Draw(t, "invalid") {
		case 0:
			req.Action = "cr:Get*"
		case 1:
			req.Resource = ""
		}
		ev, res := w.compile(t)
		var sets []*eval.PolicySet
		for _, s := range w.sets() {
			if set := compileSet(t, *s); set != nil {
				sets = append(sets, set)
			}
		}
		checkExplained(t, "random", ev.Evaluate(req, res), ev.Explain(req, res), req, sets)
		var none *eval.Evaluator
		checkExplained(t, "nil Evaluator", none.Evaluate(req, res), none.Explain(req, res), req, nil)
	})
}

// TestExplanationNamesTheCrossAccountRule: identity policies allow, the resource is in
// another account and there is no resource policy: the explanation's last line is the
// cross-account rule, and it says why.
func TestExplanationNamesTheCrossAccountRule(t *testing.T) {
	t.Parallel()
	ev := eval.NewEvaluator(eval.Config{IdentityPolicies: mustSet(t, policy.IdentityPolicy,
		`{"Version":"1","Statement":[{"Effect":"Allow","Action":"cr:*","Resource":"*"}]}`)})
	req := &eval.Request{Principal: arn.MustParse("acs:ram::1111111111111111:user/alice"), Action: "cr:PullRepository",
		Resource: "acs:cr:cn-hangzhou:2222222222222222:repository/prod/web"}
	r := ev.Evaluate(req, nil)
	assert.Equal(t, eval.ImplicitDeny, r.Decision)
	assert.Equal(t, eval.StageCrossAccount, r.Stage)
	x := ev.Explain(req, nil)
	require.Len(t, x.Stages, 2)
	last := x.Stages[1]
	assert.Equal(t, eval.StageCrossAccount, last.Stage)
	assert.Equal(t, "cross-account", last.Set)
	assert.Contains(t, last.Reason, "account 2222222222222222")
	assert.Contains(t, last.Reason, "no resource policy")
	assert.Contains(t, x.String(), "cross-account: ImplicitDeny: the resource is in account 2222222222222222")

	// With a resource policy that does not allow, the line says so.
	res := mustSet(t, policy.ResourcePolicy, `{"Version":"1","Statement":[{"Effect":"Allow","Action":"cr:*","Resource":"*",
		"Principal":{"RAM":"acs:ram::3333333333333333:root"}}]}`)
	x = ev.Explain(req, res)
	assert.Equal(t, eval.StageCrossAccount, x.Result.Stage)
	assert.Contains(t, x.Stages[len(x.Stages)-1].Reason, "the resource policy does not")
}

// TestExplanationNamesTheAssumeRoleRule: within one account, sts:AssumeRole still needs
// the caller's identity policies and the role's trust policy to allow; when only one
// does, a line says so, at the identity stage.
func TestExplanationNamesTheAssumeRoleRule(t *testing.T) {
	t.Parallel()
	ev := eval.NewEvaluator(eval.Config{IdentityPolicies: mustSet(t, policy.IdentityPolicy,
		`{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"*"}]}`)})
	trust := mustSet(t, policy.TrustPolicy, `{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole",
		"Principal":{"RAM":"acs:ram::1111111111111111:user/bob"}}]}`)
	req := &eval.Request{Principal: arn.MustParse("acs:ram::1111111111111111:user/alice"), Action: "sts:AssumeRole",
		Resource: "acs:ram::1111111111111111:role/deployer"}
	x := ev.Explain(req, trust)
	assert.Equal(t, eval.ImplicitDeny, x.Result.Decision)
	assert.Equal(t, eval.StageIdentity, x.Result.Stage)
	last := x.Stages[len(x.Stages)-1]
	assert.Equal(t, "sts:AssumeRole", last.Set)
	assert.Contains(t, last.Reason, "the caller's identity policies allow, the trust policy does not")
	assert.Equal(t, "trust", x.Stages[1].Set)
}

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
