package analyze

import (
	"sync"

	"github.com/rampolicy/ram/arn"
	"github.com/rampolicy/ram/eval"
	"github.com/rampolicy/ram/policy"
)

// Two rules of semantics.md ("Names of RAM entities") are being brought into package eval
// while this package is written: acs:ram: resources match Resource patterns
// ASCII-case-insensitively, and String operators on acs:PrincipalARN compare
// ASCII-case-insensitively. The analysis must agree with the evaluator on every request,
// so it asks the evaluator, once, which rule it follows, instead of assuming. When every
// supported eval has the rules, the probes always answer true and can go.
var folds = sync.OnceValue(func() (f struct {
	ramResources, ramPrefixFolds, principalARN, nonASCIIActions bool
	err                                                         error // a probe that could not run
}) {
	stmt := func(s policy.Statement) *eval.PolicySet {
		s.Effect = policy.EffectAllow
		s.Actions = []string{"*"}
		ps, err := eval.Compile(eval.Policy{Name: "probe", Doc: &policy.Document{Kind: policy.IdentityPolicy, Version: "1", Statements: []policy.Statement{s}}})
		if err != nil {
			// Without the answer the analysis could disagree with the evaluator: every
			// call fails (ErrUndecided) rather than guess.
			f.err = err
			return nil
		}
		return ps
	}
	if ps := stmt(policy.Statement{Resources: []string{"acs:ram::1:user/Probe"}}); ps != nil {
		r := ps.Evaluate(&eval.Request{Action: "ram:GetUser", Resource: "acs:ram::1:user/probe"})
		f.ramResources = r.Decision == eval.Allow
		// Is "ACS:RAM:" a RAM resource too? (semantics.md says resources of service ram;
		// the evaluator decides how it recognises them.)
		r = ps.Evaluate(&eval.Request{Action: "ram:GetUser", Resource: "ACS:RAM::1:USER/PROBE"})
		f.ramPrefixFolds = f.ramResources && r.Decision == eval.Allow
	}
	if ps := stmt(policy.Statement{Resources: []string{"*"}, Conditions: []policy.Condition{{
		Operator: policy.Operator{Op: policy.StringEquals}, Key: "acs:PrincipalARN", Values: []string{"acs:ram::1:user/Probe"}}}}); ps != nil {
		r := ps.Evaluate(&eval.Request{Principal: arn.MustParse("acs:ram::1:user/probe"), Action: "ram:GetUser", Resource: "*"})
		f.principalARN = r.Decision == eval.Allow
	}
	// semantics.md makes an action with a character outside ASCII an invalid request; an
	// evaluator that accepts one decides it like any other, so the analysis must too.
	f.nonASCIIActions = (&eval.Request{Action: "oss:Gét", Resource: "*"}).Validate() == nil
	return f
})
