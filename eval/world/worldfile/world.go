package worldfile

import (
	"fmt"
	"sort"

	"github.com/rampolicy/ram/eval"
	"github.com/rampolicy/ram/eval/world"
	"github.com/rampolicy/ram/policy"
)

// World builds the world the file describes: every policy parsed strictly as the kind
// it is used as (identity for users, groups and roles, trust for a role's trust, control
// for control levels), then world.New. It is what loading the written file gives.
func (f *File) World(opts ...world.Option) (*world.World, error) {
	if f == nil {
		return nil, fmt.Errorf("worldfile: nil File")
	}
	docs := map[string]*policy.Document{} // by kind and name: one document per use
	get := func(name string, kind policy.Kind) (eval.Policy, error) {
		key := kind.String() + "\x00" + name
		if d, ok := docs[key]; ok {
			return eval.Policy{Name: name, Doc: d}, nil
		}
		text, ok := f.Policies[name]
		if !ok {
			return eval.Policy{}, fmt.Errorf("worldfile: unknown policy %q", name)
		}
		d, err := policy.Options{Kind: kind, Filename: "policy " + name}.Parse(text)
		if err != nil {
			return eval.Policy{}, fmt.Errorf("worldfile: policy %q read as the %s kind: %w", name, kind, err)
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
	for _, id := range sortedKeys(f.Directory.Accounts) {
		a := f.Directory.Accounts[id]
		if a == nil {
			return nil, fmt.Errorf("worldfile: account %s is null", id)
		}
		acct := world.Account{ID: id}
		for _, level := range a.ControlPolicies {
			ps, err := list(level, policy.ControlPolicy)
			if err != nil {
				return nil, fmt.Errorf("account %s control policies: %w", id, err)
			}
			acct.Control = append(acct.Control, ps)
		}
		for _, name := range sortedKeys(a.Groups) {
			ps, err := list(a.Groups[name].Policies, policy.IdentityPolicy)
			if err != nil {
				return nil, fmt.Errorf("account %s group %s: %w", id, name, err)
			}
			acct.Groups = append(acct.Groups, world.Group{Name: name, Policies: ps})
		}
		for _, name := range sortedKeys(a.Users) {
			u := a.Users[name]
			ps, err := list(u.Policies, policy.IdentityPolicy)
			if err != nil {
				return nil, fmt.Errorf("account %s user %s: %w", id, name, err)
			}
			acct.Users = append(acct.Users, world.User{Name: name, Policies: ps, Groups: append([]string(nil), u.Groups...)})
		}
		for _, name := range sortedKeys(a.Roles) {
			r := a.Roles[name]
			ps, err := list(r.Policies, policy.IdentityPolicy)
			if err != nil {
				return nil, fmt.Errorf("account %s role %s: %w", id, name, err)
			}
			trust, err := get(r.Trust, policy.TrustPolicy)
			if err != nil {
				return nil, fmt.Errorf("account %s role %s trust: %w", id, name, err)
			}
			acct.Roles = append(acct.Roles, world.Role{Name: name, Trust: trust, Policies: ps,
				MaxSessionDuration: r.MaxSessionDuration, ServiceLinked: r.ServiceLinked})
		}
		accounts = append(accounts, acct)
	}
	return world.New(accounts, opts...)
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
