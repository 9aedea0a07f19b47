package eval

import (
	"slices"
	"strings"

	"github.com/rampolicy/ram/arn"
	"github.com/rampolicy/ram/policy"
)

// principalMatcher is a compiled Principal element of a trust or resource policy.
type principalMatcher struct {
	anyRAM    bool
	accounts  []string               // acs:ram::UID:root
	users     []namedInAcct          // acs:ram::UID:user/NAME
	roles     []namedInAcct          // acs:ram::UID:role/NAME
	services  []arn.ServicePrincipal // SERVICE or UID@SERVICE
	federated []string
}

type namedInAcct struct{ account, name string }

func compilePrincipal(p *policy.Principal) (*principalMatcher, error) {
	// A copy: the set is immutable, and the caller may edit the Document afterwards.
	m := &principalMatcher{federated: slices.Clone(p.Federated)}
	for _, v := range p.Service {
		sp, err := arn.ParseServicePrincipal(v)
		if err != nil {
			return nil, errorf(policy.ErrInvalidPrincipal, "invalid Service principal %q", v)
		}
		m.services = append(m.services, sp)
	}
	for _, v := range p.RAM {
		if v == "*" {
			m.anyRAM = true
			continue
		}
		a, err := arn.Parse(v)
		if err != nil {
			return nil, errorf(policy.ErrInvalidPrincipal, "invalid RAM principal %q", v)
		}
		switch a.Kind() {
		case arn.KindRoot:
			m.accounts = append(m.accounts, a.Account())
		case arn.KindUser:
			m.users = append(m.users, namedInAcct{a.Account(), a.Name()})
		case arn.KindRole:
			m.roles = append(m.roles, namedInAcct{a.Account(), a.Name()})
		default:
			return nil, errorf(policy.ErrInvalidPrincipal, "invalid RAM principal %q", v)
		}
	}
	return m, nil
}

// admits reports whether a RAM caller is named: "*" admits every RAM identity;
// acs:ram::UID:root every identity of that account (its users, role sessions and the
// root itself); a user or role by account and name, names compared case-insensitively.
func (m *principalMatcher) admits(caller arn.ARN) bool {
	kind := caller.Kind()
	if kind == arn.KindOther || kind == arn.KindGroup {
		return false
	}
	if m.anyRAM {
		return true
	}
	acct := caller.Account()
	for _, a := range m.accounts {
		if a == acct {
			return true
		}
	}
	switch kind {
	case arn.KindUser:
		return namedIn(m.users, acct, caller.Name())
	case arn.KindRole, arn.KindRoleSession:
		return namedIn(m.roles, acct, caller.Name())
	}
	return false
}

func namedIn(list []namedInAcct, acct, name string) bool {
	for _, n := range list {
		if n.account == acct && strings.EqualFold(n.name, name) {
			return true
		}
	}
	return false
}

// admitsService reports whether a service caller (a service acting for an account) is
// named, for a request on a resource of account resAcct. SERVICE admits the service
// acting for the resource's own account, UID@SERVICE the service acting for UID. A
// resource without an account ("" or '*', or not an ARN) has no own account: SERVICE
// then admits nobody, since nothing proves the service acts for the resource's owner.
func (m *principalMatcher) admitsService(caller arn.ServicePrincipal, resAcct string) bool {
	for _, s := range m.services {
		if s.Service() != caller.Service() {
			continue
		}
		acct := s.Account()
		if acct == "" {
			acct = resAcct
		}
		if acct != "" && acct == caller.Account() {
			return true
		}
	}
	return false
}

// admitsFederated reports whether the identity provider ARN is named.
func (m *principalMatcher) admitsFederated(provider string) bool {
	for _, f := range m.federated {
		if f == provider {
			return true
		}
	}
	return false
}
