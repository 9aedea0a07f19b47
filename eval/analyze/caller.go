package analyze

import (
	"fmt"
	"sort"
	"strings"

	"github.com/rampolicy/ram/arn"
	"github.com/rampolicy/ram/eval"
	"github.com/rampolicy/ram/policy"
)

// The caller dimension of trust and resource policies: RAM identities as the language of
// their ARNs, services acting for accounts, federated identity providers.

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
		if c.Op.Family() == policy.FamilyString {
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
	cells, err := explore(pats, principalValid{}, langLimits{maxBytes: arn.MaxLength, maxStates: lim.MaxStates, budget: lim.budget})
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
