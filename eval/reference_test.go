package eval_test

import (
	"math/big"
	"net/netip"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/rampolicy/ram/arn"
	"github.com/rampolicy/ram/eval"
	"github.com/rampolicy/ram/policy"
	"pgregory.net/rapid"
)

// A slow, obviously-correct evaluator written from the rules of semantics.md, sharing no
// code with package eval beyond the policy types: its own wildcard matcher, its own
// condition-value readers, its own context lookup and its own combination of steps. The
// property TestPropertyReferenceModel checks that Evaluator.Evaluate and
// PolicySet.Evaluate agree with it on random worlds and requests.

// refGlob matches a RAM wildcard pattern against s over code points: '*' any run, '?'
// one character, everything else literal.
func refGlob(pattern, s string) bool {
	p, t := []rune(pattern), []rune(s)
	if !utf8.ValidString(pattern) || !utf8.ValidString(s) {
		panic("the reference matcher is for valid UTF-8")
	}
	memo := map[[2]int]bool{}
	var m func(i, j int) bool
	m = func(i, j int) bool {
		if v, ok := memo[[2]int{i, j}]; ok {
			return v
		}
		var r bool
		switch {
		case i == len(p):
			r = j == len(t)
		case p[i] == '*':
			r = m(i+1, j) || j < len(t) && m(i, j+1)
		case j < len(t) && (p[i] == '?' || p[i] == t[j]):
			r = m(i+1, j+1)
		}
		memo[[2]int{i, j}] = r
		return r
	}
	return m(0, 0)
}

func lowerASCII(s string) string {
	return strings.Map(func(r rune) rune {
		if 'A' <= r && r <= 'Z' {
			return r + 'a' - 'A'
		}
		return r
	}, s)
}

// refRequest is a request with its context as a plain map, keys lower-cased.
type refRequest struct {
	req *eval.Request
	ctx map[string][]string
}

var refRequestGen = rapid.Custom(func(t *rapid.T) refRequest {
	r := refRequest{req: &eval.Request{
		Action:   rapid.SampledFrom(requestActions).Draw(t, "action"),
		Resource: rapid.SampledFrom(requestResources).Draw(t, "resource"),
	}, ctx: map[string][]string{}}
	if p := rapid.SampledFrom(requestPrincipals).Draw(t, "principal"); p != "" {
		r.req.Principal = arn.MustParse(p)
	}
	for _, k := range rapid.SliceOfNDistinct(rapid.SampledFrom(conditionKeys), 0, 4, rapid.ID[string]).Draw(t, "keys") {
		vals := rapid.SliceOfN(rapid.SampledFrom(requestValues), 0, 3).Draw(t, "values")
		r.req.Context.Set(randomCase(t, k, "keycase"), vals...)
		r.ctx[strings.ToLower(k)] = vals
	}
	return r
})

// values returns the request's values for a condition key. acs:PrincipalARN is derived
// from the principal (a role session's role) whenever there is one; only a request
// without a principal may carry its own.
func (r refRequest) values(key string) []string {
	if strings.EqualFold(key, "acs:PrincipalARN") && r.req.Principal.IsValid() {
		p := r.req.Principal
		switch p.Kind() {
		case arn.KindUser, arn.KindRoot:
			return []string{p.String()}
		case arn.KindRole, arn.KindRoleSession:
			return []string{"acs:ram::" + p.Account() + ":role/" + p.Name()}
		}
		return nil
	}
	return r.ctx[strings.ToLower(key)]
}

// refIsRAM reports whether a resource is of service ram ("acs:", then "ram" in any case):
// its names match ignoring ASCII case.
func refIsRAM(res string) bool {
	f := strings.SplitN(res, ":", 3)
	return len(f) == 3 && f[0] == "acs" && strings.EqualFold(f[1], "ram")
}

var (
	refNumber = regexp.MustCompile(`^-?[0-9]+(\.[0-9]+)?$`)
	refDate   = regexp.MustCompile(`^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?(Z|[+-]([01][0-9]|2[0-3]):[0-5][0-9])$`)
)

func refReadNumber(s string) (*big.Rat, bool) {
	if !refNumber.MatchString(s) {
		return nil, false
	}
	return new(big.Rat).SetString(s)
}

func refReadDate(s string) (time.Time, bool) {
	if !refDate.MatchString(s) {
		return time.Time{}, false
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	return t, err == nil
}

func refReadBool(s string) (bool, bool) {
	switch {
	case strings.EqualFold(s, "true"):
		return true, true
	case strings.EqualFold(s, "false"):
		return false, true
	}
	return false, false
}

// refReadPrefix reads a policy's IP value: an address or a prefix, host bits masked,
// IPv4-mapped forms as IPv4.
func refReadPrefix(s string) netip.Prefix {
	if !strings.Contains(s, "/") {
		a := netip.MustParseAddr(s).Unmap()
		return netip.PrefixFrom(a, a.BitLen())
	}
	p := netip.MustParsePrefix(s).Masked()
	if p.Addr().Is4In6() && p.Bits() >= 96 {
		return netip.PrefixFrom(p.Addr().Unmap(), p.Bits()-96)
	}
	return p
}

// refPositive is the positive form of a negated operator.
func refPositive(op policy.Op) policy.Op {
	switch op {
	case policy.StringNotEquals:
		return policy.StringEquals
	case policy.StringNotEqualsIgnoreCase:
		return policy.StringEqualsIgnoreCase
	case policy.StringNotLike:
		return policy.StringLike
	case policy.NumericNotEquals:
		return policy.NumericEquals
	case policy.DateNotEquals:
		return policy.DateEquals
	case policy.NotIPAddress:
		return policy.IPAddress
	}
	return op
}

// refCompare answers a comparison operator for cmp = compare(request, policy).
func refCompare(op policy.Op, cmp int) bool {
	name := op.String()
	switch {
	case strings.HasSuffix(name, "LessThanEquals"):
		return cmp <= 0
	case strings.HasSuffix(name, "LessThan"):
		return cmp < 0
	case strings.HasSuffix(name, "GreaterThanEquals"):
		return cmp >= 0
	case strings.HasSuffix(name, "GreaterThan"):
		return cmp > 0
	}
	return cmp == 0 // Equals
}

// refMatchesAny: does request value v satisfy the positive operator op against some
// policy value? A value the operator cannot read satisfies nothing.
// On acs:PrincipalARN (fold) String operators ignore ASCII case.
func refMatchesAny(op policy.Op, policyValues []string, v string, fold bool) bool {
	if fold {
		v = lowerASCII(v)
	}
	for _, pv := range policyValues {
		if fold {
			pv = lowerASCII(pv)
		}
		switch op.Family() {
		case policy.FamilyString:
			switch op {
			case policy.StringEquals:
				if v == pv {
					return true
				}
			case policy.StringEqualsIgnoreCase:
				if strings.EqualFold(v, pv) {
					return true
				}
			case policy.StringLike:
				if refGlob(pv, v) {
					return true
				}
			}
		case policy.FamilyNumeric:
			a, ok := refReadNumber(v)
			b, _ := refReadNumber(pv)
			if ok && refCompare(op, a.Cmp(b)) {
				return true
			}
		case policy.FamilyDate:
			a, ok := refReadDate(v)
			b, _ := refReadDate(pv)
			if ok && refCompare(op, a.Compare(b)) {
				return true
			}
		case policy.FamilyBool:
			a, ok := refReadBool(v)
			b, _ := refReadBool(pv)
			if ok && a == b {
				return true
			}
		case policy.FamilyIP:
			a, err := netip.ParseAddr(v)
			if err == nil && a.Zone() == "" && refReadPrefix(pv).Contains(a.Unmap()) {
				return true
			}
		}
	}
	return false
}

func refConditionHolds(c policy.Condition, r refRequest) bool {
	vals := r.values(c.Key)
	negated := refPositive(c.Operator.Op) != c.Operator.Op
	pos := refPositive(c.Operator.Op)
	fold := strings.EqualFold(c.Key, "acs:PrincipalARN") && pos != policy.StringEqualsIgnoreCase
	holdsOne := func(v string) bool { return refMatchesAny(pos, c.Values, v, fold) != negated }
	if len(vals) == 0 { // absent, or an empty list
		switch c.Operator.Set {
		case policy.ForAllValues:
			return true
		case policy.ForAnyValue:
			return false
		}
		return negated
	}
	switch c.Operator.Set {
	case policy.ForAllValues:
		for _, v := range vals {
			if !holdsOne(v) {
				return false
			}
		}
		return true
	case policy.ForAnyValue:
		return slices.ContainsFunc(vals, holdsOne)
	}
	anyMatch := slices.ContainsFunc(vals, func(v string) bool { return refMatchesAny(pos, c.Values, v, fold) })
	return anyMatch != negated // negated: no request value matches any policy value
}

// refAdmits: does a Principal element admit the caller?
func refAdmits(p *policy.Principal, caller arn.ARN) bool {
	k := caller.Kind()
	if k != arn.KindRoot && k != arn.KindUser && k != arn.KindRole && k != arn.KindRoleSession {
		return false
	}
	for _, v := range p.RAM {
		if v == "*" {
			return true
		}
		a := arn.MustParse(v)
		switch {
		case a.Kind() == arn.KindRoot && a.Account() == caller.Account():
			return true
		case a.Kind() == arn.KindUser && k == arn.KindUser && a.Account() == caller.Account() && strings.EqualFold(a.Name(), caller.Name()):
			return true
		case a.Kind() == arn.KindRole && (k == arn.KindRole || k == arn.KindRoleSession) &&
			a.Account() == caller.Account() && strings.EqualFold(a.Name(), caller.Name()):
			return true
		}
	}
	return false
}

func refStatementMatches(s policy.Statement, r refRequest) bool {
	hit := slices.ContainsFunc(s.Actions, func(p string) bool { return refGlob(lowerASCII(p), lowerASCII(r.req.Action)) })
	if hit == s.NotAction {
		return false
	}
	resMatch := func(p string) bool { return refGlob(p, r.req.Resource) }
	if refIsRAM(r.req.Resource) {
		resMatch = func(p string) bool { return refGlob(lowerASCII(p), lowerASCII(r.req.Resource)) }
	}
	if s.Resources != nil && !slices.ContainsFunc(s.Resources, resMatch) {
		return false
	}
	if s.Principal != nil && !refAdmits(s.Principal, r.req.Principal) {
		return false
	}
	for _, c := range s.Conditions {
		if !refConditionHolds(c, r) {
			return false
		}
	}
	return true
}

// refSet is one set's verdict with its matching Deny and Allow statements (by Sid).
type refSet struct {
	denies, allows []string
}

func refEvalSet(s setDef, r refRequest) refSet {
	var out refSet
	for _, p := range s {
		for _, st := range p.stmts {
			if refStatementMatches(st, r) {
				if st.Effect == policy.EffectDeny {
					out.denies = append(out.denies, st.Sid)
				} else {
					out.allows = append(out.allows, st.Sid)
				}
			}
		}
	}
	return out
}

func (s refSet) decision() eval.Decision {
	switch {
	case len(s.denies) > 0:
		return eval.ExplicitDeny
	case len(s.allows) > 0:
		return eval.Allow
	}
	return eval.ImplicitDeny
}

// refResult is the reference's answer: decision, stage, level and deciding statements.
type refResult struct {
	decision eval.Decision
	stage    eval.Stage
	level    int
	by       []string
}

func (r refResult) String() string {
	slices.Sort(r.by)
	return summary(eval.Result{Decision: r.decision, Stage: r.stage, Level: r.level}) + " " + strings.Join(r.by, ",")
}

// refResourceAccount is the account field of an ARN-shaped resource; "" for an empty or
// '*' account and for resources that are not ARNs.
func refResourceAccount(res string) string {
	f := strings.SplitN(res, ":", 5)
	if len(f) < 5 || f[0] != "acs" || f[3] == "*" {
		return ""
	}
	return f[3]
}

// refDecide is the request pipeline of semantics.md, step by step.
func refDecide(w world, r refRequest) refResult {
	p, action := r.req.Principal, r.req.Action
	assumeRole := strings.EqualFold(action, "sts:AssumeRole")
	resAcct := refResourceAccount(r.req.Resource)
	if p.Kind() == arn.KindRoot {
		if assumeRole {
			return refResult{decision: eval.ImplicitDeny, stage: eval.StageRoot}
		}
		if resAcct == "" || resAcct == p.Account() {
			return refResult{decision: eval.Allow, stage: eval.StageRoot}
		}
	}
	if p.Kind() != arn.KindRoot && !w.serviceLinked {
		for i, level := range w.control {
			v := refEvalSet(level, r)
			switch v.decision() {
			case eval.ExplicitDeny:
				return refResult{eval.ExplicitDeny, eval.StageControl, i, v.denies}
			case eval.ImplicitDeny:
				return refResult{eval.ImplicitDeny, eval.StageControl, i, nil}
			}
		}
	}
	if w.session != nil {
		v := refEvalSet(w.session, r)
		switch v.decision() {
		case eval.ExplicitDeny:
			return refResult{eval.ExplicitDeny, eval.StageSession, 0, v.denies}
		case eval.ImplicitDeny:
			return refResult{eval.ImplicitDeny, eval.StageSession, 0, nil}
		}
	}
	a, b := refEvalSet(w.identity, r), refEvalSet(w.resource, r)
	if a.decision() == eval.ExplicitDeny || b.decision() == eval.ExplicitDeny {
		return refResult{eval.ExplicitDeny, eval.StageIdentity, 0, append(a.denies, b.denies...)}
	}
	own := p.Account()
	crossAccount := own != "" && resAcct != "" && resAcct != own
	allowed := a.decision() == eval.Allow || b.decision() == eval.Allow
	if assumeRole || crossAccount {
		allowed = a.decision() == eval.Allow && b.decision() == eval.Allow
	}
	if allowed {
		return refResult{eval.Allow, eval.StageIdentity, 0, append(a.allows, b.allows...)}
	}
	if crossAccount && (a.decision() == eval.Allow || b.decision() == eval.Allow) {
		return refResult{eval.ImplicitDeny, eval.StageCrossAccount, 0, nil} // the rule denied what one side allowed
	}
	return refResult{eval.ImplicitDeny, eval.StageIdentity, 0, nil}
}

func resultString(r eval.Result) string {
	return summary(eval.Result{Decision: r.Decision, Stage: r.Stage, Level: r.Level}) + " " + strings.Join(sidsOf(r), ",")
}

// TestPropertyReferenceModel: Evaluator.Evaluate, and PolicySet.Evaluate on every set,
// agree with the reference on decision, stage, level and deciding statements.
func TestPropertyReferenceModel(t *testing.T) {
	t.Parallel()
	rapid.Check(t, func(t *rapid.T) {
		w := worldGen.Draw(t, "world")
		r := refRequestGen.Draw(t, "request")
		ev, res := w.compile(t)
		got, want := resultString(ev.Evaluate(r.req, res)), refDecide(w, r).String()
		if got != want {
			t.Fatalf("Evaluate: %s\nreference: %s\n%s", got, want, ev.Explain(r.req, res))
		}
		for _, s := range w.sets() {
			v := refEvalSet(*s, r)
			by := v.allows
			if v.decision() == eval.ExplicitDeny {
				by = v.denies
			} else if v.decision() == eval.ImplicitDeny {
				by = nil
			}
			slices.Sort(by)
			got := compileSet(t, *s).Evaluate(r.req)
			if got.Decision != v.decision() || !slices.Equal(sidsOf(got), by) {
				t.Fatalf("PolicySet.Evaluate: %s; reference %v by %v", resultString(got), v.decision(), by)
			}
		}
	})
}

// TestGeneratorsAreNotVacuous: the generated worlds and requests reach every decision and
// stage, and conditions both hold and fail, often enough for the properties to mean
// something.
func TestGeneratorsAreNotVacuous(t *testing.T) {
	t.Parallel()
	decisions, stages := map[eval.Decision]int{}, map[eval.Stage]int{}
	holds := map[bool]int{}
	const n = 1000
	for i := range n {
		w := worldGen.Example(i)
		r := refRequestGen.Example(i)
		ev, res := w.compile(t)
		x := ev.Explain(r.req, res)
		decisions[x.Result.Decision]++
		stages[x.Result.Stage]++
		for _, s := range x.Stages {
			for _, st := range s.Statements {
				if st.Action && st.Resource {
					for _, c := range st.Conditions {
						holds[c.Holds]++
					}
				}
			}
		}
	}
	t.Logf("decisions %v, stages %v, conditions of matching statements held %d, failed %d", decisions, stages, holds[true], holds[false])
	for _, d := range []eval.Decision{eval.Allow, eval.ExplicitDeny, eval.ImplicitDeny} {
		if decisions[d] < n/20 {
			t.Errorf("%v in %d of %d cases", d, decisions[d], n)
		}
	}
	for _, s := range []eval.Stage{eval.StageRoot, eval.StageControl, eval.StageSession, eval.StageIdentity, eval.StageCrossAccount} {
		least := n / 50
		if s == eval.StageCrossAccount {
			least = n / 100 // needs a principal, another account and exactly one side allowing
		}
		if stages[s] < least {
			t.Errorf("stage %v in %d of %d cases", s, stages[s], n)
		}
	}
	if holds[true] < n/5 || holds[false] < n/5 {
		t.Errorf("conditions held %d times and failed %d times", holds[true], holds[false])
	}
}
