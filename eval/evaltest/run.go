package evaltest

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/rampolicy/ram/arn"
	"github.com/rampolicy/ram/eval"
	"github.com/rampolicy/ram/eval/world"
	"github.com/rampolicy/ram/policy"
)

// Outcome is the result of one case.
type Outcome struct {
	File     string // the table's path
	Line     int    // where the case starts, when known
	Case     string // the case's name; "" when the whole file failed to load
	Pass     bool
	Expected string // as the case says, e.g. "Allow" or "Error:InvalidEffect"
	Actual   string
	Detail   string // why it failed: the difference, and the explanation of the decision
}

// String renders a failure (or a pass) on one line, then the detail indented.
func (o Outcome) String() string {
	where := o.File
	if o.Line > 0 {
		where = fmt.Sprintf("%s:%d", o.File, o.Line)
	}
	status := "FAIL"
	if o.Pass {
		status = "ok"
	}
	s := fmt.Sprintf("%s %s: %q: expected %s, got %s", status, where, o.Case, o.Expected, o.Actual)
	if o.Detail != "" {
		s += "\n    " + strings.ReplaceAll(strings.TrimRight(o.Detail, "\n"), "\n", "\n    ")
	}
	return s
}

// Files expands paths: a file is taken as it is, a folder gives every *.json below it,
// in lexical order, except below a folder named "policies" inside it: that is where
// tables keep their policy files.
func Files(paths ...string) ([]string, error) {
	var out []string
	for _, p := range paths {
		info, err := os.Stat(p)
		if err != nil {
			return nil, err
		}
		if !info.IsDir() {
			out = append(out, p)
			continue
		}
		err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() && d.Name() == "policies" && path != p {
				return filepath.SkipDir
			}
			if !d.IsDir() && strings.HasSuffix(path, ".json") {
				out = append(out, path)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	sort.Strings(out)
	return out, nil
}

// RunFile runs every case of one decision table. A file that fails to load gives one
// failed Outcome per case in it (one in all when even its cases cannot be read), each
// carrying the load error. The table's policies and directory are read by world.Load:
// a policy may be kept in its own file, relative to the table's folder.
func RunFile(path string) []Outcome {
	t, _, err := loadTable(path)
	if err != nil {
		return loadFailure(path, t, err)
	}
	w, err := newWorld(path, t)
	if err != nil {
		return loadFailure(path, t, err)
	}
	out := make([]Outcome, 0, len(t.Cases))
	for i := range t.Cases {
		c := &t.Cases[i]
		o := w.run(c)
		o.File, o.Line, o.Case, o.Expected = path, c.line, c.Name, c.Expect
		out = append(out, o)
	}
	return out
}

func loadFailure(path string, t *table, err error) []Outcome {
	if t == nil || len(t.Cases) == 0 {
		return []Outcome{{File: path, Expected: "file loads", Actual: "load error", Detail: err.Error()}}
	}
	var out []Outcome
	for _, c := range t.Cases {
		out = append(out, Outcome{File: path, Line: c.line, Case: c.Name, Expected: c.Expect, Actual: "load error", Detail: err.Error()})
	}
	return out
}

// RunPaths runs every table found by Files(paths...).
func RunPaths(paths ...string) ([]Outcome, error) {
	files, err := Files(paths...)
	if err != nil {
		return nil, err
	}
	var out []Outcome
	for _, f := range files {
		out = append(out, RunFile(f)...)
	}
	return out, nil
}

// tableWorld is a loaded table: its named policies and its directory.
type tableWorld struct {
	pol *world.Policies
	dir *world.World // nil when the table has no directory
}

func newWorld(path string, t *table) (*tableWorld, error) {
	dir, pol, err := world.LoadOptions{AllowCases: true}.LoadFile(path)
	if err != nil {
		return nil, err
	}
	w := &tableWorld{pol: pol}
	if t.hasDirectory {
		w.dir = dir
	}
	// Every policy named by a request case must parse as the kind it is used as; a
	// policy named only as a hop's session policy is parsed when the hop runs, so that its
	// errors are that hop's.
	for _, c := range t.Cases {
		for _, n := range c.Policies {
			if _, err := pol.Set(policy.IdentityPolicy, n); err != nil {
				return nil, fmt.Errorf("%s: case %q: %w", path, c.Name, err)
			}
		}
		if c.SessionPolicy != "" {
			if _, err := pol.Set(policy.SessionPolicy, c.SessionPolicy); err != nil {
				return nil, fmt.Errorf("%s: case %q: %w", path, c.Name, err)
			}
		}
		if c.ResourcePolicy != "" {
			if _, err := pol.Set(policy.ResourcePolicy, c.ResourcePolicy); err != nil {
				return nil, fmt.Errorf("%s: case %q: %w", path, c.Name, err)
			}
		}
		if c.AssumeRole != nil {
			for _, h := range c.AssumeRole.Chain {
				if h.Policy != "" && !pol.Has(h.Policy) {
					return nil, fmt.Errorf("%s: case %q: unknown policy %q", path, c.Name, h.Policy)
				}
			}
		}
	}
	return w, nil
}

func context(m map[string]stringList) eval.Context {
	var c eval.Context
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		c.Add(k, m[k]...)
	}
	return c
}

// verdict renders a decision or an error as a case's expect does.
func verdict(r eval.Result, err error) string {
	if err == nil {
		err = r.Err
	}
	if err != nil {
		if c := world.Code(err); c != "" {
			return "Error:" + c
		}
		return "Error:" + err.Error()
	}
	return r.Decision.String()
}

func (w *tableWorld) run(c *tableCase) Outcome {
	kinds := 0
	for _, set := range []bool{c.Parse != nil, c.AssumeRole != nil, c.Reach != nil, c.WhoCan != nil, c.Analyze != nil} {
		if set {
			kinds++
		}
	}
	switch {
	case kinds > 1:
		return Outcome{Actual: "bad case", Detail: "a case is one of request, parse, assumeRole, reach, whoCan and analyze"}
	case c.Parse != nil:
		return w.runParse(c)
	case c.AssumeRole != nil:
		return w.runAssume(c)
	case c.Reach != nil:
		return w.runReach(c)
	case c.WhoCan != nil:
		return w.runWhoCan(c)
	case c.Analyze != nil:
		return w.runAnalyze(c)
	}
	return w.runRequest(c)
}

func (w *tableWorld) runParse(c *tableCase) Outcome {
	kind, ok := policy.ParseKind(c.Kind)
	if !ok {
		return Outcome{Actual: "bad case", Detail: fmt.Sprintf("kind %q is not identity, trust, session or control", c.Kind)}
	}
	_, err := policy.Parse(policyText(c.Parse), kind)
	o := Outcome{Actual: "Allow"}
	if err != nil {
		o.Actual = "Error:" + policy.Code(err)
		o.Detail = err.Error()
	}
	o.Pass = o.Actual == c.Expect
	if o.Pass && c.At != nil {
		var list policy.ErrorList
		if !errors.As(err, &list) || len(list) == 0 {
			o.Pass, o.Detail = false, "expected an error at "+*c.At
		} else if list[0].Pointer != *c.At {
			o.Pass = false
			o.Detail = fmt.Sprintf("first error at %q, expected at %q\n%s", list[0].Pointer, *c.At, err)
		}
	}
	return o
}

func refsString(refs []eval.StatementRef) []string {
	var out []string
	for _, r := range refs {
		out = append(out, fmt.Sprintf("%s#%d", r.Policy, r.Statement))
	}
	return sortedStrings(out)
}

func tableRefsString(refs []tableRef) []string {
	var out []string
	for _, r := range refs {
		out = append(out, fmt.Sprintf("%s#%d", r.Policy, r.Statement))
	}
	return sortedStrings(out)
}

// check compares a decision with the expected one and, when given, the decisive
// statements; explain supplies the explanation shown on failure.
func check(expect string, decidedBy []tableRef, r eval.Result, err error, explain func() string) Outcome {
	o := Outcome{Actual: verdict(r, err)}
	o.Pass = o.Actual == expect
	if o.Pass && decidedBy != nil && err == nil && r.Err == nil {
		want, got := tableRefsString(decidedBy), refsString(r.DecidedBy())
		if strings.Join(want, ",") != strings.Join(got, ",") {
			o.Pass = false
			o.Detail = fmt.Sprintf("decidedBy %v, expected %v\n", got, want)
		}
	}
	if !o.Pass {
		if err != nil {
			o.Detail += err.Error() + "\n"
		} else if explain != nil {
			o.Detail += explain()
		}
	}
	return o
}

func (w *tableWorld) runRequest(c *tableCase) Outcome {
	if sp, ok, err := serviceCaller(c.Principal); ok {
		if err != nil {
			return check(c.Expect, nil, eval.Result{}, err, nil)
		}
		return w.runServiceRequest(c, sp)
	}
	req := &eval.Request{Action: c.Action, Resource: c.Resource, Context: context(c.Context)}
	if c.Principal != "" {
		p, err := arn.Parse(c.Principal)
		if err != nil {
			return check(c.Expect, nil, eval.Result{}, fmt.Errorf("%w: principal: %w", eval.ErrInvalidRequest, err), nil)
		}
		req.Principal = p
	}
	extra, err := w.pol.Set(policy.IdentityPolicy, c.Policies...) // each parsed at load
	if err != nil {
		return check(c.Expect, nil, eval.Result{}, err, nil)
	}
	var session, resource *eval.PolicySet
	if c.SessionPolicy != "" {
		session, _ = w.pol.Set(policy.SessionPolicy, c.SessionPolicy)
	}
	if c.ResourcePolicy != "" {
		resource, _ = w.pol.Set(policy.ResourcePolicy, c.ResourcePolicy)
	}
	if w.dir != nil && req.Principal.IsValid() {
		caller, err := w.dir.Caller(req.Principal)
		if err == nil {
			caller, err = caller.WithPolicies(extra, session)
		}
		if err != nil {
			return check(c.Expect, nil, eval.Result{}, err, nil)
		}
		r := caller.Evaluate(req, resource)
		return check(c.Expect, c.DecidedBy, r, nil, func() string { return caller.Explain(req, resource).String() })
	}
	ev := eval.NewEvaluator(eval.Config{IdentityPolicies: extra, SessionPolicy: session})
	r := ev.Evaluate(req, resource)
	return check(c.Expect, c.DecidedBy, r, nil, func() string { return ev.Explain(req, resource).String() })
}

func (w *tableWorld) needDirectory() *Outcome {
	if w.dir == nil {
		return &Outcome{Actual: "bad case", Detail: "this kind of case needs a directory"}
	}
	return nil
}

func (w *tableWorld) runAssume(c *tableCase) Outcome {
	if o := w.needDirectory(); o != nil {
		return *o
	}
	var hops []world.AssumeRoleInput
	for _, h := range c.AssumeRole.Chain {
		in := world.AssumeRoleInput{RoleARN: h.RoleArn, SessionName: h.SessionName, DurationSeconds: h.DurationSeconds,
			ExternalID: h.ExternalID, SourceIdentity: h.SourceIdentity, Context: context(h.Context)}
		if h.Policy != "" {
			in.Policy, _ = w.pol.Text(h.Policy) // known: checked at load
		}
		hops = append(hops, in)
	}
	if (c.AssumeRole.Caller == "") == (c.AssumeRole.Federated == nil) {
		return Outcome{Actual: "bad case", Detail: "assumeRole needs exactly one of caller and federated"}
	}
	var res world.ChainResult
	if f := c.AssumeRole.Federated; f != nil {
		if len(hops) == 0 {
			return Outcome{Actual: "bad case", Detail: "a federated chain needs a first hop"}
		}
		first := world.FederatedInput{Provider: f.Provider, RoleARN: hops[0].RoleARN, SessionName: hops[0].SessionName,
			DurationSeconds: hops[0].DurationSeconds, Policy: hops[0].Policy, Claims: context(f.Claims)}
		var h *world.Hop
		if strings.Contains(f.Provider, ":saml-provider/") {
			h = w.dir.AssumeRoleWithSAML(first)
		} else {
			h = w.dir.AssumeRoleWithOIDC(first)
		}
		res.Hops = []*world.Hop{h}
		if h.Allowed() {
			rest := w.dir.Chain(h.Session, hops[1:])
			res.Hops = append(res.Hops, rest.Hops...)
			res.Final = rest.Final
			if len(hops) == 1 {
				res.Final = h.Session
			}
		}
	} else {
		id, err := w.caller(c.AssumeRole.Caller) // a RAM identity or a service
		if err != nil {
			return check(c.Expect, nil, eval.Result{}, err, nil)
		}
		res = w.dir.Chain(id, hops)
	}
	i, failed := res.Failed()
	if failed != nil {
		o := check(c.Expect, nil, failed.Result, failed.Err, func() string { return fmt.Sprintf("hop %d: %s", i, failed.Explain()) })
		if o.Pass && c.FailedHop != nil && *c.FailedHop != i {
			o.Pass, o.Detail = false, fmt.Sprintf("hop %d failed, expected hop %d to fail", i, *c.FailedHop)
		}
		return o
	}
	o := Outcome{Actual: "Allow", Pass: c.Expect == "Allow"}
	if c.FailedHop != nil {
		o.Pass, o.Detail = false, fmt.Sprintf("every hop succeeded, expected hop %d to fail", *c.FailedHop)
	}
	if !o.Pass || c.Then == nil {
		if !o.Pass {
			o.Detail += chainString(res)
		}
		return o
	}
	req := &eval.Request{Action: c.Then.Action, Resource: c.Then.Resource, Context: context(c.Then.Context)}
	r := res.Final.Evaluate(req, nil)
	then := check(c.Then.Expect, c.Then.DecidedBy, r, nil, func() string { return res.Final.Explain(req, nil).String() })
	if !then.Pass {
		return Outcome{Actual: "Allow, then " + then.Actual, Detail: "then: expected " + c.Then.Expect + "\n" + then.Detail}
	}
	return o
}

func chainString(res world.ChainResult) string {
	var b strings.Builder
	for i, h := range res.Hops {
		fmt.Fprintf(&b, "hop %d: %s -> %s: %s\n", i, hopCaller(h), h.Role, verdict(h.Result, h.Err))
	}
	return b.String()
}

func (w *tableWorld) runReach(c *tableCase) Outcome {
	if o := w.needDirectory(); o != nil {
		return *o
	}
	to, err := arn.Parse(c.Reach.To)
	if err != nil {
		return check(c.Expect, nil, eval.Result{}, fmt.Errorf("%w: %w", eval.ErrInvalidRequest, err), nil)
	}
	res, err := w.reachFrom(c.Reach.From, to, world.ReachQuery{MaxHops: c.Reach.MaxHops, Context: context(c.Reach.Context)})
	if err != nil {
		return check(c.Expect, nil, eval.Result{}, err, nil)
	}
	o := Outcome{Actual: "ImplicitDeny"}
	if res.Allowed() {
		o.Actual = "Allow"
	}
	o.Pass = o.Actual == c.Expect
	if o.Pass && res.Allowed() && c.Hops != nil && len(res.Hops) != *c.Hops {
		o.Pass = false
		o.Detail = fmt.Sprintf("shortest chain has %d hops, expected %d\n", len(res.Hops), *c.Hops)
	}
	if !o.Pass {
		o.Detail += chainString(res)
	}
	return o
}

func (w *tableWorld) runWhoCan(c *tableCase) Outcome {
	if o := w.needDirectory(); o != nil {
		return *o
	}
	req := &eval.Request{Action: c.WhoCan.Action, Resource: c.WhoCan.Resource}
	found, err := w.dir.WhoCan(req, world.ReachQuery{MaxHops: c.WhoCan.MaxHops, Context: context(c.WhoCan.Context)})
	if err != nil {
		return check(c.Expect, nil, eval.Result{}, err, nil)
	}
	var got []string
	for _, f := range found {
		got = append(got, f.String()) // an ARN, or UID@SERVICE for a service
	}
	o := Outcome{Actual: "ImplicitDeny"}
	if len(got) > 0 {
		o.Actual = "Allow"
	}
	o.Pass = o.Actual == c.Expect
	want := sortedStrings(c.Principals)
	got = sortedStrings(got)
	if c.Principals != nil && strings.Join(want, ",") != strings.Join(got, ",") {
		o.Pass = false
		o.Detail = fmt.Sprintf("principals %v\nexpected   %v", got, want)
	}
	return o
}
