package eval_test

import (
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/rampolicy/ram/arn"
	"github.com/rampolicy/ram/eval"
	"github.com/rampolicy/ram/policy"
	"github.com/stretchr/testify/require"
)

// A decision reads the caller's *Request in place (no copy), and a Result holds pointers
// to its decisive statements. Neither may leak: a Result and an Explanation, once
// returned, must say the same whatever the caller then does to the Request (its action,
// principal, context), and two Results of one evaluator, or copies of one, must share
// nothing a reader can change, also past the inline room for decisive statements.

// manyStatements is a policy with n Allow and n Deny statements on cr:*, each under a
// condition on test:k.
func manyStatements(t *testing.T, n int) eval.Policy {
	var stmts []string
	for i := range n {
		for _, effect := range []string{"Allow", "Deny"} {
			stmts = append(stmts, fmt.Sprintf(`{"Sid":"%s%d","Effect":%q,"Action":"cr:Get*","Resource":"*","Condition":{"StringEquals":{"test:k":"%s"}}}`,
				effect, i, effect, strings.ToLower(effect)))
		}
	}
	return pol(t, "many", policy.IdentityPolicy, `{"Version":"1","Statement":[`+strings.Join(stmts, ",")+`]}`)
}

func TestResultOutlivesItsRequest(t *testing.T) {
	t.Parallel()
	ev := eval.NewEvaluator(eval.Config{IdentityPolicies: eval.MustCompile(manyStatements(t, 7))})
	req := &eval.Request{Principal: arn.MustParse("acs:ram::1111111111111111:user/u"), Action: "cr:GetRepository",
		Resource: "acs:cr:cn-hangzhou:1111111111111111:repository/a/b"}
	req.Context.Set("test:k", "allow")
	allowed := ev.Evaluate(req, nil)
	allowedX := ev.Explain(req, nil)
	require.Equal(t, eval.Allow, allowed.Decision)
	require.Len(t, allowed.DecidedBy(), 7)
	want, wantX, wantRefs := allowed.String(), allowedX.String(), allowed.DecidedBy()
	copied := allowed

	// The caller reuses its request for another decision, and edits it after.
	req.Context.Set("test:k", "deny")
	denied := ev.Evaluate(req, nil)
	require.Equal(t, eval.ExplicitDeny, denied.Decision)
	require.Len(t, denied.DecidedBy(), 7)
	req.Action, req.Resource = "ecs:DescribeInstances", "x"
	req.Principal = arn.MustParse("acs:ram::2222222222222222:user/v")
	req.Context.Set("test:k", "other")
	req.Context.Add("test:k", "more")

	require.Equal(t, want, allowed.String())
	require.Equal(t, want, copied.String())
	require.Equal(t, wantX, allowedX.String(), "an Explanation changed with its request")
	require.Equal(t, wantRefs, allowed.DecidedBy())

	// The caller's own DecidedBy slice is its own.
	refs := allowed.DecidedBy()
	for i := range refs {
		refs[i].Sid, refs[i].Policy = "edited", "edited"
	}
	require.Equal(t, wantRefs, allowed.DecidedBy())
	require.Equal(t, wantRefs, copied.DecidedBy())
	for _, r := range denied.DecidedBy() {
		require.True(t, strings.HasPrefix(r.Sid, "Deny"), r.Sid)
	}
	for _, st := range allowedX.Stages {
		for _, s := range st.Statements {
			for _, c := range s.Conditions {
				require.Equal(t, []string{"allow"}, c.Values, "an explained condition's values")
			}
		}
	}
}

// TestOneRequestDecidedOnManyGoroutines: decisions read the Request in place, so one
// Request may be decided on many goroutines at once (under -race) with one answer.
func TestOneRequestDecidedOnManyGoroutines(t *testing.T) {
	t.Parallel()
	ev := eval.NewEvaluator(eval.Config{IdentityPolicies: eval.MustCompile(manyStatements(t, 5))})
	req := &eval.Request{Principal: arn.MustParse("acs:ram::1111111111111111:user/u"), Action: "cr:GetRepository", Resource: "*"}
	req.Context.Set("test:k", "deny")
	want := ev.Evaluate(req, nil).String()
	var wg sync.WaitGroup
	got := make([]string, 8)
	for i := range got {
		wg.Add(1)
		go func() {
			defer wg.Done()
			got[i] = ev.Evaluate(req, nil).String() + ev.Explain(req, nil).Result.String()
		}()
	}
	wg.Wait()
	for _, g := range got {
		require.Equal(t, want+want, g)
	}
}
