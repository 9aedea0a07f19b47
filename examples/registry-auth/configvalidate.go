package main

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/rampolicy/ram/arn"
	"github.com/rampolicy/ram/eval/world"
)

var (
	uidPattern = regexp.MustCompile(`^[0-9]{1,20}$`)
	akPattern  = regexp.MustCompile(`^[A-Za-z0-9]{8,64}$`)
)

// validate checks the settings the token service itself relies on.
func (c *Config) validate() error {
	var errs []error
	add := func(format string, a ...any) { errs = append(errs, fmt.Errorf(format, a...)) }
	if !uidPattern.MatchString(c.Account) {
		add("account: %q is not an account UID (digits)", c.Account)
	}
	if (c.SigningKeyFile == "") != (c.SigningCertFile == "") {
		add("signing_key_file and signing_cert_file: set both or neither")
	}
	if (c.TLSCertFile == "") != (c.TLSKeyFile == "") {
		add("tls_cert_file and tls_key_file: set both or neither")
	}
	if c.TokenTTL < time.Second {
		add("token_ttl: %v is shorter than one second", c.TokenTTL)
	}
	if c.World == "" {
		add("world: no world file, nobody could be authorized")
	}
	if len(c.AccessKeys) == 0 {
		add("access_keys: none configured, nobody could log in")
	}
	seen := map[string]int{}
	for i, k := range c.AccessKeys {
		at := fmt.Sprintf("access_keys[%d]", i)
		switch j, dup := seen[k.ID]; {
		case !akPattern.MatchString(k.ID) || strings.HasPrefix(k.ID, stsKeyPrefix):
			add("%s.id: %q must be 8-64 letters or digits and not start with %q", at, k.ID, stsKeyPrefix)
		case dup:
			add("%s.id: %q is also used at access_keys[%d]", at, k.ID, j)
		case len(k.Secret) < 16:
			add("%s.secret: shorter than 16 characters", at)
		}
		seen[k.ID] = i
	}
	return errors.Join(errs...)
}

// validateKeys checks that every access key logs in as a user of the world,
// and spells its user as the world does (RAM names ignore letter case).
func (c *Config) validateKeys() error {
	var errs []error
	for i := range c.AccessKeys {
		k := &c.AccessKeys[i]
		p, err := arn.Parse(k.User)
		if err == nil && p.Kind() != arn.KindUser {
			err = errors.New("not a user ARN (acs:ram::UID:user/NAME)")
		}
		if err == nil {
			var u *world.Caller
			if u, err = c.world.Caller(p); err == nil {
				k.User = u.ARN().String()
			}
		}
		if err != nil {
			errs = append(errs, fmt.Errorf("access_keys[%d].user %q: %w", i, k.User, err))
		}
	}
	return errors.Join(errs...)
}
