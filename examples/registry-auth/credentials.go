package main

import (
	"crypto/rand"
	"encoding/base32"
	"strings"
	"sync"
	"time"
)

// stsKeyPrefix starts the access key ID of every temporary credential.
const stsKeyPrefix = "STS."

// Credentials maps access key IDs to principals: the long-term keys of the
// configured users and the temporary keys issued by /sts/assume-role.
type Credentials struct {
	static map[string]credential

	mu       sync.Mutex
	sessions map[string]credential
}

// credential is one access key's secret and owner.
type credential struct {
	secret    Secret
	principal *Principal
	expires   time.Time // zero for long-term keys
}

// dummySecret is compared against when the key ID is unknown, so that an
// unknown ID costs the same time as a wrong secret.
const dummySecret Secret = "dummy-secret-for-unknown-keys"

// NewCredentials indexes the access keys of cfg.
func NewCredentials(cfg *Config) *Credentials {
	c := &Credentials{static: map[string]credential{}, sessions: map[string]credential{}}
	for _, k := range cfg.AccessKeys {
		c.static[k.ID] = credential{secret: k.Secret, principal: &Principal{Kind: KindUser, ARN: k.User}}
	}
	return c
}

// Authenticate returns the principal owning key id if secret matches and
// the key has not expired. The secret comparison is constant-time.
func (c *Credentials) Authenticate(id, secret string, now time.Time) (*Principal, bool) {
	cred, ok := c.static[id]
	if !ok && strings.HasPrefix(id, stsKeyPrefix) {
		c.mu.Lock()
		cred, ok = c.sessions[id]
		c.mu.Unlock()
	}
	if !ok {
		dummySecret.Equal(secret)
		return nil, false
	}
	if !cred.secret.Equal(secret) {
		return nil, false
	}
	if !cred.expires.IsZero() && !now.Before(cred.expires) {
		return nil, false
	}
	return cred.principal, true
}

// Issue stores a new temporary credential for p valid until expires and
// returns its access key ID and secret.
func (c *Credentials) Issue(p *Principal, expires, now time.Time) (id string, secret Secret) {
	id = stsKeyPrefix + randomToken(20)
	secret = Secret(randomToken(30))
	c.mu.Lock()
	defer c.mu.Unlock()
	for k, s := range c.sessions { // drop expired sessions on the way
		if !now.Before(s.expires) {
			delete(c.sessions, k)
		}
	}
	c.sessions[id] = credential{secret: secret, principal: p, expires: expires}
	return id, secret
}

// randomToken returns n characters of crypto-random base32 (A-Z, 2-7).
func randomToken(n int) string {
	b := make([]byte, n)
	rand.Read(b) // never fails (crypto/rand since Go 1.24)
	return base32.StdEncoding.EncodeToString(b)[:n]
}
