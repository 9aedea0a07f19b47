package world_test

import (
	"fmt"
	"testing"

	"github.com/rampolicy/ram/arn"
	"github.com/rampolicy/ram/eval"
	"github.com/rampolicy/ram/eval/world"
	"github.com/rampolicy/ram/policy"
	"github.com/stretchr/testify/require"
)

// AssumeRole gives a session without a session policy its role's own evaluator, and
// allocates the Hop, the session and (with a session policy) the session's evaluator in
// one block. A session must still decide exactly as an evaluator built from scratch for
// it (the role's policies, the session policy, its account's control levels, the
// service-linked exemption), whatever sessions were made before or after it; and a Hop's
// explanation must not change when the caller reuses the input it passed.

func sessionPol(t *testing.T, name string, kind policy.Kind, text string) eval.Policy {
	t.Helper()
	d, err := policy.Parse([]byte(text), kind)
	require.NoError(t, err)
	return eval.Policy{Name: name, Doc: d}
}

func TestSessionDecidesAsItsOwnEvaluator(t *testing.T) {
	t.Parallel()
	const acct = "1111111111111111"
	trust := sessionPol(t, "trust", policy.TrustPolicy,
		`{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"RAM":"acs:ram::`+acct+`:root"},"Condition":{"StringEquals":{"test:k":"v"}}}]}`)
	rolePol := sessionPol(t, "p", policy.IdentityPolicy,
		`{"Version":"1","Statement":[{"Effect":"Allow","Action":["cr:*","ecs:*","sts:AssumeRole"],"Resource":"*"}]}`)
	control := sessionPol(t, "c", policy.ControlPolicy,
		`{"Version":"1","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"},{"Effect":"Deny","Action":"ecs:Delete*","Resource":"*"}]}`)
	userPol := sessionPol(t, "u", policy.IdentityPolicy, `{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"*"}]}`)
	d, err := world.New([]world.Account{{ID: acct,
		Users:   []world.User{{Name: "alice", Policies: []eval.Policy{userPol}}},
		Roles:   []world.Role{{Name: "plain", Trust: trust, Policies: []eval.Policy{rolePol}}, {Name: "linked", Trust: trust, Policies: []eval.Policy{rolePol}, ServiceLinked: true}},
		Control: [][]eval.Policy{{control}},
	}})
	require.NoError(t, err)
	alice, err := d.Caller(arn.MustParse("acs:ram::" + acct + ":user/alice"))
	require.NoError(t, err)
	sessionTexts := []string{"",
		`{"Version":"1","Statement":[{"Effect":"Allow","Action":"cr:Get*","Resource":"*"}]}`,
		`{"Version":"1","Statement":[{"Effect":"Allow","Action":["ecs:*","cr:*"],"Resource":"*"},{"Effect":"Deny","Action":"cr:Push*","Resource":"*"}]}`}
	requests := []string{"cr:GetRepository", "cr:PushRepository", "ecs:DeleteInstance", "ecs:DescribeInstances", "oss:GetObject"}
	type made struct {
		session *world.Caller
		want    *eval.Evaluator
		what    string
		hop     *world.Hop
		explain string
	}
	var sessions []made
	for round := range 2 { // sessions made after a session must not change it
		for _, roleName := range []string{"plain", "linked"} {
			for i, text := range sessionTexts {
				in := world.AssumeRoleInput{RoleARN: "acs:ram::" + acct + ":role/" + roleName, SessionName: fmt.Sprintf("s%d", round)}
				in.Context.Set("test:k", "v")
				cfg := eval.Config{IdentityPolicies: eval.MustCompile(rolePol), ControlPolicies: []*eval.PolicySet{eval.MustCompile(control)},
					ServiceLinked: roleName == "linked"}
				if text != "" {
					in.Policy = []byte(text)
					cfg.SessionPolicy = eval.MustCompile(sessionPol(t, "session policy", policy.SessionPolicy, text))
				}
				hop := d.AssumeRole(alice, in)
				require.True(t, hop.Allowed(), "%v %v", hop.Err, hop.Result)
				x := hop.Explain().String()
				// The caller reuses its input and its context.
				in.Context.Set("test:k", "changed")
				in.Context.Set("acs:MFAPresent", "true")
				in.Policy = nil
				sessions = append(sessions, made{hop.Session, eval.NewEvaluator(cfg), fmt.Sprintf("%s session policy %d", roleName, i), hop, x})
			}
		}
	}
	for _, m := range sessions {
		for _, action := range requests {
			req := &eval.Request{Principal: m.session.ARN(), Action: action, Resource: "acs:cr:cn-hangzhou:" + acct + ":repository/a/b"}
			want := m.want.Evaluate(req, nil)
			got := m.session.Evaluate(req, nil)
			require.Equal(t, want.Decision, got.Decision, "%s: %s", m.what, action)
			require.Equal(t, want.Stage, got.Stage, "%s: %s", m.what, action)
			require.Equal(t, want.DecidedBy(), got.DecidedBy(), "%s: %s", m.what, action)
		}
		copied := *m.hop
		require.Equal(t, m.explain, m.hop.Explain().String(), "%s: the hop's explanation changed", m.what)
		require.Equal(t, m.explain, copied.Explain().String(), "%s: a copy of the hop explains otherwise", m.what)
	}
}
