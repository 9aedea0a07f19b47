package main

import "slices"

// tokenClaims is the JWT claim set of a registry token, as verified by
// distribution's registry/auth/token package.
type tokenClaims struct {
	Issuer    string        `json:"iss"`
	Subject   string        `json:"sub"`
	Audience  string        `json:"aud"`
	Expiry    int64         `json:"exp"`
	NotBefore int64         `json:"nbf"`
	IssuedAt  int64         `json:"iat"`
	ID        string        `json:"jti"`
	Access    []accessClaim `json:"access"`
}

// accessClaim grants Actions on one resource (an element of "access").
type accessClaim struct {
	Type    string   `json:"type"`
	Class   string   `json:"class,omitempty"`
	Name    string   `json:"name"`
	Actions []string `json:"actions"`
}

// tokenResponse is the body of a successful /token answer.
type tokenResponse struct {
	Token       string `json:"token"`
	AccessToken string `json:"access_token"`
	ExpiresIn   int64  `json:"expires_in"`
	IssuedAt    string `json:"issued_at"`
}

// grantAccess builds the access claim from the decided actions: for each
// scope (merged by type, class and name, in request order) the registry
// actions whose check was allowed. Resources with nothing allowed are left
// out.
func grantAccess(scopes []Scope, mapped []mappedAction, decisions []Decision) []accessClaim {
	out := []accessClaim{}
	index := map[[3]string]int{}
	for i, m := range mapped {
		if decisions[i].Effect != Allow {
			continue
		}
		sc := scopes[m.Scope]
		key := [3]string{sc.Type, sc.Class, sc.Name}
		j, ok := index[key]
		if !ok {
			j = len(out)
			index[key] = j
			out = append(out, accessClaim{Type: sc.Type, Class: sc.Class, Name: sc.Name})
		}
		if !slices.Contains(out[j].Actions, m.Action) {
			out[j].Actions = append(out[j].Actions, m.Action)
		}
	}
	return out
}
