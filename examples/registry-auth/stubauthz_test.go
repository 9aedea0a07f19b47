package main

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"sync"
)

// fakeAuthorizer is a TEST-ONLY stand-in for the RAM binding. It does not
// evaluate RAM policies: it matches (principal ARN, action, resource)
// against glob rules, explicit denies first. It only proves the plumbing.
type fakeAuthorizer struct {
	rules []fakeRule

	mu   sync.Mutex
	last fakeCall
}

// fakeRule allows or denies Action on Resource for Principal. Patterns
// use "*" for any run of characters (including "/") and "?" for one, as in
// RAM. Ref names the rule in DecidedBy.
type fakeRule struct {
	Principal, Action, Resource string
	Deny                        bool
	Ref                         string
}

// fakeCall records one Authorize call for assertions.
type fakeCall struct {
	Principal *Principal
	Checks    []Check
	Context   RequestContext
}

// fakeSession is the Session value the fake attaches to role sessions.
type fakeSession struct{ RoleARN string }

// Authorize answers each check from the rules.
func (f *fakeAuthorizer) Authorize(_ context.Context, p *Principal, checks []Check, rc RequestContext) ([]Decision, error) {
	if p.Kind == KindRoleSession {
		if _, ok := p.Session.(fakeSession); !ok {
			return nil, fmt.Errorf("fake: role session %s has no fake session state", p.ARN)
		}
	}
	f.mu.Lock()
	f.last = fakeCall{p, checks, rc}
	f.mu.Unlock()
	out := make([]Decision, len(checks))
	for i, c := range checks {
		out[i] = f.decide(p.ARN, c)
	}
	return out, nil
}

// AssumeRole allows when a rule allows sts:AssumeRole on the role ARN.
func (f *fakeAuthorizer) AssumeRole(_ context.Context, caller *Principal, in AssumeRoleInput, _ RequestContext) (AssumeRoleResult, error) {
	d := f.decide(caller.ARN, Check{Action: "sts:AssumeRole", Resource: in.RoleARN})
	res := AssumeRoleResult{Decision: d}
	if d.Effect == Allow {
		res.Session = fakeSession{RoleARN: in.RoleARN}
	}
	return res, nil
}

// decide applies the rules: any matching deny wins, then any allow.
func (f *fakeAuthorizer) decide(principal string, c Check) Decision {
	d := Decision{Effect: ImplicitDeny}
	for i, r := range f.rules {
		if !glob(r.Principal, principal) || !glob(r.Action, c.Action) || !glob(r.Resource, c.Resource) {
			continue
		}
		ref := r.Ref
		if ref == "" {
			ref = fmt.Sprintf("fake#%d", i)
		}
		if r.Deny {
			return Decision{Effect: ExplicitDeny, DecidedBy: []string{ref}}
		}
		if d.Effect == ImplicitDeny {
			d = Decision{Effect: Allow, DecidedBy: []string{ref}}
		}
	}
	return d
}

// globCache holds compiled patterns (pattern -> *regexp.Regexp).
var globCache sync.Map

// glob matches s against a RAM-style wildcard pattern.
func glob(pattern, s string) bool {
	if re, ok := globCache.Load(pattern); ok {
		return re.(*regexp.Regexp).MatchString(s)
	}
	var re strings.Builder
	re.WriteString("^")
	for _, r := range pattern {
		switch r {
		case '*':
			re.WriteString(".*")
		case '?':
			re.WriteString(".")
		default:
			re.WriteString(regexp.QuoteMeta(string(r)))
		}
	}
	re.WriteString("$")
	compiled := regexp.MustCompile(re.String())
	globCache.Store(pattern, compiled)
	return compiled.MatchString(s)
}

// lastCall returns the most recent Authorize call.
func (f *fakeAuthorizer) lastCall() fakeCall {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.last
}
