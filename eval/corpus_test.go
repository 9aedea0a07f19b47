package eval_test

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/rampolicy/ram/arn"
	"github.com/rampolicy/ram/eval"
	ramworld "github.com/rampolicy/ram/eval/world"
	"github.com/rampolicy/ram/policy"
)

// The request cases of the project's decision tables (testdata/decisions), read here to
// drive properties of this package's entry points over real policies. Package evaltest
// runs the tables as tests; this reader only rebuilds each request case's evaluator,
// request and resource policy, and checks that it reaches the table's expected decision
// (so that the properties run on what the tables mean).

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

// corpusTable is the part of a decision table that request cases use.
type corpusTable struct {
	Policies  map[string]json.RawMessage `json:"policies"`
	Directory *struct {
		Accounts map[string]struct {
			Users map[string]struct {
				Policies []string `json:"policies"`
				Groups   []string `json:"groups"`
			} `json:"users"`
			Groups map[string]struct {
				Policies []string `json:"policies"`
			} `json:"groups"`
			Roles map[string]struct {
				Trust              string   `json:"trust"`
				Policies           []string `json:"policies"`
				MaxSessionDuration int      `json:"maxSessionDuration"`
				ServiceLinked      bool     `json:"serviceLinked"`
			} `json:"roles"`
			ControlPolicies [][]string `json:"controlPolicies"`
		} `json:"accounts"`
	} `json:"directory"`
	Cases []struct {
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

// corpusDocs parses each table policy once per kind, so that a policy reached two ways
// (a user's and a case's) is one policy to Union.
type corpusDocs struct {
	t    *corpusTable
	docs map[string]*policy.Document
}

func (d *corpusDocs) policy(name string, kind policy.Kind) (eval.Policy, error) {
	key := kind.String() + "\x00" + name
	if doc, ok := d.docs[key]; ok {
		return eval.Policy{Name: name, Doc: doc}, nil
	}
	raw, ok := d.t.Policies[name]
	if !ok {
		return eval.Policy{}, fmt.Errorf("unknown policy %q", name)
	}
	text := []byte(raw)
	var s string
	if json.Unmarshal(raw, &s) == nil {
		text = []byte(s) // raw document text
	}
	doc, err := policy.Parse(text, kind)
	if err != nil {
		return eval.Policy{}, err
	}
	d.docs[key] = doc
	return eval.Policy{Name: name, Doc: doc}, nil
}

func (d *corpusDocs) policies(names []string, kind policy.Kind) ([]eval.Policy, error) {
	var out []eval.Policy
	for _, n := range names {
		p, err := d.policy(n, kind)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, nil
}

func (d *corpusDocs) set(names []string, kind policy.Kind) (*eval.PolicySet, error) {
	if len(names) == 0 {
		return nil, nil
	}
	ps, err := d.policies(names, kind)
	if err != nil {
		return nil, err
	}
	return eval.Compile(ps...)
}

func (d *corpusDocs) world() (*ramworld.World, error) {
	var accounts []ramworld.Account
	for id, a := range d.t.Directory.Accounts {
		acct := ramworld.Account{ID: id}
		for _, level := range a.ControlPolicies {
			ps, err := d.policies(level, policy.ControlPolicy)
			if err != nil {
				return nil, err
			}
			acct.Control = append(acct.Control, ps)
		}
		for name, g := range a.Groups {
			ps, err := d.policies(g.Policies, policy.IdentityPolicy)
			if err != nil {
				return nil, err
			}
			acct.Groups = append(acct.Groups, ramworld.Group{Name: name, Policies: ps})
		}
		for name, u := range a.Users {
			ps, err := d.policies(u.Policies, policy.IdentityPolicy)
			if err != nil {
				return nil, err
			}
			acct.Users = append(acct.Users, ramworld.User{Name: name, Policies: ps, Groups: u.Groups})
		}
		for name, r := range a.Roles {
			ps, err := d.policies(r.Policies, policy.IdentityPolicy)
			if err != nil {
				return nil, err
			}
			trust, err := d.policy(r.Trust, policy.TrustPolicy)
			if err != nil {
				return nil, err
			}
			acct.Roles = append(acct.Roles, ramworld.Role{Name: name, Trust: trust, Policies: ps,
				MaxSessionDuration: r.MaxSessionDuration, ServiceLinked: r.ServiceLinked})
		}
		accounts = append(accounts, acct)
	}
	return ramworld.New(accounts)
}

// corpusCases returns every request case of the decision tables under dir whose
// policies parse; a case whose principal is not a principal, or unknown to the
// directory, is left out (its decision is an error, not a Result).
func corpusCases(t *testing.T, dir string) []corpusCase {
	t.Helper()
	var out []corpusCase
	err := filepath.WalkDir(dir, func(path string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() || !strings.HasSuffix(path, ".json") {
			return err
		}
		text, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		var tbl corpusTable
		if err := json.Unmarshal(text, &tbl); err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		docs := &corpusDocs{t: &tbl, docs: map[string]*policy.Document{}}
		var w *ramworld.World
		if tbl.Directory != nil {
			if w, err = docs.world(); err != nil {
				return nil // a table about a broken directory
			}
		}
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
					return fmt.Errorf("%s: %s: context %s: %w", path, c.Name, k, err)
				}
				cc.req.Context.Set(k, vals...)
			}
			extra, err1 := docs.set(c.Policies, policy.IdentityPolicy)
			session, err2 := docs.set(nonEmpty(c.SessionPolicy), policy.SessionPolicy)
			resource, err3 := docs.set(nonEmpty(c.ResourcePolicy), policy.ResourcePolicy)
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
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
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
