package main

import (
	"fmt"
	"slices"
	"strings"
)

// Scope is one parsed `scope` parameter of a token request, as defined by
// the distribution token spec: TYPE[(CLASS)]:NAME:ACTION[,ACTION...].
type Scope struct {
	Type    string // "repository" or "registry"
	Class   string // optional resource class, e.g. "plugin"
	Name    string // repository name ("dev/app") or "catalog"
	Actions []string
}

// String renders the scope in its wire form.
func (s Scope) String() string {
	t := s.Type
	if s.Class != "" {
		t += "(" + s.Class + ")"
	}
	return t + ":" + s.Name + ":" + strings.Join(s.Actions, ",")
}

// parseScope parses one scope string. The name may itself contain colons
// (a registry host with a port), so the type ends at the first colon and the
// actions start after the last one.
func parseScope(s string) (Scope, error) {
	first := strings.IndexByte(s, ':')
	last := strings.LastIndexByte(s, ':')
	if first <= 0 || last == first || last == len(s)-1 {
		return Scope{}, fmt.Errorf("scope %q: want TYPE:NAME:ACTIONS", s)
	}
	sc := Scope{Type: s[:first], Name: s[first+1 : last]}
	if open := strings.IndexByte(sc.Type, '('); open >= 0 {
		if !strings.HasSuffix(sc.Type, ")") || open == 0 {
			return Scope{}, fmt.Errorf("scope %q: malformed resource class", s)
		}
		sc.Class = sc.Type[open+1 : len(sc.Type)-1]
		sc.Type = sc.Type[:open]
	}
	if sc.Name == "" {
		return Scope{}, fmt.Errorf("scope %q: empty resource name", s)
	}
	for a := range strings.SplitSeq(s[last+1:], ",") {
		if a = strings.TrimSpace(a); a != "" {
			sc.Actions = append(sc.Actions, a)
		}
	}
	if len(sc.Actions) == 0 {
		return Scope{}, fmt.Errorf("scope %q: no actions", s)
	}
	return sc, nil
}

// parseScopes parses every scope in the request's `scope` parameters; a
// parameter may also hold several space-separated scopes. Scopes of one
// resource are merged and repeated actions kept once, so that repeating a
// scope costs nothing. Unparseable scopes are returned separately: they are
// granted nothing. More than maxScopes distinct scopes (valid or not) is
// refused with ok false, before any of them is looked at further.
func parseScopes(params []string) (scopes []Scope, invalid []string, ok bool) {
	seen := map[string]bool{}
	index := map[[3]string]int{}
	for _, p := range params {
		for _, raw := range strings.Fields(p) {
			if seen[raw] {
				continue
			}
			if seen[raw] = true; len(seen) > maxScopes {
				return nil, nil, false
			}
			sc, err := parseScope(raw)
			if err != nil {
				invalid = append(invalid, raw)
				continue
			}
			key := [3]string{sc.Type, sc.Class, sc.Name}
			if i, dup := index[key]; dup {
				scopes[i].Actions = uniq(append(scopes[i].Actions, sc.Actions...))
				continue
			}
			sc.Actions = uniq(sc.Actions)
			index[key] = len(scopes)
			scopes = append(scopes, sc)
		}
	}
	return scopes, invalid, true
}

// uniq removes repeated actions, keeping the first-seen order.
func uniq(actions []string) []string {
	var out []string
	for _, a := range actions {
		if !slices.Contains(out, a) {
			out = append(out, a)
		}
	}
	return out
}

// maxScopes bounds the scopes of one token request, after splitting and
// removing repeats: a docker push asks for two or three, so the bound is
// generous and still keeps the audit log and the token small.
const maxScopes = 64
