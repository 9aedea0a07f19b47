package analyze

import (
	"testing"

	"github.com/rampolicy/ram/arn"
	"github.com/rampolicy/ram/eval"
	"github.com/rampolicy/ram/policy"
)

// The evaluator follows the rules the analysis assumes (rules.go): asked with one
// probing request per rule, it answers as the constants say. If a rule of eval changes,
// this fails, and the analysis must change with it.
func TestEvaluatorFollowsTheRules(t *testing.T) {
	stmt := func(s policy.Statement) *eval.PolicySet {
		s.Effect = policy.EffectAllow
		s.Actions = []string{"*"}
		ps, err := eval.Compile(eval.Policy{Name: "probe", Doc: &policy.Document{Kind: policy.IdentityPolicy, Version: "1", Statements: []policy.Statement{s}}})
		if err != nil {
			t.Fatal(err)
		}
		return ps
	}
	ps := stmt(policy.Statement{Resources: []string{"acs:ram::1:user/Probe"}})
	got := ps.Evaluate(&eval.Request{Action: "ram:GetUser", Resource: "acs:ram::1:user/probe"}).Decision == eval.Allow
	if got != ramResourcesFold {
		t.Errorf("eval folds acs:ram: resources: %v; the analysis assumes %v", got, ramResourcesFold)
	}
	got = ps.Evaluate(&eval.Request{Action: "ram:GetUser", Resource: "acs:RAM::1:USER/PROBE"}).Decision == eval.Allow
	if got != ramServiceFolds {
		t.Errorf("eval folds acs:RAM: resources: %v; the analysis assumes %v", got, ramServiceFolds)
	}
	if ps.Evaluate(&eval.Request{Action: "ram:GetUser", Resource: "ACS:RAM::1:USER/PROBE"}).Decision == eval.Allow {
		t.Errorf("eval takes ACS:RAM: for a RAM resource; the analysis does not")
	}
	ps = stmt(policy.Statement{Resources: []string{"*"}, Conditions: []policy.Condition{{
		Operator: policy.Operator{Op: policy.StringEquals}, Key: "acs:PrincipalARN", Values: []string{"acs:ram::1:user/Probe"}}}})
	got = ps.Evaluate(&eval.Request{Principal: arn.MustParse("acs:ram::1:user/probe"), Action: "ram:GetUser", Resource: "*"}).Decision == eval.Allow
	if got != principalARNFolds {
		t.Errorf("eval folds acs:PrincipalARN: %v; the analysis assumes %v", got, principalARNFolds)
	}
	got = (&eval.Request{Action: "oss:Gét", Resource: "*"}).Validate() == nil
	if got != nonASCIIActions {
		t.Errorf("eval accepts non-ASCII actions: %v; the analysis assumes %v", got, nonASCIIActions)
	}
}
