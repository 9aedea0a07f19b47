package analyze

import (
	"fmt"
	"sort"
	"strings"

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

func buildModel(kind policy.Kind, old, new []eval.Policy, q query, lim Options) (*model, error) {
	return buildStaged(kind, [2][][]eval.Policy{{old}, {new}}, q, lim)
}

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
		i := ps.add(strings.ToLower(a))
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
	cells, err := explore(pats, actionValid{}, langLimits{maxBytes: eval.MaxActionLength, maxStates: lim.MaxStates})
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

func (m *model) resourceDim(q query, lim Options) error {
	d := dim{name: "resource"}
	var idx [][]string // each atom's patterns
	for i, s := range m.stmts {
		if s.src.Resources == nil {
			continue
		}
		d.atoms = append(d.atoms, i)
		idx = append(idx, s.src.Resources)
	}
	for _, r := range q.resources {
		if r == "" {
			return fmt.Errorf("%w: an empty resource pattern", ErrInput)
		}
	}
	// Resource patterns usually start with a service and a star ("acs:oss:*:..."), and a
	// star crosses ':' and '/': strings matching any subset of them exist, so the cells of
	// all of a set's patterns together can be exponentially many. Only the statements
	// still alive once the action is chosen matter, so the cells are explored per set of
	// live statements, and cached.
	cache := map[string][]dimOption{}
	d.lazy = func(live []int) ([]dimOption, error) {
		var ps patterns
		lidx := make([][]int, len(live))
		for j, a := range live {
			for _, r := range idx[a] {
				lidx[j] = append(lidx[j], ps.add(r))
			}
		}
		var qidx []int
		for _, r := range q.resources {
			qidx = append(qidx, ps.add(r))
		}
		key := strings.Join(ps.src, "\x00") + "\x01" + fmt.Sprint(live)
		if opts, ok := cache[key]; ok {
			return opts, nil
		}
		cells, err := resourceCells(ps.src, q.caller.Account(), lim)
		if err != nil {
			return nil, err
		}
		text := resourceText(ps.src, q.caller.Account())
		var opts []dimOption
		seen := map[string]bool{}
		for _, c := range cells {
			if q.resources != nil && !anyBit(c.bits, qidx) {
				continue
			}
			bits := newBitset(len(d.atoms))
			for j, a := range live {
				if anyBit(c.bits, lidx[j]) {
					bits.set(a)
				}
			}
			if k := string(bits.key()); !seen[k] {
				seen[k] = true
				opts = append(opts, dimOption{bits: bits, cell: c.bits, text: text, resource: c.witness})
			}
		}
		if len(cache) < 4096 {
			cache[key] = opts
		}
		return opts, nil
	}
	m.dims = append(m.dims, d)
	return nil
}

// resourceCells explores the resource patterns: twice when acs:ram: resources fold case
// (once for them, with the patterns folded, once for the others).
func resourceCells(src []string, account string, lim Options) ([]cell, error) {
	var cells []cell
	for _, ram := range []bool{false, true} {
		if ram && !folds().ramResources {
			break // the evaluator matches every resource case-sensitively: one exploration
		}
		f := foldNone
		if ram {
			f = foldASCII // semantics.md: acs:ram: resources match ASCII-case-insensitively
		}
		pats := make([]pat, len(src))
		for i, s := range src {
			p, err := wildcardPat(s, f)
			if err != nil {
				return nil, err
			}
			pats[i] = p
		}
		v := validity(resourceValid{ram: ram})
		if !folds().ramResources {
			v = anyString{nonEmpty: true}
		}
		if account != "" {
			v = both{v, sameAccount{account: account}}
		}
		cs, err := explore(pats, v, langLimits{maxBytes: eval.MaxResourceLength, maxStates: lim.MaxStates})
		if err != nil {
			return nil, fmt.Errorf("resources: %w", err)
		}
		cells = append(cells, cs...)
	}
	return cells, nil
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

// Caller is the principal of a request to a trust or resource policy: a RAM identity
// (ARN), a service acting for an account, or a federated identity provider.
type Caller struct {
	ARN       arn.ARN `json:"arn,omitzero"` // a root, user or role (any session of it)
	Service   string  `json:"service,omitempty"`
	Account   string  `json:"account,omitempty"` // the account the service acts for
	Owner     string  `json:"owner,omitempty"`   // the role's or resource's account (service callers)
	Federated string  `json:"federated,omitempty"`
}

// String describes the caller.
func (c *Caller) String() string {
	switch {
	case c == nil:
		return "(none)"
	case c.Service != "":
		return fmt.Sprintf("service %s acting for account %s (owner account %s)", c.Service, c.Account, c.Owner)
	case c.Federated != "":
		return "federated identity of " + c.Federated
	}
	return c.ARN.String()
}

// admitsRAM is the RAM part of a Principal element for a RAM caller (semantics.md).
func admitsRAM(values []string, caller arn.ARN) bool {
	for _, v := range values {
		if v == "*" {
			return true
		}
		a, err := arn.Parse(v)
		if err != nil || a.Account() == "" {
			continue
		}
		if a.Account() != caller.Account() {
			continue
		}
		switch a.Kind() {
		case arn.KindRoot:
			return true
		case arn.KindUser:
			if caller.Kind() == arn.KindUser && strings.EqualFold(a.Name(), caller.Name()) {
				return true
			}
		case arn.KindRole:
			if (caller.Kind() == arn.KindRole || caller.Kind() == arn.KindRoleSession) && strings.EqualFold(a.Name(), caller.Name()) {
				return true
			}
		}
	}
	return false
}

// ramPrincipalPat is the language of caller ARNs a RAM principal value admits.
func ramPrincipalPat(v string) (pat, error) {
	if v == "*" {
		return pat{{star: true}}, nil
	}
	a, err := arn.Parse(v)
	if err != nil {
		return nil, fmt.Errorf("%w: RAM principal %q: %v", ErrInput, v, err)
	}
	head, err := literalPat("acs:ram::"+a.Account()+":", foldNone)
	if err != nil {
		return nil, err
	}
	switch a.Kind() {
	case arn.KindRoot:
		return append(head, token{star: true}), nil
	case arn.KindUser, arn.KindRole:
		typ, _, _ := strings.Cut(a.Resource(), "/")
		t, _ := literalPat(typ+"/", foldNone)
		n, err := literalPat(a.Name(), foldUnicode)
		if err != nil {
			return nil, err
		}
		return append(append(head, t...), n...), nil
	}
	return nil, fmt.Errorf("%w: RAM principal %q is not *, a root, a user or a role", ErrInput, v)
}

func (m *model) principalDim(q query, lim Options) error {
	by, _, err := m.conds()
	if err != nil {
		return err
	}
	pconds := by[principalARNKey]
	d := dim{name: "caller"}
	var pstmts []int // statements, in atom order
	for i := range m.stmts {
		d.atoms = append(d.atoms, i)
		pstmts = append(pstmts, i)
	}
	for _, c := range pconds {
		d.atoms = append(d.atoms, c.stmt)
	}
	var pats []pat
	for _, i := range pstmts {
		for _, v := range m.stmts[i].src.Principal.RAM {
			p, err := ramPrincipalPat(v)
			if err != nil {
				return err
			}
			pats = append(pats, p)
		}
	}
	for _, c := range pconds {
		if c.op.Family() == policy.FamilyString {
			ps, err := c.stringPats()
			if err != nil {
				return err
			}
			pats = append(pats, ps...)
		}
	}
	for _, a := range q.accounts {
		p, _ := literalPat("acs:ram::"+a+":", foldNone)
		pats = append(pats, append(p, token{star: true}))
	}
	cells, err := explore(pats, principalValid{}, langLimits{maxBytes: arn.MaxLength, maxStates: lim.MaxStates})
	if err != nil {
		return fmt.Errorf("principals: %w", err)
	}
	internal := func(acct string) bool {
		for _, a := range q.accounts {
			if a == acct {
				return true
			}
		}
		return false
	}
	seen := map[string]bool{}
	mk := func(admit func(p *policy.Principal) bool, pval []string) bitset {
		bits := newBitset(len(d.atoms))
		for a, i := range pstmts {
			if admit(m.stmts[i].src.Principal) {
				bits.set(a)
			}
		}
		h := holdsFor(pconds, pval)
		for j := range pconds {
			if h.has(j) {
				bits.set(len(pstmts) + j)
			}
		}
		return bits
	}
	// Readable callers: a principal the policies name, when it lands in the same cell.
	var named []string
	for _, i := range pstmts {
		for _, v := range m.stmts[i].src.Principal.RAM {
			if v != "*" {
				named = append(named, v)
			}
		}
	}
	validARN := runsValid(principalValid{}, arn.MaxLength)
	for ci := range cells {
		c := &cells[ci]
		for _, v := range named {
			if !validARN(v) {
				continue
			}
			b := newBitset(len(pats))
			for i, p := range pats {
				if p.matches(v) {
					b.set(i)
				}
			}
			if string(b.key()) == string(c.bits.key()) {
				c.witness = v
				break
			}
		}
	}
	for _, c := range cells {
		caller, err := arn.Parse(c.witness)
		if err != nil || !caller.IsPrincipal() {
			return fmt.Errorf("%w: the caller %q the analysis built is not a principal ARN", ErrUndecided, c.witness)
		}
		if q.external && internal(caller.Account()) {
			continue
		}
		bits := mk(func(p *policy.Principal) bool { return admitsRAM(p.RAM, caller) }, []string{c.witness})
		d.addOption(dimOption{bits: bits, caller: &Caller{ARN: caller}}, seen)
	}

	// Services and federated providers: the names the policies use and one they do not;
	// for services, every account they name (and the owner) and two they do not.
	accts := map[string]bool{}
	svcs := map[string]bool{}
	feds := map[string]bool{}
	for _, i := range pstmts {
		p := m.stmts[i].src.Principal
		for _, v := range p.RAM {
			if a, err := arn.Parse(v); err == nil && a.Account() != "" {
				accts[a.Account()] = true
			}
		}
		for _, v := range p.Service {
			if uid, svc, ok := strings.Cut(v, "@"); ok {
				accts[uid] = true
				svcs[svc] = true
			} else {
				svcs[v] = true
			}
		}
		for _, v := range p.Federated {
			feds[v] = true
		}
	}
	for _, a := range q.accounts {
		accts[a] = true
	}
	if lim.Owner != "" {
		accts[lim.Owner] = true
	}
	namedAccts := sorted(accts)
	fresh1, fresh2 := freshAccount(accts, 1), freshAccount(accts, 2)
	owners := append(append([]string(nil), namedAccts...), fresh1)
	if lim.Owner != "" {
		owners = []string{lim.Owner}
	}
	actors := append(append([]string(nil), namedAccts...), fresh1, fresh2)
	svcs[freshName(svcs, "analyze-unnamed.aliyuncs.com")] = true
	for _, o := range owners {
		for _, s := range sorted(svcs) {
			for _, a := range actors {
				if q.external && internal(a) {
					continue
				}
				bits := mk(func(p *policy.Principal) bool { return admitsService(p.Service, s, a, o) }, nil)
				d.addOption(dimOption{bits: bits, caller: &Caller{Service: s, Account: a, Owner: o}}, seen)
			}
		}
	}
	feds[freshName(feds, "acs:ram::"+fresh1+":saml-provider/analyze-unnamed")] = true
	for _, f := range sorted(feds) {
		if p, err := arn.Parse(f); err != nil || !eval.IsProvider(p) {
			continue // no request has this provider: it admits no one
		}
		bits := mk(func(p *policy.Principal) bool { return contains(p.Federated, f) }, nil)
		d.addOption(dimOption{bits: bits, caller: &Caller{Federated: f}}, seen)
	}
	m.dims = append(m.dims, d)
	return nil
}

// admitsService: SERVICE admits the service acting for the owner's account, UID@SERVICE
// the service acting for UID (semantics.md, "Trust policies and role assumption").
func admitsService(values []string, svc, acct, owner string) bool {
	for _, v := range values {
		if uid, s, ok := strings.Cut(v, "@"); ok {
			if s == svc && uid == acct {
				return true
			}
		} else if v == svc && acct == owner {
			return true
		}
	}
	return false
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

func sorted(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func freshAccount(used map[string]bool, n int) string {
	for i := 0; ; i++ {
		a := fmt.Sprintf("99999999999%d%d", n, i)
		if !used[a] {
			used[a] = true
			return a
		}
	}
}

func freshName(used map[string]bool, base string) string {
	for i := 0; ; i++ {
		s := base
		if i > 0 {
			s = fmt.Sprintf("%s-%d", base, i)
		}
		if !used[s] {
			return s
		}
	}
}

// principalARNOf is acs:PrincipalARN for a caller: a role session's role, else itself.
func principalARNOf(p arn.ARN) string {
	if r := p.Role(); r.IsValid() {
		return r.String()
	}
	return p.String()
}
