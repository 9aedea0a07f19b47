package main

import (
	"fmt"
	"log/slog"
	"net/http"
	"time"
)

// TokenService implements GET /token of the distribution token
// authentication spec: it authenticates the caller with HTTP basic auth
// (access key ID and secret), asks the Authorizer about every requested
// action and answers a signed JWT granting only the allowed ones.
type TokenService struct {
	Service string // expected `service` parameter and token audience
	Issuer  string
	TTL     time.Duration
	Mapper  ResourceMapper
	Creds   *Credentials
	Authz   Authorizer
	Signer  *Signer
	Audit   *Auditor
	Log     *slog.Logger // operational errors; never secrets
	Now     func() time.Time
}

// ServeHTTP handles one token request. Denied or unknown scopes never cause
// an error: they are simply missing from the token's access claim.
func (s *TokenService) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET")
		writeError(w, http.StatusMethodNotAllowed, "UNSUPPORTED", "use GET")
		return
	}
	now := s.Now()
	reqID := randomToken(16)
	w.Header().Set("X-Request-Id", reqID)
	q := r.URL.Query()
	rc := requestContext(r, now)
	// Authenticate first: an anonymous caller learns nothing, not even
	// whether it named the right service.
	p := authenticate(w, r, s.Creds, s.Audit, s.Service, reqID, "token", now)
	if p == nil {
		return
	}
	if svc := q["service"]; len(svc) > 1 || len(svc) == 1 && svc[0] != "" && svc[0] != s.Service {
		writeError(w, http.StatusBadRequest, "INVALID_REQUEST", "unknown service")
		return
	}
	scopes, invalid, ok := parseScopes(q["scope"])
	if !ok {
		writeError(w, http.StatusBadRequest, "INVALID_REQUEST", fmt.Sprintf("too many scopes: at most %d", maxScopes))
		return
	}
	for _, raw := range invalid {
		s.Audit.InvalidScope(r.Context(), reqID, p.ARN, raw)
	}
	mapped := s.Mapper.Map(scopes)
	checks := make([]Check, len(mapped))
	for i, m := range mapped {
		checks[i] = m.Check
	}
	var decisions []Decision
	if len(checks) > 0 {
		var err error
		decisions, err = s.Authz.Authorize(r.Context(), p, checks, rc)
		if err == nil && len(decisions) != len(checks) {
			err = errDecisionCount(len(checks), len(decisions))
		}
		if err != nil {
			s.Log.Error("authorize failed", "request_id", reqID, "principal", p.ARN, "err", err)
			writeError(w, http.StatusInternalServerError, "INTERNAL", "authorization failed; see the server log, request "+reqID)
			return
		}
	}
	for i, m := range mapped {
		s.Audit.Decision(r.Context(), AuditRecord{
			RequestID: reqID, SourceIP: rc[keySourceIP][0], Principal: p.ARN,
			Scope: scopes[m.Scope].String(), Action: m.Check.Action, Resource: m.Check.Resource,
			Decision: decisions[i].Effect.String(), DecidedBy: decisions[i].DecidedBy, Err: decisions[i].Err,
		})
	}
	s.issue(w, p, grantAccess(scopes, mapped, decisions), now)
}

// issue signs and writes a token for p with the given access.
func (s *TokenService) issue(w http.ResponseWriter, p *Principal, access []accessClaim, now time.Time) {
	exp := now.Add(s.TTL)
	if !p.Expires.IsZero() && p.Expires.Before(exp) {
		exp = p.Expires // never outlive a role session
	}
	tok, err := s.Signer.Sign(tokenClaims{
		Issuer: s.Issuer, Subject: p.ARN, Audience: s.Service,
		Expiry: exp.Unix(), NotBefore: now.Unix(), IssuedAt: now.Unix(),
		ID: randomToken(24), Access: access,
	})
	if err != nil {
		s.Log.Error("sign token", "principal", p.ARN, "err", err)
		writeError(w, http.StatusInternalServerError, "INTERNAL", "could not sign the token")
		return
	}
	writeJSON(w, http.StatusOK, tokenResponse{
		Token: tok, AccessToken: tok,
		ExpiresIn: int64(exp.Sub(now) / time.Second),
		IssuedAt:  now.UTC().Format(time.RFC3339),
	})
}
