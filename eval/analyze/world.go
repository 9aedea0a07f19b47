package analyze

import (
	"fmt"
	"sort"
	"strings"

	"github.com/rampolicy/ram/arn"
	"github.com/rampolicy/ram/eval"
	"github.com/rampolicy/ram/eval/world"
	"github.com/rampolicy/ram/policy"
)

// PrincipalChange is what changed for one user or role between two directories.
type PrincipalChange struct {
	Principal arn.ARN `json:"principal"`
	Added     *Result `json:"added"`
	Removed   *Result `json:"removed"`
}

// PathChange is an AssumeRole chain the new directory allows and the old one does not.
type PathChange struct {
	From arn.ARN   `json:"from"`
	To   arn.ARN   `json:"to"`
	Path []arn.ARN `json:"path"` // the roles assumed, in order, ending with To
}

// WorldDiff is the difference between two directories.
type WorldDiff struct {
	// Principals holds every user and role whose own access changed (either way),
	// decided exactly by PrincipalNoNewAccess; a principal in one directory only is
	// compared with one that has no policies.
	Principals []PrincipalChange `json:"principals"`
	// NewPaths holds the (caller, role) pairs the new directory connects by a chain of at
	// most maxHops AssumeRole calls and the old one does not, each with the new chain.
	// Unlike Principals, this is decided under an empty request context only (the hops
	// of world.Reach), not over every context.
	NewPaths []PathChange `json:"newPaths"`
	// Trust holds every role whose trust policy admits a caller the old one did not (an
	// account's root, a user or role of another account, "*", a service, an identity
	// provider), decided exactly by NoNewAccess on the two trust policies: a caller
	// outside both worlds shows here, and in neither Principals nor NewPaths. A role new
	// in the new world is compared with one that trusts nobody.
	Trust []TrustChange `json:"trust"`
}

// Gained reports whether the new directory grants anything the old one did not: new
// access for a principal, a new caller of a role, or a new AssumeRole chain.
func (d *WorldDiff) Gained() bool {
	if len(d.NewPaths) > 0 || len(d.Trust) > 0 {
		return true
	}
	for _, p := range d.Principals {
		if !p.Added.Pass {
			return true
		}
	}
	return false
}

// TrustChange is a role whose trust policy admits new callers.
type TrustChange struct {
	Role       arn.ARN `json:"role"`
	NewCallers *Result `json:"newCallers"`
}

// CompareWorlds compares two directories (as world.New takes them): every user's and
// role's own access, both ways, the callers every role's trust policy newly admits, and
// the new AssumeRole chains.
func CompareWorlds(old, new []world.Account, maxHops int, opts *Options) (*WorldDiff, error) {
	oldW, err := world.New(old)
	if err != nil {
		return nil, fmt.Errorf("%w: old directory: %w", ErrInput, err)
	}
	newW, err := world.New(new)
	if err != nil {
		return nil, fmt.Errorf("%w: new directory: %w", ErrInput, err)
	}
	oldP, err := principalsOf(old)
	if err != nil {
		return nil, err
	}
	newP, err := principalsOf(new)
	if err != nil {
		return nil, err
	}
	keys := map[string]arn.ARN{}
	for k, p := range oldP {
		keys[k] = p.ARN
	}
	for k, p := range newP {
		keys[k] = p.ARN
	}
	order := make([]string, 0, len(keys))
	for k := range keys {
		order = append(order, k)
	}
	sort.Strings(order)
	d := &WorldDiff{}
	for _, k := range order {
		o, n := oldP[k], newP[k]
		if o == nil {
			o = &Principal{ARN: n.ARN}
		}
		if n == nil {
			n = &Principal{ARN: o.ARN}
		}
		o.ARN = n.ARN // one spelling: the new directory's
		c, err := ComparePrincipal(*o, *n, opts)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", n.ARN, err)
		}
		if !c.Added.Pass || !c.Removed.Pass {
			d.Principals = append(d.Principals, PrincipalChange{Principal: n.ARN, Added: c.Added, Removed: c.Removed})
		}
	}
	if d.Trust, err = compareTrust(old, new, opts); err != nil {
		return nil, err
	}
	// Chains: every caller of the new directory to every role of it.
	for _, from := range order {
		fp := newP[from]
		if fp == nil {
			continue
		}
		for _, to := range order {
			tp := newP[to]
			if tp == nil || to == from || tp.ARN.Kind() != arn.KindRole {
				continue
			}
			q := world.ReachQuery{MaxHops: maxHops}
			nr, err := newW.Reach(fp.ARN, tp.ARN, q)
			if err != nil || !nr.Allowed() {
				continue
			}
			if oldP[from] != nil && oldP[to] != nil {
				if or, err := oldW.Reach(oldP[from].ARN, oldP[to].ARN, q); err == nil && or.Allowed() {
					continue
				}
			}
			pc := PathChange{From: fp.ARN, To: tp.ARN}
			for _, h := range nr.Hops {
				pc.Path = append(pc.Path, h.Role)
			}
			d.NewPaths = append(d.NewPaths, pc)
		}
	}
	return d, nil
}

// principalsOf returns the users and roles of a directory by a case-folded key.
func principalsOf(accounts []world.Account) (map[string]*Principal, error) {
	out := map[string]*Principal{}
	for _, a := range accounts {
		groups := map[string][]eval.Policy{}
		for _, g := range a.Groups {
			groups[strings.ToLower(g.Name)] = g.Policies
		}
		for _, u := range a.Users {
			p, err := arn.NewUser(a.ID, u.Name)
			if err != nil {
				return nil, fmt.Errorf("%w: %w", ErrInput, err)
			}
			pol := append([]eval.Policy(nil), u.Policies...)
			for _, g := range u.Groups {
				pol = append(pol, groups[strings.ToLower(g)]...)
			}
			pol, err = uniquePolicies(pol)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", p, err)
			}
			out[strings.ToLower(p.String())] = &Principal{ARN: p, Identity: pol, Control: a.Control}
		}
		for _, r := range a.Roles {
			p, err := arn.NewRole(a.ID, r.Name)
			if err != nil {
				return nil, fmt.Errorf("%w: %w", ErrInput, err)
			}
			pol, err := uniquePolicies(r.Policies)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", p, err)
			}
			out[strings.ToLower(p.String())] = &Principal{ARN: p, Identity: pol, Control: a.Control, ServiceLinked: r.ServiceLinked}
		}
	}
	return out, nil
}

// uniquePolicies drops a policy attached twice (to a user and one of its groups).
func uniquePolicies(ps []eval.Policy) ([]eval.Policy, error) {
	seen := map[string]eval.Policy{}
	var out []eval.Policy
	for _, p := range ps {
		if q, ok := seen[p.Name]; ok {
			if q.Doc != p.Doc {
				return nil, fmt.Errorf("%w: two different policies named %q", ErrInput, p.Name)
			}
			continue
		}
		seen[p.Name] = p
		out = append(out, p)
	}
	return out, nil
}

// compareTrust compares each role's trust policy in the new directory with the same
// role's (names compared ignoring case, as RAM does) in the old one.
func compareTrust(old, new []world.Account, opts *Options) ([]TrustChange, error) {
	oldTrust := map[string]world.Role{}
	for _, a := range old {
		for _, r := range a.Roles {
			oldTrust[a.ID+"/"+strings.ToLower(r.Name)] = r
		}
	}
	out := []TrustChange{}
	for _, a := range new {
		for _, r := range a.Roles {
			newSet := Set{Kind: policy.TrustPolicy, Policies: []eval.Policy{r.Trust}}
			oldSet := Set{Kind: policy.TrustPolicy}
			if o, ok := oldTrust[a.ID+"/"+strings.ToLower(r.Name)]; ok {
				oldSet.Policies = []eval.Policy{o.Trust}
			}
			o := Options{}
			if opts != nil {
				o = *opts
			}
			o.Owner = a.ID
			res, err := NoNewAccess(oldSet, newSet, &o)
			if err != nil {
				return nil, fmt.Errorf("role %s of %s: trust policy: %w", r.Name, a.ID, err)
			}
			if !res.Pass {
				role, err := arn.NewRole(a.ID, r.Name)
				if err != nil {
					return nil, fmt.Errorf("%w: %w", ErrInput, err)
				}
				out = append(out, TrustChange{Role: role, NewCallers: res})
			}
		}
	}
	return out, nil
}
