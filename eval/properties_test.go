package eval_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/rampolicy/ram/arn"
	"github.com/rampolicy/ram/eval"
	"github.com/rampolicy/ram/policy"
	"pgregory.net/rapid"
)

// Properties of the evaluation, checked on random policies and requests with
// pgregory.net/rapid. rapid rather than testing/quick: it generates structured values
// (policies, requests) from composable generators, and when a property fails it shrinks
// the case to a minimal one (one statement, one condition) before reporting it, which
// testing/quick cannot do. A failing case can be replayed with the -rapid.failfile flag
// the failure prints; -rapid.checks=N runs N cases instead of 100.
//
// The alphabets are small on purpose, so that actions, resources, principals and
// condition keys of policies and requests meet often: most generated statements match
// some requests, and most requests are decided by some statement.

var (
	actionPatterns = []string{"*", "cr:*", "cr:Get*", "CR:getrepository", "cr:?etRepository", "*:*Repository",
		"cr:PushRepository", "ecs:*", "ecs:RunInstances", "sts:AssumeRole", "sts:*", "*:*", "c?:*", "cr:Get*ory", "cr:[x]"}
	requestActions = []string{"cr:GetRepository", "cr:PushRepository", "CR:GETREPOSITORY", "ecs:RunInstances",
		"sts:AssumeRole", "sts:assumerole", "cr:ListRepository", "cr:[x]"}
	resourcePatterns = []string{"*", "acs:cr:*:*:repository/ns/*", "acs:cr:*:1111:repository/*",
		"acs:cr:cn-hangzhou:1111:repository/ns/app", "acs:cr:*:*:repository/ns?/app", "acs:ram::2222:role/r",
		"acs:*:*:*:*", "acs:cr:*:2222:*", "acs:cr:cn-hangzhou:*:repository/ns/app", "acs:ecs:*:*:instance/*",
		"acs:cr:*:*:repository/a/b/*", "acs:ram:*:*:role/*",
		// names of RAM entities in other letter cases, and patterns reaching ram and others
		"acs:ram:*:*:role/R", "acs:ram::1111:role/r*", "acs:*:*:*:role/r", "acs:RAM:*:2222:ROLE/R", "acs:*:*:*:*role/r"}
	requestResources = []string{"acs:cr:cn-hangzhou:1111:repository/ns/app", "acs:cr:cn-hangzhou:2222:repository/ns/app",
		"acs:cr:cn-beijing:1111:repository/ns1/app", "acs:ram::2222:role/r", "acs:ram::1111:role/R",
		"acs:ecs:cn-hangzhou:1111:instance/i-1", "*", "acs:cr:cn-hangzhou::repository/ns/app",
		"acs:cr:cn-hangzhou:*:repository/ns/app", "acs:ram::2222:ROLE/r", "acs:RAM::1111:role/rx",
		"acs:cs:cn-hangzhou:1111:role/r", "acs:cs:cn-hangzhou:1111:role/R",
		// more resource tokens than the index looks up one by one
		"acs:cr:cn-hangzhou:1111:repository/a/b/" + strings.Repeat("x/", 40) + "app"}
	ramPrincipals = []string{"*", "acs:ram::1111:root", "acs:ram::2222:root", "acs:ram::1111:user/alice",
		"acs:ram::1111:role/r", "acs:ram::2222:role/R"}
	requestPrincipals = []string{"", "acs:ram::1111:user/alice", "acs:ram::1111:user/ALICE", "acs:ram::1111:role/r/s1",
		"acs:ram::1111:role/r", "acs:ram::2222:user/bob", "acs:ram::1111:root", "acs:ram::2222:root", "acs:ram::2222:role/r/x"}

	conditionKeys = []string{"acs:SourceIp", "acs:SecureTransport", "acs:CurrentTime", "cr:Tag", "acs:PrincipalARN", "acs:MFAAge"}
	// policyValues holds values each operator family can read.
	policyValues = map[policy.Family][]string{
		policy.FamilyString: {"dev", "DEV", "prod", "", "acs:ram::1111:user/alice", "acs:ram::1111:role/r", "d*", "?ev", "acs:ram::1111:*", "*",
			"ACS:RAM::1111:USER/ALICE", "acs:ram::2222:role/R", "acs:ram:*:*:ROLE/*"},
		policy.FamilyNumeric: {"0", "10", "-1.5", "10.0", "5"},
		policy.FamilyDate:    {"2026-01-01T00:00:00Z", "2026-01-01T08:00:00+08:00", "2030-06-01T12:00:00.5Z"},
		policy.FamilyBool:    {"true", "FALSE"},
		policy.FamilyIP:      {"10.0.0.0/8", "10.1.2.3", "::ffff:10.0.0.0/104", "2001:db8::/32", "192.168.0.0/16"},
	}
	// requestValues mixes values every family reads with values none can.
	requestValues = []string{"dev", "DEV", "prod", "", "dEv", "10.1.2.3", "192.168.1.1", "::ffff:10.1.2.3", "10.0.0.0/8",
		"2001:db8::1", "true", "false", "TRUE", "yes", "5", "10", "10.00", "-2", "1e3", "2026-01-01T00:00:00Z",
		"2025-12-31T23:59:59Z", "2030-06-01T12:00:00.5Z", "acs:ram::1111:user/alice", "not-a-date",
		"acs:ram::1111:user/ALICE", "acs:ram::2222:role/r"}
)

func allOperators() []policy.Operator {
	var out []policy.Operator
	for op := policy.StringEquals; op.Family() != 0; op++ {
		for _, set := range []policy.SetPrefix{policy.NoPrefix, policy.ForAllValues, policy.ForAnyValue} {
			out = append(out, policy.Operator{Set: set, Op: op})
		}
	}
	return out
}

var operators = allOperators()

// randomCase writes s with letters in random case.
func randomCase(t *rapid.T, s, label string) string {
	mask := rapid.Uint64().Draw(t, label)
	b := []byte(s)
	for i := range b {
		if mask&(1<<(i%64)) != 0 {
			b[i] = byte(strings.ToUpper(string(b[i]))[0])
		}
	}
	return string(b)
}

var conditionGen = rapid.Custom(func(t *rapid.T) policy.Condition {
	op := rapid.SampledFrom(operators).Draw(t, "operator")
	n := rapid.IntRange(1, 3).Draw(t, "values")
	if op.Op == policy.Bool {
		n = 1 // more than one is InvalidConditionMultipleBoolean
	}
	vals := rapid.SliceOfN(rapid.SampledFrom(policyValues[op.Op.Family()]), n, n).Draw(t, "value")
	key := rapid.SampledFrom(conditionKeys).Draw(t, "key")
	return policy.Condition{Operator: op, Key: randomCase(t, key, "keycase"), Values: vals}
})

func statementGen(withPrincipal bool) *rapid.Generator[policy.Statement] {
	return rapid.Custom(func(t *rapid.T) policy.Statement {
		s := policy.Statement{
			Effect:     rapid.SampledFrom([]policy.Effect{policy.EffectAllow, policy.EffectDeny}).Draw(t, "effect"),
			NotAction:  rapid.IntRange(0, 4).Draw(t, "notAction") == 0,
			Actions:    rapid.SliceOfN(rapid.SampledFrom(actionPatterns), 1, 3).Draw(t, "actions"),
			Resources:  rapid.SliceOfN(rapid.SampledFrom(resourcePatterns), 1, 2).Draw(t, "resources"),
			Conditions: rapid.SliceOfNDistinct(conditionGen, 0, 2, func(c policy.Condition) string { return c.Operator.String() + " " + c.Key }).Draw(t, "conditions"),
		}
		if withPrincipal {
			s.Principal = &policy.Principal{RAM: rapid.SliceOfN(rapid.SampledFrom(ramPrincipals), 1, 2).Draw(t, "ram")}
			if rapid.IntRange(0, 5).Draw(t, "service") == 0 {
				s.Principal.Service = []string{"ecs.aliyuncs.com"}
			}
		}
		return s
	})
}

// polDef is one named policy; a setDef the policies of one evaluation step.
type polDef struct {
	name  string
	stmts []policy.Statement
}

type setDef []polDef

// world is everything that decides a request: identity policies, the session policy,
// control-policy levels and the resource policy (nil when absent).
type world struct {
	identity      setDef
	session       setDef
	control       []setDef
	resource      setDef
	serviceLinked bool
}

func setGen(prefix string, withPrincipal bool, minPolicies int) *rapid.Generator[setDef] {
	return rapid.Custom(func(t *rapid.T) setDef {
		n := rapid.IntRange(minPolicies, 3).Draw(t, prefix+"policies")
		var out setDef
		for i := range n {
			name := fmt.Sprintf("%s%d", prefix, i)
			stmts := rapid.SliceOfN(statementGen(withPrincipal), 1, 4).Draw(t, name)
			for j := range stmts {
				stmts[j].Sid = fmt.Sprintf("%s/%d", name, j) // a statement's name, whatever order it ends up in
			}
			out = append(out, polDef{name: name, stmts: stmts})
		}
		return out
	})
}

var worldGen = rapid.Custom(func(t *rapid.T) world {
	w := world{identity: setGen("id", false, 0).Draw(t, "identity")}
	if rapid.IntRange(0, 3).Draw(t, "hasSession") == 0 {
		w.session = setGen("sess", false, 1).Draw(t, "session")
	}
	for i := range rapid.IntRange(0, 2).Draw(t, "levels") {
		w.control = append(w.control, setGen(fmt.Sprintf("ctl%d_", i), false, 0).Draw(t, "level"))
	}
	if rapid.IntRange(0, 2).Draw(t, "hasResource") == 0 {
		w.resource = setGen("res", true, 1).Draw(t, "resource")
	}
	w.serviceLinked = rapid.IntRange(0, 9).Draw(t, "serviceLinked") == 0
	return w
})

var requestGen = rapid.Custom(func(t *rapid.T) *eval.Request {
	req := &eval.Request{
		Action:   rapid.SampledFrom(requestActions).Draw(t, "action"),
		Resource: rapid.SampledFrom(requestResources).Draw(t, "resource"),
	}
	if p := rapid.SampledFrom(requestPrincipals).Draw(t, "principal"); p != "" {
		req.Principal = arn.MustParse(p)
	}
	for _, k := range rapid.SliceOfNDistinct(rapid.SampledFrom(conditionKeys), 0, 4, rapid.ID[string]).Draw(t, "keys") {
		vals := rapid.SliceOfN(rapid.SampledFrom(requestValues), 0, 3).Draw(t, "values")
		req.Context.Set(randomCase(t, k, "keycase"), vals...)
	}
	return req
})

// fataler is *testing.T or *rapid.T.
type fataler interface {
	Fatalf(format string, args ...any)
}

func compileSet(t fataler, s setDef) *eval.PolicySet {
	if s == nil {
		return nil
	}
	var ps []eval.Policy
	for _, p := range s {
		kind := policy.IdentityPolicy // the generators give resource policies principals
		if len(p.stmts) > 0 && p.stmts[0].Principal != nil {
			kind = policy.ResourcePolicy
		}
		ps = append(ps, eval.Policy{Name: p.name, Doc: &policy.Document{Kind: kind, Version: "1", Statements: p.stmts}})
	}
	set, err := eval.Compile(ps...)
	if err != nil {
		t.Fatalf("generated policies do not compile: %v", err)
	}
	return set
}

func (w world) compile(t fataler) (*eval.Evaluator, *eval.PolicySet) {
	cfg := eval.Config{IdentityPolicies: compileSet(t, w.identity), SessionPolicy: compileSet(t, w.session), ServiceLinked: w.serviceLinked}
	for _, level := range w.control {
		cfg.ControlPolicies = append(cfg.ControlPolicies, compileSet(t, level))
	}
	return eval.NewEvaluator(cfg), compileSet(t, w.resource)
}

func (w world) decide(t *rapid.T, req *eval.Request) eval.Result {
	ev, res := w.compile(t)
	return ev.Evaluate(req, res)
}

// sets lists pointers to every set of the world that exists, for mutations.
func (w *world) sets() []*setDef {
	out := []*setDef{&w.identity}
	if w.session != nil {
		out = append(out, &w.session)
	}
	for i := range w.control {
		out = append(out, &w.control[i])
	}
	if w.resource != nil {
		out = append(out, &w.resource)
	}
	return out
}

// clone copies the world deeply enough that mutating statements leaves w alone.
func (w world) clone() world {
	cp := func(s setDef) setDef {
		if s == nil {
			return nil
		}
		out := make(setDef, len(s))
		for i, p := range s {
			out[i] = polDef{name: p.name, stmts: make([]policy.Statement, len(p.stmts))}
			for j, st := range p.stmts {
				st.Actions = slices.Clone(st.Actions)
				st.Resources = slices.Clone(st.Resources)
				st.Conditions = slices.Clone(st.Conditions)
				for k := range st.Conditions {
					st.Conditions[k].Values = slices.Clone(st.Conditions[k].Values)
				}
				out[i].stmts[j] = st
			}
		}
		return out
	}
	c := world{identity: cp(w.identity), session: cp(w.session), resource: cp(w.resource), serviceLinked: w.serviceLinked}
	for _, l := range w.control {
		c.control = append(c.control, cp(l))
	}
	return c
}

// summary is what must not change between two evaluations that should agree: the
// decision, where it was decided, and the deciding statements by name (their Sid).
func summary(r eval.Result) string {
	var refs []string
	for _, ref := range r.DecidedBy() {
		refs = append(refs, ref.Sid)
	}
	slices.Sort(refs)
	return fmt.Sprintf("%v at %v level %d by %v (invalid: %v)", r.Decision, r.Stage, r.Level, refs, r.Err != nil)
}

func sidsOf(r eval.Result) []string {
	var out []string
	for _, ref := range r.DecidedBy() {
		out = append(out, ref.Sid)
	}
	slices.Sort(out)
	return out
}

// TestPropertyOrderNeverMatters: shuffling the policies of a set, the statements of a
// policy, and the values inside every element never changes a decision, its stage or
// the statements that decided it.
func TestPropertyOrderNeverMatters(t *testing.T) {
	t.Parallel()
	rapid.Check(t, func(t *rapid.T) {
		w := worldGen.Draw(t, "world")
		req := requestGen.Draw(t, "request")
		shuffled := w.clone()
		for _, s := range shuffled.sets() {
			*s = rapid.Permutation(*s).Draw(t, "policy order")
			for i := range *s {
				p := &(*s)[i]
				p.stmts = rapid.Permutation(p.stmts).Draw(t, "statement order")
				for j := range p.stmts {
					st := &p.stmts[j]
					st.Actions = rapid.Permutation(st.Actions).Draw(t, "action order")
					st.Resources = rapid.Permutation(st.Resources).Draw(t, "resource order")
					st.Conditions = rapid.Permutation(st.Conditions).Draw(t, "condition order")
					for k := range st.Conditions {
						st.Conditions[k].Values = rapid.Permutation(st.Conditions[k].Values).Draw(t, "value order")
					}
				}
			}
		}
		before, after := summary(w.decide(t, req)), summary(shuffled.decide(t, req))
		if before != after {
			t.Fatalf("order changed the decision: %s, shuffled %s", before, after)
		}
	})
}

// addStatement adds s to a random policy of a random existing set.
func addStatement(t *rapid.T, w *world, s policy.Statement) bool {
	var targets []*polDef
	for _, set := range w.sets() {
		for i := range *set {
			targets = append(targets, &(*set)[i])
		}
	}
	if len(targets) == 0 {
		return false
	}
	p := rapid.SampledFrom(targets).Draw(t, "target")
	s.Sid = p.name + "/added"
	if p.name[:3] == "res" && s.Principal == nil {
		s.Principal = &policy.Principal{RAM: []string{rapid.SampledFrom(ramPrincipals).Draw(t, "ram")}}
	} else if p.name[:3] != "res" {
		s.Principal = nil
	}
	p.stmts = append(p.stmts, s)
	return true
}

// TestPropertyAddingADenyNeverAllowsMore: a request that was denied stays denied after a
// Deny statement is added anywhere, and an explicit deny stays explicit.
func TestPropertyAddingADenyNeverAllowsMore(t *testing.T) {
	t.Parallel()
	rapid.Check(t, func(t *rapid.T) {
		w := worldGen.Draw(t, "world")
		req := requestGen.Draw(t, "request")
		d := statementGen(true).Draw(t, "deny")
		d.Effect = policy.EffectDeny
		more := w.clone()
		if !addStatement(t, &more, d) {
			t.Skip("no policy to add to")
		}
		before, after := w.decide(t, req), more.decide(t, req)
		switch {
		case before.Decision != eval.Allow && after.Decision == eval.Allow:
			t.Fatalf("adding a Deny allowed a denied request: %s, then %s", summary(before), summary(after))
		case before.Decision == eval.ExplicitDeny && after.Decision != eval.ExplicitDeny:
			t.Fatalf("adding a Deny removed an explicit deny: %s, then %s", summary(before), summary(after))
		}
	})
}

// TestPropertyAddingAnAllowNeverDeniesMore: an allowed request stays allowed, by at least
// the statements that allowed it, after an Allow statement is added anywhere; an
// explicit deny stays, decided by the same statements.
func TestPropertyAddingAnAllowNeverDeniesMore(t *testing.T) {
	t.Parallel()
	rapid.Check(t, func(t *rapid.T) {
		w := worldGen.Draw(t, "world")
		req := requestGen.Draw(t, "request")
		a := statementGen(true).Draw(t, "allow")
		a.Effect = policy.EffectAllow
		more := w.clone()
		if !addStatement(t, &more, a) {
			t.Skip("no policy to add to")
		}
		before, after := w.decide(t, req), more.decide(t, req)
		switch before.Decision {
		case eval.Allow:
			if after.Decision != eval.Allow {
				t.Fatalf("adding an Allow denied an allowed request: %s, then %s", summary(before), summary(after))
			}
			for _, sid := range sidsOf(before) {
				if !slices.Contains(sidsOf(after), sid) {
					t.Fatalf("adding an Allow dropped %s from the allowing statements: %s, then %s", sid, summary(before), summary(after))
				}
			}
		case eval.ExplicitDeny:
			if summary(after) != summary(before) {
				t.Fatalf("adding an Allow changed an explicit deny: %s, then %s", summary(before), summary(after))
			}
		}
	})
}

// TestPropertyConditionsOnlyNarrow: dropping some conditions of one statement never
// makes an Allow statement allow less, nor a Deny statement deny less. Checked on the
// statement alone and on the whole request pipeline.
func TestPropertyConditionsOnlyNarrow(t *testing.T) {
	t.Parallel()
	rapid.Check(t, func(t *rapid.T) {
		w := worldGen.Draw(t, "world")
		req := requestGen.Draw(t, "request")
		type loc struct{ set, pol, stmt int }
		var locs []loc
		for si, set := range w.sets() {
			for pi, p := range *set {
				for ti, s := range p.stmts {
					if len(s.Conditions) > 0 {
						locs = append(locs, loc{si, pi, ti})
					}
				}
			}
		}
		if len(locs) == 0 {
			t.Skip("no statement with conditions")
		}
		l := rapid.SampledFrom(locs).Draw(t, "statement")
		fewer := w.clone()
		s := &(*fewer.sets()[l.set])[l.pol].stmts[l.stmt]
		keep := rapid.IntRange(0, len(s.Conditions)-1).Draw(t, "keep")
		s.Conditions = rapid.Permutation(s.Conditions).Draw(t, "which")[:keep]

		// The statement alone, as a one-statement set.
		orig := (*w.sets()[l.set])[l.pol].stmts[l.stmt]
		one := func(st policy.Statement) eval.Decision {
			set := compileSet(t, setDef{{name: "one", stmts: []policy.Statement{st}}})
			return set.Evaluate(&eval.Request{Action: req.Action, Resource: req.Resource, Context: req.Context}).Decision
		}
		if orig.Principal == nil {
			if one(orig) != eval.ImplicitDeny && one(*s) == eval.ImplicitDeny {
				t.Fatalf("a statement with conditions %v matched; without some (%v) it does not", orig.Conditions, s.Conditions)
			}
		}

		before, after := w.decide(t, req), fewer.decide(t, req)
		switch s.Effect {
		case policy.EffectAllow:
			if before.Decision == eval.Allow && after.Decision != eval.Allow {
				t.Fatalf("dropping conditions of an Allow denied: %s, then %s", summary(before), summary(after))
			}
		case policy.EffectDeny:
			if before.Decision == eval.ExplicitDeny && after.Decision != eval.ExplicitDeny {
				t.Fatalf("dropping conditions of a Deny removed the deny: %s, then %s", summary(before), summary(after))
			}
			if after.Decision == eval.Allow && before.Decision != eval.Allow {
				t.Fatalf("dropping conditions of a Deny allowed: %s, then %s", summary(before), summary(after))
			}
		}
	})
}

// TestPropertyEvaluateAgreesWithExplain: the indexed evaluation and the explanation, which
// walks every statement, agree on every decision, stage, level and deciding statement;
// and the explanation's per-statement verdicts give the same deciding statements as the
// rule of the Result's documentation.
func TestPropertyEvaluateAgreesWithExplain(t *testing.T) {
	t.Parallel()
	rapid.Check(t, func(t *rapid.T) {
		w := worldGen.Draw(t, "world")
		req := requestGen.Draw(t, "request")
		ev, res := w.compile(t)
		fast := ev.Evaluate(req, res)
		x := ev.Explain(req, res)
		if summary(fast) != summary(x.Result) {
			t.Fatalf("Evaluate %s, Explain %s\n%s", summary(fast), summary(x.Result), x)
		}
		// Deciding statements from the explanation: for Allow the matching Allow statements
		// of the identity and resource sets; for ExplicitDeny the matching Deny statements
		// of the deciding stage; none otherwise.
		var want []string
		for _, sx := range x.Stages {
			decides := false
			switch fast.Decision {
			case eval.Allow:
				decides = sx.Stage == eval.StageIdentity
			case eval.ExplicitDeny:
				decides = sx.Stage == fast.Stage && (sx.Stage != eval.StageControl || sx.Level == fast.Level)
			}
			for _, st := range sx.Statements {
				wantEffect := policy.EffectAllow
				if fast.Decision == eval.ExplicitDeny {
					wantEffect = policy.EffectDeny
				}
				if decides && st.Matched && st.Effect == wantEffect {
					want = append(want, st.Ref.Sid)
				}
			}
		}
		slices.Sort(want)
		if got := sidsOf(fast); !slices.Equal(got, want) {
			t.Fatalf("decided by %v; the explanation's matching statements are %v\n%s", got, want, x)
		}
		// One set on its own: PolicySet.Evaluate against that set's own verdict in an
		// explanation (its stage's Outcome and matching statements).
		for _, s := range w.sets() {
			set := compileSet(t, *s)
			anon := &eval.Request{Action: req.Action, Resource: req.Resource, Context: req.Context}
			a := set.Evaluate(anon)
			sx := eval.NewEvaluator(eval.Config{IdentityPolicies: set}).Explain(anon, nil).Stages[0]
			var matched []string
			for _, st := range sx.Statements {
				if st.Matched && (st.Effect == policy.EffectDeny) == (sx.Outcome == eval.ExplicitDeny) && sx.Outcome != eval.ImplicitDeny {
					matched = append(matched, st.Ref.Sid)
				}
			}
			slices.Sort(matched)
			if a.Decision != sx.Outcome || !slices.Equal(sidsOf(a), matched) {
				t.Fatalf("PolicySet.Evaluate %s; the explanation says %v by %v", summary(a), sx.Outcome, matched)
			}
		}
	})
}
