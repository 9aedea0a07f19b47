package main

import (
	"fmt"
	"net/http"
	"time"
)

// authenticate reads HTTP basic credentials (access key ID as user name,
// secret as password) and returns the principal. On failure it has already
// written a generic 401 and audited the attempt, and returns nil.
func authenticate(w http.ResponseWriter, r *http.Request, creds *Credentials, audit *Auditor, realm, reqID, endpoint string, now time.Time) *Principal {
	id, secret, ok := r.BasicAuth()
	if !ok {
		unauthorized(w, realm)
		return nil
	}
	p, ok := creds.Authenticate(id, secret, now)
	if !ok {
		audit.LoginFailure(r.Context(), reqID, endpoint, requestContext(r, now)[keySourceIP][0], creds.loggableKeyID(id))
		unauthorized(w, realm)
		return nil
	}
	return p
}

// loggableKeyID returns id if it is a configured or issued access key ID,
// and otherwise only a short prefix, in case a secret was typed as user name.
func (c *Credentials) loggableKeyID(id string) string {
	if _, ok := c.static[id]; ok {
		return id
	}
	c.mu.Lock()
	_, ok := c.sessions[id]
	c.mu.Unlock()
	if ok {
		return id
	}
	if len(id) > 4 {
		id = id[:4]
	}
	return "unknown:" + id + "..."
}

// errDecisionCount reports an Authorizer that broke its contract.
func errDecisionCount(want, got int) error {
	return fmt.Errorf("authorizer returned %d decisions for %d checks", got, want)
}
