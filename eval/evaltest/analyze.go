package evaltest

import (
	"errors"
	"fmt"
	"strings"

	"github.com/rampolicy/ram/eval/analyze"
	"github.com/rampolicy/ram/policy"
)

// runAnalyze runs an analyze case: a change-safety question of package eval/analyze
// about the table's policies. Its expect is PASS, FAIL, or Error:CODE with CODE a policy
// error code, AnalysisLimit (a bound of the analysis was reached) or AnalysisUndecided.
func (w *tableWorld) runAnalyze(c *tableCase) Outcome {
	a := c.Analyze
	kind, ok := policy.ParseKind(a.Kind)
	if !ok {
		return Outcome{Actual: "bad case", Detail: fmt.Sprintf("analyze.kind %q is not a policy kind", a.Kind)}
	}
	set := func(names []string) (analyze.Set, error) {
		s := analyze.Set{Kind: kind}
		for _, n := range names {
			p, err := w.pol.Policy(n, kind)
			if err != nil {
				return s, err
			}
			s.Policies = append(s.Policies, p)
		}
		return s, nil
	}
	var res *analyze.Result
	var err error
	switch a.Check {
	case "noNewAccess":
		var old, new analyze.Set
		if old, err = set(a.Old); err == nil {
			if new, err = set(a.New); err == nil {
				res, err = analyze.NoNewAccess(old, new, nil)
			}
		}
	case "accessNotGranted":
		var s analyze.Set
		if s, err = set(a.Policies); err == nil {
			res, err = analyze.AccessNotGranted(s, a.Actions, a.Resources, nil)
		}
	case "noExternalAccess":
		var s analyze.Set
		if s, err = set(a.Policies); err == nil {
			res, err = analyze.NoExternalAccess(s, a.Accounts, nil)
		}
	default:
		return Outcome{Actual: "bad case", Detail: fmt.Sprintf("analyze.check %q is not noNewAccess, accessNotGranted or noExternalAccess", a.Check)}
	}
	o := Outcome{}
	switch {
	case err != nil:
		o.Actual = "Error:" + analysisCode(err)
		o.Detail = err.Error()
	case res.Pass:
		o.Actual = "PASS"
	default:
		o.Actual = "FAIL"
		var b strings.Builder
		for _, wit := range res.Witnesses {
			fmt.Fprintf(&b, "witness: %s on %s caller %v context %v, allowed by %v; other %s\n",
				wit.Action, wit.Resource, wit.Caller, wit.Context, wit.AllowedBy, wit.Other)
		}
		o.Detail = b.String()
	}
	o.Pass = o.Actual == c.Expect
	return o
}

func analysisCode(err error) string {
	switch {
	case errors.Is(err, analyze.ErrLimit):
		return "AnalysisLimit"
	case errors.Is(err, analyze.ErrUndecided), errors.Is(err, analyze.ErrUnconfirmed):
		return "AnalysisUndecided"
	}
	if c := policy.Code(err); c != "" {
		return c
	}
	return "InvalidInput"
}
