package main

import (
	"encoding/json"
	"fmt"
	"os"
	"sort"

	"github.com/rampolicy/ram/eval"
	"github.com/rampolicy/ram/eval/world"
	"github.com/rampolicy/ram/policy"
)

// loadAccounts reads the directory of a world file (a decision table's policies and
// directory, see world.LoadFile) as world.New takes it, for analyze.CompareWorlds.
// world.LoadFile reads the file strictly and parses its policies; the directory's shape
// (which names where) is read here, since a World does not give it back.
func loadAccounts(path string) ([]world.Account, error) {
	_, pols, err := world.LoadOptions{AllowCases: true}.LoadFile(path)
	if err != nil {
		return nil, err
	}
	text, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var t struct {
		Directory *struct {
			Accounts map[string]struct {
				Users map[string]struct {
					Policies []string `json:"policies"`
					Groups   []string `json:"groups"`
				} `json:"users"`
				Groups map[string]struct {
					Policies []string `json:"policies"`
				} `json:"groups"`
				Roles map[string]struct {
					Trust              string   `json:"trust"`
					Policies           []string `json:"policies"`
					MaxSessionDuration int      `json:"maxSessionDuration"`
					ServiceLinked      bool     `json:"serviceLinked"`
				} `json:"roles"`
				ControlPolicies [][]string `json:"controlPolicies"`
			} `json:"accounts"`
		} `json:"directory"`
	}
	if err := json.Unmarshal(text, &t); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if t.Directory == nil {
		return nil, fmt.Errorf("%s: no directory", path)
	}
	get := func(name string, kind policy.Kind) (eval.Policy, error) { return pols.Policy(name, kind) }
	list := func(names []string, kind policy.Kind) ([]eval.Policy, error) {
		var out []eval.Policy
		for _, n := range names {
			p, err := get(n, kind)
			if err != nil {
				return nil, err
			}
			out = append(out, p)
		}
		return out, nil
	}
	var accounts []world.Account
	for _, id := range sortedKeys(t.Directory.Accounts) {
		a := t.Directory.Accounts[id]
		acct := world.Account{ID: id}
		for _, level := range a.ControlPolicies {
			ps, err := list(level, policy.ControlPolicy)
			if err != nil {
				return nil, err
			}
			acct.Control = append(acct.Control, ps)
		}
		for _, name := range sortedKeys(a.Groups) {
			ps, err := list(a.Groups[name].Policies, policy.IdentityPolicy)
			if err != nil {
				return nil, err
			}
			acct.Groups = append(acct.Groups, world.Group{Name: name, Policies: ps})
		}
		for _, name := range sortedKeys(a.Users) {
			u := a.Users[name]
			ps, err := list(u.Policies, policy.IdentityPolicy)
			if err != nil {
				return nil, err
			}
			acct.Users = append(acct.Users, world.User{Name: name, Policies: ps, Groups: u.Groups})
		}
		for _, name := range sortedKeys(a.Roles) {
			r := a.Roles[name]
			ps, err := list(r.Policies, policy.IdentityPolicy)
			if err != nil {
				return nil, err
			}
			role := world.Role{Name: name, Policies: ps, MaxSessionDuration: r.MaxSessionDuration, ServiceLinked: r.ServiceLinked}
			if r.Trust != "" {
				if role.Trust, err = get(r.Trust, policy.TrustPolicy); err != nil {
					return nil, err
				}
			}
			acct.Roles = append(acct.Roles, role)
		}
		accounts = append(accounts, acct)
	}
	return accounts, nil
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
