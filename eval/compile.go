package eval

import (
	"fmt"
	"strings"

	"github.com/rampolicy/ram/internal/wildcard"
	"github.com/rampolicy/ram/policy"
)

// Policy is a named policy document to compile.
type Policy struct {
	Name string
	Doc  *policy.Document
}

// statement is one compiled statement.
type statement struct {
	ref       StatementRef
	effect    policy.Effect
	notAction bool
	actions   []wildcard.Pattern // ASCII case-insensitive
	anyRes    bool               // Resource absent or holding "*"
	nres      int32              // resources[:nres] are the Resource patterns
	// resources holds the Resource patterns, then, for those that can match a ram
	// resource, the same patterns folding ASCII case (see entitycase.go): one slice, so
	// that a statement stays as small as the decision path wants it.
	resources []wildcard.Pattern
	principal *principalMatcher // trust and resource policies only
	conds     []condition
	src       *policy.Statement // where it came from: Union tells policies apart by it
}

// patternSlab is the room for every pattern of a set, so that compiling a statement
// does not allocate its pattern lists one by one (see countPatterns).
type patternSlab []wildcard.Pattern

// take returns an empty list with room for n patterns, carved from the slab and capped
// at n, so that appending past it copies rather than writes over the next list; nil for
// n == 0, as appending nothing gave.
func (ps *patternSlab) take(n int) []wildcard.Pattern {
	if n == 0 {
		return nil
	}
	if n > cap(*ps)-len(*ps) {
		*ps = make([]wildcard.Pattern, 0, n) // not counted (a Document changed meanwhile)
	}
	i := len(*ps)
	*ps = (*ps)[:i+n]
	return (*ps)[i : i : i+n]
}

// countPatterns counts the patterns compileStatement makes of s: one per action and per
// resource, and one more per resource that can match a ram resource (appendRAMPatterns),
// unless some resource is '*' and none is made.
func countPatterns(s *policy.Statement) int {
	return len(s.Actions) + countResourcePatterns(s.Resources)
}

func countResourcePatterns(resources []string) int {
	n := len(resources)
	for _, r := range resources {
		if r != "" && strings.Trim(r, "*") == "" {
			return len(resources) // '*' matches any resource: no ram patterns are made
		}
	}
	for _, r := range resources {
		if i := strings.IndexAny(r, "*?"); i >= 0 {
			r = r[:i]
		}
		if foldExtends(r, "acs:ram:") {
			n++
		}
	}
	return n
}

func compileStatement(name string, idx int, s *policy.Statement, slab *patternSlab) (statement, error) {
	cs := statement{
		ref:       StatementRef{Policy: name, Statement: idx, Sid: s.Sid, Line: s.Pos.Line, Column: s.Pos.Column},
		effect:    s.Effect,
		notAction: s.NotAction,
		src:       s,
	}
	cs.actions = slab.take(len(s.Actions))
	for _, a := range s.Actions {
		cs.actions = append(cs.actions, wildcard.Compile(a, true))
	}
	cs.anyRes = s.Resources == nil
	cs.resources = slab.take(countResourcePatterns(s.Resources))
	for _, r := range s.Resources {
		p := wildcard.Compile(r, false)
		if p.IsAny() {
			cs.anyRes = true
		}
		cs.resources = append(cs.resources, p)
	}
	cs.nres = int32(len(cs.resources))
	if !cs.anyRes {
		cs.resources = appendRAMPatterns(cs.resources)
	}
	if s.Principal != nil {
		pm, err := compilePrincipal(s.Principal)
		if err != nil {
			return cs, err
		}
		cs.principal = pm
	}
	for _, c := range s.Conditions {
		cc, err := compileCondition(c)
		if err != nil {
			return cs, err
		}
		cs.conds = append(cs.conds, cc)
	}
	return cs, nil
}

// Compile compiles named policies into an immutable PolicySet. Every wildcard pattern and
// condition value is compiled once, here; names must be unique and non-empty. Documents
// from policy.Parse always compile; a Document built in code is checked as far as
// evaluation needs.
func Compile(policies ...Policy) (*PolicySet, error) {
	n, npat := 0, 0
	for _, p := range policies {
		if p.Doc != nil {
			n += len(p.Doc.Statements)
			for i := range p.Doc.Statements {
				npat += countPatterns(&p.Doc.Statements[i])
			}
		}
	}
	ps := &PolicySet{names: make([]string, 0, len(policies)), stmts: make([]statement, 0, n)}
	slab := make(patternSlab, 0, npat)
	seen := map[string]bool{}
	for _, p := range policies {
		if p.Name == "" || p.Doc == nil {
			return nil, fmt.Errorf("%w: a policy needs a name and a document", ErrCompile)
		}
		if seen[p.Name] {
			return nil, fmt.Errorf("%w: two policies named %q", ErrCompile, p.Name)
		}
		seen[p.Name] = true
		// The rules Parse applies, for a Document however it was made (built in code,
		// unmarshalled, parsed and then edited): one implementation, in package policy.
		if err := p.Doc.Validate(); err != nil {
			return nil, fmt.Errorf("%w %q: %w", ErrCompile, p.Name, err)
		}
		ps.names = append(ps.names, p.Name)
		for i := range p.Doc.Statements {
			s, err := compileStatement(p.Name, i, &p.Doc.Statements[i], &slab)
			if err != nil {
				return nil, fmt.Errorf("%w %q statement %d: %w", ErrCompile, p.Name, i, err)
			}
			ps.stmts = append(ps.stmts, s)
		}
	}
	ps.buildIndex()
	return ps, nil
}

// MustCompile is like Compile but panics on an error; for tests and examples.
func MustCompile(policies ...Policy) *PolicySet {
	ps, err := Compile(policies...)
	if err != nil {
		panic(err)
	}
	return ps
}
