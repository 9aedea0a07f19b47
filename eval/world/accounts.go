package world

import (
	"slices"

	"github.com/rampolicy/ram/eval"
)

// Accounts returns the accounts the world was built from, as given to New (or read by
// Load), in that order. The result is a copy: changing it does not change the world. The
// policies' documents are the ones given; the world compiled them when it was built and
// does not read them again.
func (w *World) Accounts() []Account {
	if w == nil {
		return nil
	}
	out := make([]Account, len(w.defs))
	for i, a := range w.defs {
		out[i] = a.clone()
	}
	return out
}

// clone copies an account's slices, so that neither the caller nor the world sees the
// other's later changes.
func (a Account) clone() Account {
	c := a
	c.Users = make([]User, len(a.Users))
	for i, u := range a.Users {
		u.Policies, u.Groups = slices.Clone(u.Policies), slices.Clone(u.Groups)
		c.Users[i] = u
	}
	c.Groups = make([]Group, len(a.Groups))
	for i, g := range a.Groups {
		g.Policies = slices.Clone(g.Policies)
		c.Groups[i] = g
	}
	c.Roles = make([]Role, len(a.Roles))
	for i, r := range a.Roles {
		r.Policies = slices.Clone(r.Policies)
		c.Roles[i] = r
	}
	c.Control = make([][]eval.Policy, len(a.Control))
	for i, level := range a.Control {
		c.Control[i] = slices.Clone(level)
	}
	return c
}
