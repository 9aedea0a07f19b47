package eval_test

import (
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"testing"

	"github.com/rampolicy/ram/arn"
	"github.com/rampolicy/ram/eval"
	"github.com/rampolicy/ram/eval/evaltest"
	ramworld "github.com/rampolicy/ram/eval/world"
	"github.com/rampolicy/ram/policy"
)

// The request cases of the project's decision tables (testdata/decisions), read here to
// drive properties of this package's entry points over real policies. Package evaltest
// runs the tables as tests, but it hands back only each case's outcome; the properties
// need the case itself (its evaluator or caller, request and resource policy). So this
// file takes from evaltest and world what they share with it: evaltest.Files finds the
// tables as evaltest.Run does, and world's loader reads each table's policies and
// directory, policy files included, as evaltest does. Only the request fields of a case
// are read here; each rebuilt case must reach the table's expected decision (so that the
// properties run on what the tables mean).
//
// This is the external test package eval_test, so it may import evaltest and world,
// which import eval; an internal test file (package eval) could not.

// corpusCase is one request case, ready to decide.
type corpusCase struct {
	name     string // file: case
	expect   string
	req      *eval.Request
	ev       *eval.Evaluator  // nil when caller decides
	caller   *ramworld.Caller // a principal of the table's directory
	resource *eval.PolicySet
	// sets are the policy sets the decision read, for PolicySet's own entry points.
	sets []*eval.PolicySet
}

func (c *corpusCase) evaluate() eval.Result {
	if c.caller != nil {
		return c.caller.Evaluate(c.req, c.resource)
	}
	return c.ev.Evaluate(c.req, c.resource)
}

func (c *corpusCase) explain() eval.Explanation {
	if c.caller != nil {
		return c.caller.Explain(c.req, c.resource)
	}
	return c.ev.Explain(c.req, c.resource)
}

// corpusTable is the part of a decision table that request cases use beyond its world
// file (policies and directory, which world's loader reads).
type corpusTable struct {
	Directory *struct{} `json:"directory"` // only whether the table has one
	Cases     []struct {
		Name           string                     `json:"name"`
		Expect         string                     `json:"expect"`
		Principal      string                     `json:"principal"`
		Policies       []string                   `json:"policies"`
		SessionPolicy  string                     `json:"sessionPolicy"`
		ResourcePolicy string                     `json:"resourcePolicy"`
		Action         string                     `json:"action"`
		Resource       string                     `json:"resource"`
		Context        map[string]json.RawMessage `json:"context"`
		// Any other kind of case sets one of these.
		Parse      json.RawMessage `json:"parse"`
		AssumeRole json.RawMessage `json:"assumeRole"`
		Reach      json.RawMessage `json:"reach"`
		WhoCan     json.RawMessage `json:"whoCan"`
		Analyze    json.RawMessage `json:"analyze"`
	} `json:"cases"`
}

// corpusCases returns every request case of the decision tables under dir whose
// policies parse; a case whose principal is not a principal, or unknown to the
// directory, is left out (its decision is an error, not a Result).
func corpusCases(t *testing.T, dir string) []corpusCase {
	t.Helper()
	files, err := evaltest.Files(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []corpusCase
	for _, path := range files {
		cases, err := corpusFile(path)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, cases...)
	}
	return out
}

// corpusFile returns the request cases of one table, as corpusCases says.
func corpusFile(path string) ([]corpusCase, error) {
	text, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var tbl corpusTable
	if err := json.Unmarshal(text, &tbl); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	w, pol, err := ramworld.LoadOptions{AllowCases: true}.LoadFile(path)
	if err != nil {
		return nil, nil // a table about a broken world file
	}
	if tbl.Directory == nil {
		w = nil
	}
	var out []corpusCase
	for _, c := range tbl.Cases {
		if c.Parse != nil || c.AssumeRole != nil || c.Reach != nil || c.WhoCan != nil || c.Analyze != nil {
			continue
		}
		cc := corpusCase{name: path + ": " + c.Name, expect: c.Expect,
			req: &eval.Request{Action: c.Action, Resource: c.Resource}}
		for k, raw := range c.Context {
			var vals []string
			var one string
			if json.Unmarshal(raw, &one) == nil {
				vals = []string{one}
			} else if err := json.Unmarshal(raw, &vals); err != nil {
				return nil, fmt.Errorf("%s: %s: context %s: %w", path, c.Name, k, err)
			}
			cc.req.Context.Set(k, vals...)
		}
		extra, err1 := corpusSet(pol, policy.IdentityPolicy, c.Policies...)
		session, err2 := corpusSet(pol, policy.SessionPolicy, nonEmpty(c.SessionPolicy)...)
		resource, err3 := corpusSet(pol, policy.ResourcePolicy, nonEmpty(c.ResourcePolicy)...)
		if err1 != nil || err2 != nil || err3 != nil {
			continue
		}
		cc.resource = resource
		if c.Principal != "" {
			p, err := arn.Parse(c.Principal)
			if err != nil {
				continue
			}
			cc.req.Principal = p
		}
		if w != nil && cc.req.Principal.IsValid() {
			caller, err := w.Caller(cc.req.Principal)
			if err == nil {
				caller, err = caller.WithPolicies(extra, session)
			}
			if err != nil {
				continue
			}
			cc.caller = caller
		} else {
			cc.ev = eval.NewEvaluator(eval.Config{IdentityPolicies: extra, SessionPolicy: session})
		}
		for _, s := range []*eval.PolicySet{extra, session, resource} {
			if s != nil {
				cc.sets = append(cc.sets, s)
			}
		}
		out = append(out, cc)
	}
	return out, nil
}

// corpusSet compiles the table's policies names as kind; nil for no names.
func corpusSet(pol *ramworld.Policies, kind policy.Kind, names ...string) (*eval.PolicySet, error) {
	if len(names) == 0 {
		return nil, nil
	}
	return pol.Set(kind, names...)
}

func nonEmpty(name string) []string {
	if name == "" {
		return nil
	}
	return []string{name}
}

// sameResult reports how two Results differ, or "": decision, stage, level, error and
// the deciding statements in order.
func sameResult(a, b eval.Result) string {
	ea, eb := "", ""
	if a.Err != nil {
		ea = a.Err.Error()
	}
	if b.Err != nil {
		eb = b.Err.Error()
	}
	if a.Decision != b.Decision || a.Stage != b.Stage || a.Level != b.Level || ea != eb ||
		!slices.Equal(a.DecidedBy(), b.DecidedBy()) {
		return fmt.Sprintf("%v at %v level %d (%q) by %v, and %v at %v level %d (%q) by %v",
			a.Decision, a.Stage, a.Level, ea, a.DecidedBy(), b.Decision, b.Stage, b.Level, eb, b.DecidedBy())
	}
	return ""
}

// namesDecidingStage reports whether the explanation has a line for the stage that
// decided its Result.
func namesDecidingStage(x eval.Explanation) bool {
	for _, s := range x.Stages {
		if s.Stage == x.Result.Stage && (s.Stage != eval.StageControl || s.Level == x.Result.Level) {
			return true
		}
	}
	return false
}
