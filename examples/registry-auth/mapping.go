package main

import (
	"regexp"
	"slices"
)

// ResourceMapper turns registry scopes into RAM checks.
type ResourceMapper struct {
	Region   string // e.g. "cn-hangzhou"
	Account  string // UID of the account that owns the registry
	Instance string // optional Container Registry instance ID
}

// Registry actions and the RAM actions they require.
var ramActions = map[string]string{
	"pull":   "cr:PullRepository",
	"push":   "cr:PushRepository",
	"delete": "cr:DeleteRepository",
}

// catalogAction is the RAM action required for registry:catalog:*.
const catalogAction = "cr:ListRepository"

// repoName matches NAMESPACE/NAME with distribution's path-component grammar.
var repoName = regexp.MustCompile(`^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$`)

// mappedAction is one registry action of one scope and the RAM check that
// decides it.
type mappedAction struct {
	Scope  int    // index into the scopes slice
	Action string // registry action, e.g. "pull"; "*" for the catalog
	Check  Check
}

// Map returns the checks for scopes. Scopes and actions that have no RAM
// equivalent (unknown types, names without a namespace, unknown actions) get
// no check and therefore are never granted. A "*" action on a repository
// stands for pull, push and delete, each decided on its own.
func (m ResourceMapper) Map(scopes []Scope) []mappedAction {
	var out []mappedAction
	for i, sc := range scopes {
		switch {
		case sc.Type == "registry" && sc.Name == "catalog" && sc.Class == "":
			if slices.Contains(sc.Actions, "*") {
				out = append(out, mappedAction{i, "*", Check{catalogAction, m.repoResource("*")}})
			}
		case sc.Type == "repository" && sc.Class == "" && repoName.MatchString(sc.Name):
			for _, a := range expandActions(sc.Actions) {
				if ram, ok := ramActions[a]; ok {
					out = append(out, mappedAction{i, a, Check{ram, m.repoResource(sc.Name)}})
				}
			}
		}
	}
	return out
}

// repoResource returns acs:cr:REGION:UID:repository/[INSTANCE/]NAME.
func (m ResourceMapper) repoResource(name string) string {
	r := "acs:cr:" + m.Region + ":" + m.Account + ":repository/"
	if m.Instance != "" {
		r += m.Instance + "/"
	}
	return r + name
}

// expandActions replaces "*" with every repository action and removes
// duplicates, keeping the first-seen order.
func expandActions(actions []string) []string {
	var out []string
	for _, a := range actions {
		add := []string{a}
		if a == "*" {
			add = []string{"pull", "push", "delete"}
		}
		for _, x := range add {
			if !slices.Contains(out, x) {
				out = append(out, x)
			}
		}
	}
	return out
}
