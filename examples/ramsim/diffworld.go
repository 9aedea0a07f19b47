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

// loadAccounts reads the policies and directory of a decision table (the format of
// testdata/decisions, see decision-tables.md) as world.New takes them. Its cases are
// ignored.
func loadAccounts(path string) ([]world.Account, error) {
	text, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var t struct {
		Policies  map[string]json.RawMessage `json:"policies"`
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
	docs := map[string]*policy.Document{}
	get := func(name string, kind policy.Kind) (eval.Policy, error) {
		key := kind.String() + "\x00" + name
		if d, ok := docs[key]; ok {
			return eval.Policy{Name: name, Doc: d}, nil
		}
		raw, ok := t.Policies[name]
		if !ok {
			return eval.Policy{}, fmt.Errorf("%s: unknown policy %q", path, name)
		}
		body := []byte(raw)
		var s string
		if json.Unmarshal(raw, &s) == nil {
			body = []byte(s) // a document written as a string of its text
		}
		d, err := (policy.Options{Kind: kind, Filename: path + "#" + name}).Parse(body)
		if err != nil {
			return eval.Policy{}, err
		}
		docs[key] = d
		return eval.Policy{Name: name, Doc: d}, nil
	}
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
