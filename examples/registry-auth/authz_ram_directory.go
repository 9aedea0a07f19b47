package main

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/rampolicy/ram/eval"
	"github.com/rampolicy/ram/eval/world"
	"github.com/rampolicy/ram/policy"
)

// directoryAccounts translates the configuration's accounts into the
// library's. Each account policy is parsed once, as an identity policy, and
// the one *policy.Document is shared by every user, group and role it is
// attached to, so the directory compiles it once. Trust policies are
// parsed as trust policies and named "ROLE-trust". All parse errors are
// reported together.
func directoryAccounts(cfg *Config) ([]world.Account, error) {
	var errs []error
	out := make([]world.Account, 0, len(cfg.Accounts))
	for i, a := range cfg.Accounts {
		where := fmt.Sprintf("accounts[%d] (%s)", i, a.ID)
		docs := map[string]*policy.Document{}
		for _, name := range slices.Sorted(maps.Keys(a.Policies)) {
			doc, err := policy.Parse(a.Policies[name], policy.IdentityPolicy)
			if err != nil {
				errs = append(errs, &policyError{Where: where + ".policies." + name, Err: err})
				continue
			}
			docs[name] = doc
		}
		attach := func(names []string) []eval.Policy {
			ps := make([]eval.Policy, 0, len(names))
			for _, n := range names {
				if doc := docs[n]; doc != nil { // unknown names were rejected by LoadConfig
					ps = append(ps, eval.Policy{Name: n, Doc: doc})
				}
			}
			return ps
		}
		acct := world.Account{ID: string(a.ID)}
		for _, g := range a.Groups {
			acct.Groups = append(acct.Groups, world.Group{Name: g.Name, Policies: attach(g.Policies)})
		}
		for _, u := range a.Users {
			acct.Users = append(acct.Users, world.User{Name: u.Name, Policies: attach(u.Policies), Groups: u.Groups})
		}
		for j, r := range a.Roles {
			trust, err := policy.Parse(r.TrustPolicy, policy.TrustPolicy)
			if err != nil {
				errs = append(errs, &policyError{Where: fmt.Sprintf("%s.roles[%d] (%s).trust_policy", where, j, r.Name), Err: err})
				continue
			}
			acct.Roles = append(acct.Roles, world.Role{
				Name:               r.Name,
				Trust:              eval.Policy{Name: r.Name + "-trust", Doc: trust},
				Policies:           attach(r.Policies),
				MaxSessionDuration: int(time.Duration(r.MaxSessionDuration) / time.Second),
			})
		}
		out = append(out, acct)
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return out, nil
}

// policyError is a policy of the configuration that does not parse. Its
// message lists every problem by JSON Pointer, without the parser's line
// and column: those count in the JSON text the parser saw, which for a
// YAML configuration is not the file's text.
type policyError struct {
	Where string // e.g. "accounts[0] (1111111111111111).policies.DenyProdWrite"
	Err   error  // a policy.ErrorList
}

// Error renders one line per problem.
func (e *policyError) Error() string {
	var list policy.ErrorList
	if !errors.As(e.Err, &list) || len(list) == 0 {
		return e.Where + ": " + e.Err.Error()
	}
	lines := make([]string, len(list))
	for i, pe := range list {
		at := pe.Pointer
		if at == "" {
			at = "/"
		}
		lines[i] = fmt.Sprintf("%s: %s: %s (%s)", e.Where, at, pe.Msg, policy.Code(pe))
	}
	return strings.Join(lines, "\n")
}

// Unwrap returns the parser's error list.
func (e *policyError) Unwrap() error { return e.Err }
