package main

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"regexp"
	"strconv"
	"time"
)

// STSService implements POST /sts/assume-role: an authenticated caller asks
// for temporary credentials of a role, and, if the Authorizer allows it,
// gets an access key ID and secret that log in to /token as the role
// session. Parameters (query or form body) follow the STS AssumeRole API:
// RoleArn, RoleSessionName, DurationSeconds, Policy, ExternalId and
// SourceIdentity. The Authorizer checks them; this handler only reads them.
type STSService struct {
	Creds *Credentials
	Authz Authorizer
	Audit *Auditor
	Realm string
	Log   *slog.Logger
	Now   func() time.Time
}

// assumeRoleResponse mirrors the STS AssumeRole response.
type assumeRoleResponse struct {
	RequestID       string          `json:"RequestId"`
	AssumedRoleUser assumedRoleUser `json:"AssumedRoleUser"`
	Credentials     stsCredentials  `json:"Credentials"`
	SourceIdentity  string          `json:"SourceIdentity,omitempty"`
}

// assumedRoleUser identifies the new role session.
type assumedRoleUser struct {
	Arn string `json:"Arn"`
}

// stsCredentials are the temporary credentials: use AccessKeyId as the
// registry user name and AccessKeySecret as the password.
type stsCredentials struct {
	AccessKeyID     string `json:"AccessKeyId"`
	AccessKeySecret string `json:"AccessKeySecret"`
	Expiration      string `json:"Expiration"`
}

// stsError is an STS-style error body.
type stsError struct {
	RequestID string `json:"RequestId"`
	Code      string `json:"Code"`
	Message   string `json:"Message"`
}

// ServeHTTP handles one AssumeRole request.
func (s *STSService) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", "POST")
		writeJSON(w, http.StatusMethodNotAllowed, stsError{Code: "UnsupportedHTTPMethod", Message: "use POST"})
		return
	}
	now := s.Now()
	reqID := randomToken(16)
	w.Header().Set("X-Request-Id", reqID)
	caller := authenticate(w, r, s.Creds, s.Audit, s.Realm, reqID, "sts", now)
	if caller == nil {
		return
	}
	fail := func(status int, code, msg string) {
		writeJSON(w, status, stsError{RequestID: reqID, Code: code, Message: msg})
	}
	r.Body = http.MaxBytesReader(w, r.Body, 16<<10)
	in, err := parseAssumeRole(r)
	if err != nil {
		fail(err.Status, err.Code, err.Message)
		return
	}
	rc := requestContext(r, now)
	res, aerr := s.Authz.AssumeRole(r.Context(), caller, in, rc)
	if aerr != nil {
		if ie := (*InputError)(nil); errors.As(aerr, &ie) {
			fail(ie.Status, ie.Code, ie.Message)
			return
		}
		s.Log.Error("assume role failed", "request_id", reqID, "principal", caller.ARN, "err", aerr)
		fail(http.StatusInternalServerError, "InternalError", "AssumeRole failed; see the server log, request "+reqID)
		return
	}
	s.Audit.Decision(r.Context(), AuditRecord{
		RequestID: reqID, SourceIP: rc[keySourceIP][0], Principal: caller.ARN,
		Action: "sts:AssumeRole", Resource: in.RoleARN,
		Decision: res.Decision.Effect.String(), DecidedBy: res.Decision.DecidedBy, Err: res.Decision.Err,
	})
	if res.Decision.Effect != Allow {
		fail(http.StatusForbidden, "NoPermission", "You are not authorized to assume this role.")
		return
	}
	if res.ARN == "" || res.Duration <= 0 {
		s.Log.Error("assume role: allowed without a session", "request_id", reqID, "principal", caller.ARN)
		fail(http.StatusInternalServerError, "InternalError", "AssumeRole failed; see the server log, request "+reqID)
		return
	}
	expires := now.Add(res.Duration)
	session := &Principal{Kind: KindRoleSession, ARN: res.ARN, Session: res.Session, Expires: expires}
	id, secret := s.Creds.Issue(session, expires, now)
	writeJSON(w, http.StatusOK, assumeRoleResponse{
		RequestID:       reqID,
		AssumedRoleUser: assumedRoleUser{Arn: session.ARN},
		Credentials: stsCredentials{
			AccessKeyID: id, AccessKeySecret: string(secret),
			Expiration: expires.UTC().Format(time.RFC3339),
		},
		SourceIdentity: res.SourceIdentity,
	})
}

// stsParams are the AssumeRole parameters and the longest value each may
// have, in bytes: twice what STS itself accepts for a Policy (2,048
// characters outside white space), and room for the longest ExternalId
// (1,224) for the others.
var stsParams = []struct {
	name string
	max  int
}{
	{"RoleArn", 2048}, {"RoleSessionName", 2048}, {"DurationSeconds", 2048},
	{"ExternalId", 2048}, {"SourceIdentity", 2048}, {"Policy", 8 << 10},
}

// durationPattern is how STS writes DurationSeconds: decimal digits, no
// sign, no leading zero (so neither "0" nor "0900"), no white space.
var durationPattern = regexp.MustCompile(`^[1-9][0-9]{0,8}$`)

// parseAssumeRole reads the AssumeRole parameters. It checks only what
// HTTP needs (a readable form, each parameter at most once and of a
// bounded length, a DurationSeconds in decimal digits); the Authorizer
// checks the values.
func parseAssumeRole(r *http.Request) (AssumeRoleInput, *InputError) {
	if err := r.ParseForm(); err != nil {
		return AssumeRoleInput{}, &InputError{Status: http.StatusBadRequest, Code: "InvalidParameter", Message: "cannot read the parameters"}
	}
	for _, p := range stsParams {
		name, max := p.name, p.max
		bad := func(msg string) (AssumeRoleInput, *InputError) {
			return AssumeRoleInput{}, &InputError{Status: http.StatusBadRequest, Code: "InvalidParameter." + name, Message: name + " " + msg}
		}
		switch v := r.Form[name]; {
		case len(v) > 1:
			return bad("is given more than once")
		case len(v) == 1 && len(v[0]) > max:
			return bad(fmt.Sprintf("is longer than %d bytes", max))
		}
	}
	in := AssumeRoleInput{
		RoleARN:        r.Form.Get("RoleArn"),
		SessionName:    r.Form.Get("RoleSessionName"),
		ExternalID:     r.Form.Get("ExternalId"),
		SourceIdentity: r.Form.Get("SourceIdentity"),
	}
	if v, ok := r.Form["DurationSeconds"]; ok {
		if !durationPattern.MatchString(v[0]) {
			return in, &InputError{Status: http.StatusBadRequest, Code: "InvalidParameter.DurationSeconds",
				Message: fmt.Sprintf("DurationSeconds %q is not a whole number of seconds written in decimal digits", v[0])}
		}
		in.DurationSeconds, _ = strconv.Atoi(v[0]) // at most nine digits: fits
	}
	if p := r.Form.Get("Policy"); p != "" {
		in.Policy = []byte(p)
	}
	return in, nil
}
