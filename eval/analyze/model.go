package analyze

import (
	"fmt"

	"github.com/rampolicy/ram/arn"
	"github.com/rampolicy/ram/eval"
	"github.com/rampolicy/ram/internal/syntax"
	"github.com/rampolicy/ram/policy"
)

// side tells the two sets of a comparison apart.
type side uint8

const (
	sideOld side = iota
	sideNew
)

// stmt is one statement of either set.
type stmt struct {
	side   side
	stage  int // which stage of its side (see search.groups)
	allow  bool
	src    *policy.Statement
	policy string
	index  int
}

// A dim is one dimension of the request (its action, its resource, its caller, one
// context key) cut into finitely many options. Each atom is one statement's test on the
// dimension (its Action element, one of its conditions...); an option says which atoms
// hold. Within an option every request behaves alike, so searching the options is
// searching every request.
type dim struct {
	name string
	// lazy, when set, computes the options for the atoms still alive (the others' bits
	// are left false): a field explored against only the patterns that still matter.
	lazy  func(live []int) ([]dimOption, error)
	atoms []int // the statement of each atom
	opts  []dimOption
}

type dimOption struct {
	bits     bitset    // over the dim's atoms
	cell     bitset    // over the field's patterns (action and resource)
	text     *cellText // the field's patterns, for readable witnesses
	action   string
	resource string
	caller   *Caller
	key      string
	vals     []string
	absent   bool
}

// model is the finite abstraction of two sets.
type model struct {
	kind   policy.Kind
	stages [2]int // stages per side
	stmts  []stmt
	dims   []dim
}

// query narrows the requests searched (AccessNotGranted, NoExternalAccess).
type query struct {
	actions, resources []string
	external           bool
	accounts           []string
	// For one principal's requests: its ARN (acs:PrincipalARN is derived from it), the
	// account its resources must be in (the cross-account rule needs a resource policy,
	// which a principal's own access does not have), and actions left out (sts:AssumeRole,
	// decided by trust policies).
	caller     arn.ARN
	notActions []string
}

func hasPrincipal(k policy.Kind) bool { return k == policy.TrustPolicy || k == policy.ResourcePolicy }

// buildStaged builds the model of two sides, each a list of stages (policy sets that
// must each allow).
func buildStaged(kind policy.Kind, sides [2][][]eval.Policy, q query, lim Options) (*model, error) {
	m := &model{kind: kind, stages: [2]int{len(sides[0]), len(sides[1])}}
	for si, stages := range sides {
		for g, set := range stages {
			for _, p := range set {
				for i := range p.Doc.Statements {
					s := &p.Doc.Statements[i]
					if (s.Principal != nil) != hasPrincipal(kind) {
						return nil, fmt.Errorf("%w: policy %q statement %d: a %s policy statement %s a Principal",
							ErrInput, p.Name, i, kind, map[bool]string{true: "needs", false: "has no place for"}[hasPrincipal(kind)])
					}
					m.stmts = append(m.stmts, stmt{side: side(si), stage: g, allow: s.Effect == policy.EffectAllow, src: s, policy: p.Name, index: i})
				}
			}
		}
	}
	steps := []func(query, Options) error{m.actionDim, m.resourceDim}
	if hasPrincipal(kind) {
		steps = append(steps, m.principalDim)
	}
	steps = append(steps, m.keyDims)
	for _, step := range steps {
		if err := step(q, lim); err != nil {
			return nil, err
		}
	}
	return m, nil
}

// patterns interns pattern sources: statements share their patterns' indices.
type patterns struct {
	index map[string]int
	src   []string
}

func (p *patterns) add(s string) int {
	if p.index == nil {
		p.index = map[string]int{}
	}
	if i, ok := p.index[s]; ok {
		return i
	}
	p.index[s] = len(p.src)
	p.src = append(p.src, s)
	return len(p.src) - 1
}

func anyBit(b bitset, idx []int) bool {
	for _, i := range idx {
		if b.has(i) {
			return true
		}
	}
	return false
}

// addOption appends o unless an option with the same bits is there.
func (d *dim) addOption(o dimOption, seen map[string]bool) {
	k := string(o.bits.key())
	if !seen[k] {
		seen[k] = true
		d.opts = append(d.opts, o)
	}
}

func (m *model) actionDim(q query, lim Options) error {
	var ps patterns
	var spelled []string // each pattern as first written, for readable witnesses
	intern := func(a string) int {
		i := ps.add(lowerASCII(a))
		if i == len(spelled) {
			spelled = append(spelled, a)
		}
		return i
	}
	idx := make([][]int, len(m.stmts))
	for i, s := range m.stmts {
		for _, a := range s.src.Actions {
			idx[i] = append(idx[i], intern(a))
		}
	}
	var qidx, nidx []int
	for _, a := range q.actions {
		if msg := syntax.ActionProblem(a); msg != "" {
			return fmt.Errorf("%w: action %q: %s", ErrInput, a, msg)
		}
		qidx = append(qidx, intern(a))
	}
	for _, a := range q.notActions {
		nidx = append(nidx, intern(a))
	}
	pats := make([]pat, len(ps.src))
	for i, s := range ps.src {
		// Lower-cased patterns without folding: an upper-case letter in a request acts
		// as its lower-case form in every pattern and in the validity automaton alike.
		p, err := wildcardPat(s, foldNone)
		if err != nil {
			return err
		}
		pats[i] = p
	}
	cells, err := explore(pats, actionValid{}, langLimits{maxBytes: eval.MaxActionLength, maxStates: lim.MaxStates, budget: lim.budget})
	if err != nil {
		return fmt.Errorf("actions: %w", err)
	}
	d := dim{name: "action"}
	text := actionText(spelled)
	for i := range m.stmts {
		d.atoms = append(d.atoms, i)
	}
	seen := map[string]bool{}
	for _, c := range cells {
		if q.actions != nil && !anyBit(c.bits, qidx) || anyBit(c.bits, nidx) {
			continue
		}
		bits := newBitset(len(d.atoms))
		for i, s := range m.stmts {
			if anyBit(c.bits, idx[i]) != s.src.NotAction {
				bits.set(i)
			}
		}
		d.addOption(dimOption{bits: bits, cell: c.bits, text: text, action: c.witness}, seen)
	}
	m.dims = append(m.dims, d)
	return nil
}

// conds returns the conditions of every statement, grouped by lower-cased key, keys in
// order of first appearance.
func (m *model) conds() (map[string][]*cond, []string, error) {
	by := map[string][]*cond{}
	var keys []string
	for i, s := range m.stmts {
		for _, c := range s.src.Conditions {
			cc, err := newCond(i, c)
			if err != nil {
				return nil, nil, fmt.Errorf("policy %q statement %d: %w", s.policy, s.index, err)
			}
			if _, ok := by[cc.key]; !ok {
				keys = append(keys, cc.key)
			}
			by[cc.key] = append(by[cc.key], cc)
		}
	}
	return by, keys, nil
}

func (m *model) keyDims(q query, lim Options) error {
	by, keys, err := m.conds()
	if err != nil {
		return err
	}
	for _, k := range keys {
		if k == principalARNKey && hasPrincipal(m.kind) {
			continue // derived from the caller: the principal dimension decides it
		}
		conds := by[k]
		if k == principalARNKey && q.caller.IsValid() {
			// Derived from the one caller: a single option.
			d := dim{name: "context key " + conds[0].name}
			for _, c := range conds {
				d.atoms = append(d.atoms, c.stmt)
			}
			d.opts = []dimOption{{bits: holdsFor(conds, []string{principalARNOf(q.caller)}), absent: true}}
			m.dims = append(m.dims, d)
			continue
		}
		reps, err := valueReps(conds, lim)
		if err != nil {
			return err
		}
		kopts, err := keyOptions(conds, reps, lim)
		if err != nil {
			return err
		}
		d := dim{name: "context key " + conds[0].name}
		for _, c := range conds {
			d.atoms = append(d.atoms, c.stmt)
		}
		for _, o := range kopts {
			d.opts = append(d.opts, dimOption{bits: o.holds, key: conds[0].name, vals: o.vals, absent: o.absent})
		}
		m.dims = append(m.dims, d)
	}
	return nil
}

// principalARNOf is acs:PrincipalARN for a caller: a role session's role, else itself.
func principalARNOf(p arn.ARN) string {
	if r := p.Role(); r.IsValid() {
		return r.String()
	}
	return p.String()
}

// lowerASCII lower-cases ASCII letters only: actions fold ASCII case, nothing else.
func lowerASCII(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}
