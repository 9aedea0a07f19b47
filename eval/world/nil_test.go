package world_test

import (
	"errors"
	"testing"

	"github.com/rampolicy/ram/arn"
	"github.com/rampolicy/ram/eval"
	"github.com/rampolicy/ram/eval/world"
)

// TestNilWorld: every entry point of a nil *World, and of a zero World, answers with an
// error or a denial, never a panic.
func TestNilWorld(t *testing.T) {
	t.Parallel()
	user := arn.MustParse("acs:ram::1111111111111111:user/alice")
	role := arn.MustParse("acs:ram::1111111111111111:role/deployer")
	req := &eval.Request{Principal: user, Action: "cr:PullRepository", Resource: "*"}
	hop := world.AssumeRoleInput{RoleARN: role.String(), SessionName: "s1"}
	fed := world.FederatedInput{Provider: "acs:ram::1111111111111111:saml-provider/idp", RoleARN: role.String(), SessionName: "s1"}
	for name, w := range map[string]*world.World{"nil": nil, "zero": {}} {
		t.Run(name, func(t *testing.T) {
			if _, err := w.Caller(user); err == nil {
				t.Error("Caller: no error")
			}
			if r := w.Evaluate(req, nil); r.Decision == eval.Allow || r.Err == nil {
				t.Errorf("Evaluate: %v", r)
			}
			if x := w.Explain(req, nil); x.Result.Decision == eval.Allow || x.Result.Err == nil {
				t.Errorf("Explain: %v", x.Result)
			}
			if _, err := w.Reach(user, role, world.ReachQuery{MaxHops: 2}); err == nil {
				t.Error("Reach: no error")
			}
			found, err := w.WhoCan(req, world.ReachQuery{MaxHops: 2})
			if len(found) != 0 || (name == "nil" && err == nil) {
				t.Errorf("WhoCan: %v, %v", found, err)
			}
			if h := w.AssumeRole(nil, hop); h.Allowed() || h.Err == nil {
				t.Errorf("AssumeRole(nil caller): %+v", h)
			}
			if h := w.AssumeRoleWithSAML(fed); h.Allowed() || h.Err == nil {
				t.Errorf("AssumeRoleWithSAML: %+v", h)
			}
			if h := w.AssumeRoleWithOIDC(fed); h.Allowed() || h.Err == nil {
				t.Errorf("AssumeRoleWithOIDC: %+v", h)
			}
			if res := w.Chain(nil, []world.AssumeRoleInput{hop}); res.Final != nil {
				t.Errorf("Chain: %+v", res)
			} else if _, h := res.Failed(); h == nil || h.Err == nil {
				t.Errorf("Chain: no failed hop with an error: %+v", res)
			}
			if p := w.Principals(); len(p) != 0 {
				t.Errorf("Principals: %v", p)
			}
			if tp := w.TrustPolicy(role); tp != nil {
				t.Errorf("TrustPolicy: %v", tp)
			}
		})
	}
	// A caller of a real world, used with a nil one: the nil world decides nothing.
	w, err := world.New([]world.Account{{ID: "1111111111111111"}})
	if err != nil {
		t.Fatal(err)
	}
	root, err := w.Caller(arn.MustParse("acs:ram::1111111111111111:root"))
	if err != nil {
		t.Fatal(err)
	}
	var nilWorld *world.World
	if h := nilWorld.AssumeRole(root, hop); h.Allowed() || h.Err == nil {
		t.Errorf("AssumeRole on a nil world: %+v", h)
	}
	if h := nilWorld.AssumeRole(root, hop); !errors.Is(h.Err, eval.ErrInvalidRequest) && !errors.Is(h.Err, world.ErrRootCannotAssumeRole) {
		t.Errorf("AssumeRole on a nil world: %v", h.Err)
	}
}
