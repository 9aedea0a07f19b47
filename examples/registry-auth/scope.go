package main

import (
	"fmt"
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
// parameter may also hold several space-separated scopes. Unparseable
// scopes are returned separately: they are granted nothing.
func parseScopes(params []string) (scopes []Scope, invalid []string) {
	for _, p := range params {
		for _, raw := range strings.Fields(p) {
			sc, err := parseScope(raw)
			if err != nil {
				invalid = append(invalid, raw)
				continue
			}
			scopes = append(scopes, sc)
		}
	}
	return scopes, invalid
}
