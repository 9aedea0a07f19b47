package main

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"
)

// Bounds of a role's max_session_duration, as in RAM (MaxSessionDuration
// 3,600 to 43,200 seconds).
const (
	minRoleSessionLimit = time.Hour
	maxRoleSessionLimit = 12 * time.Hour
)

var (
	uidPattern  = regexp.MustCompile(`^[0-9]{1,20}$`)
	namePattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$`)
	akPattern   = regexp.MustCompile(`^[A-Za-z0-9]{8,64}$`)
)

// validate checks the references and names that the token service itself
// relies on. Policy documents are checked by the Authorizer.
func (c *Config) validate() error {
	var errs []error
	add := func(format string, a ...any) { errs = append(errs, fmt.Errorf(format, a...)) }

	if !uidPattern.MatchString(string(c.Account)) {
		add("account: %q is not an account UID (digits)", c.Account)
	}
	if (c.SigningKeyFile == "") != (c.SigningCertFile == "") {
		add("signing_key_file and signing_cert_file: set both or neither")
	}
	if (c.TLSCertFile == "") != (c.TLSKeyFile == "") {
		add("tls_cert_file and tls_key_file: set both or neither")
	}
	if c.TokenTTL < Duration(time.Second) {
		add("token_ttl: %v is shorter than one second", time.Duration(c.TokenTTL))
	}
	if len(c.Accounts) == 0 {
		add("accounts: none configured, nobody could log in")
	}
	accounts := map[UID]bool{}
	keys := map[string]string{}
	for i, a := range c.Accounts {
		where := fmt.Sprintf("accounts[%d]", i)
		if !uidPattern.MatchString(string(a.ID)) {
			add("%s.id: %q is not an account UID (digits)", where, a.ID)
		}
		if accounts[a.ID] {
			add("%s.id: account %s appears twice", where, a.ID)
		}
		accounts[a.ID] = true
		errs = append(errs, a.validate(where, keys)...)
	}
	return errors.Join(errs...)
}

// validate checks one account; keys collects access key IDs across accounts.
func (a *Account) validate(where string, keys map[string]string) []error {
	var errs []error
	add := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	policy := func(at, name string) {
		if _, ok := a.Policies[name]; !ok {
			add("%s: policy %q is not defined in this account's policies", at, name)
		}
	}
	groups := map[string]bool{}
	for i, g := range a.Groups {
		at := fmt.Sprintf("%s.groups[%d]", where, i)
		checkName(add, at, g.Name, groups)
		for _, p := range g.Policies {
			policy(at, p)
		}
	}
	users := map[string]bool{}
	for i, u := range a.Users {
		at := fmt.Sprintf("%s.users[%d]", where, i)
		checkName(add, at, u.Name, users)
		for _, p := range u.Policies {
			policy(at, p)
		}
		for _, g := range u.Groups {
			if !groups[g] {
				add("%s: group %q is not defined in this account", at, g)
			}
		}
		if len(u.AccessKeys) == 0 {
			add("%s: user %q has no access keys and could never log in", at, u.Name)
		}
		for j, k := range u.AccessKeys {
			kat := fmt.Sprintf("%s.access_keys[%d]", at, j)
			switch {
			case !akPattern.MatchString(k.ID) || strings.HasPrefix(k.ID, stsKeyPrefix):
				add("%s.id: %q must be 8-64 letters or digits and not start with %q", kat, k.ID, stsKeyPrefix)
			case keys[k.ID] != "":
				add("%s.id: %q is also used at %s", kat, k.ID, keys[k.ID])
			case len(k.Secret) < 16:
				add("%s.secret: shorter than 16 characters", kat)
			}
			keys[k.ID] = kat
		}
	}
	roles := map[string]bool{}
	for i, r := range a.Roles {
		at := fmt.Sprintf("%s.roles[%d]", where, i)
		checkName(add, at, r.Name, roles)
		for _, p := range r.Policies {
			policy(at, p)
		}
		if len(r.TrustPolicy) == 0 {
			add("%s: role %q has no trust_policy", at, r.Name)
		}
		if d := time.Duration(r.MaxSessionDuration); d < minRoleSessionLimit || d > maxRoleSessionLimit || d%time.Second != 0 {
			add("%s.max_session_duration: %v is outside %v..%v or not whole seconds", at, d, minRoleSessionLimit, maxRoleSessionLimit)
		}
	}
	return errs
}

// checkName validates a user, group or role name and records it in seen.
func checkName(add func(string, ...any), at, name string, seen map[string]bool) {
	switch {
	case !namePattern.MatchString(name):
		add("%s.name: %q must be 1-64 letters, digits or ._@-", at, name)
	case seen[name]:
		add("%s.name: %q is defined twice", at, name)
	}
	seen[name] = true
}
