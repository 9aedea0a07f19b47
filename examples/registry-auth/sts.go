package main

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"regexp"
	"strconv"
	"time"
)

// AssumeRole duration limits, as in Alibaba Cloud STS.
const (
	minSessionDuration     = 15 * time.Minute
	maxSessionDuration     = 12 * time.Hour
	defaultSessionDuration = time.Hour
	maxSessionPolicyBytes  = 2048
)

var sessionNamePattern = regexp.MustCompile(`^[A-Za-z0-9.@_-]{2,64}$`)

// STSService implements POST /sts/assume-role: an authenticated caller asks
// for temporary credentials of a role, and, if the Authorizer allows it,
// gets an access key ID and secret that log in to /token as the role
// session. Parameters (query or form body) follow the STS AssumeRole API:
// RoleArn, RoleSessionName, DurationSeconds, Policy.
type STSService struct {
	Creds *Credentials
	Authz Authorizer
	Roles map[string]Role // by role ARN, to check durations
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
	in, err := s.parse(r)
	if err != nil {
		fail(http.StatusBadRequest, "InvalidParameter", err.Error())
		return
	}
	rc := requestContext(r, now)
	res, err := s.Authz.AssumeRole(r.Context(), caller, in, rc)
	if err != nil {
		fail(http.StatusBadRequest, "InvalidParameter", err.Error())
		return
	}
	s.Audit.Decision(r.Context(), AuditRecord{
		RequestID: reqID, SourceIP: rc[keySourceIP][0], Principal: caller.ARN,
		Action: "sts:AssumeRole", Resource: in.RoleARN,
		Decision: res.Decision.Effect.String(), DecidedBy: res.Decision.DecidedBy,
	})
	if res.Decision.Effect != Allow {
		fail(http.StatusForbidden, "NoPermission", "You are not authorized to assume this role.")
		return
	}
	account, role, _ := parseRoleARN(in.RoleARN) // validated by parse
	expires := now.Add(in.Duration)
	session := &Principal{
		Kind: KindRoleSession, Account: account, Name: role, SessionName: in.SessionName,
		ARN: roleSessionARN(account, role, in.SessionName), Session: res.Session, Expires: expires,
	}
	id, secret := s.Creds.Issue(session, expires, now)
	writeJSON(w, http.StatusOK, assumeRoleResponse{
		RequestID:       reqID,
		AssumedRoleUser: assumedRoleUser{Arn: session.ARN},
		Credentials: stsCredentials{
			AccessKeyID: id, AccessKeySecret: string(secret),
			Expiration: expires.UTC().Format(time.RFC3339),
		},
	})
}

// parse reads and checks the AssumeRole parameters.
func (s *STSService) parse(r *http.Request) (AssumeRoleInput, error) {
	if err := r.ParseForm(); err != nil {
		return AssumeRoleInput{}, fmt.Errorf("cannot read parameters: %v", err)
	}
	in := AssumeRoleInput{RoleARN: r.Form.Get("RoleArn"), SessionName: r.Form.Get("RoleSessionName")}
	if _, _, err := parseRoleARN(in.RoleARN); err != nil {
		return in, fmt.Errorf("RoleArn: %v", err)
	}
	role, ok := s.Roles[in.RoleARN]
	if !ok {
		return in, fmt.Errorf("RoleArn: role %s does not exist", in.RoleARN)
	}
	if !sessionNamePattern.MatchString(in.SessionName) {
		return in, fmt.Errorf("RoleSessionName: want 2-64 characters of letters, digits and .@_-")
	}
	in.Duration = defaultSessionDuration
	if v := r.Form.Get("DurationSeconds"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			return in, fmt.Errorf("DurationSeconds: %q is not an integer", v)
		}
		in.Duration = time.Duration(n) * time.Second
	}
	if limit := time.Duration(role.MaxSessionDuration); in.Duration < minSessionDuration || in.Duration > limit {
		return in, fmt.Errorf("DurationSeconds: must be between %d and %d for this role",
			int(minSessionDuration/time.Second), int(limit/time.Second))
	}
	if p := r.Form.Get("Policy"); p != "" {
		if len(p) > maxSessionPolicyBytes || !json.Valid([]byte(p)) {
			return in, fmt.Errorf("Policy: must be a JSON policy document of at most %d bytes", maxSessionPolicyBytes)
		}
		in.Policy = json.RawMessage(p)
	}
	return in, nil
}

// rolesByARN indexes every configured role by its ARN.
func rolesByARN(cfg *Config) map[string]Role {
	m := map[string]Role{}
	for _, a := range cfg.Accounts {
		for _, r := range a.Roles {
			m[roleARN(string(a.ID), r.Name)] = r
		}
	}
	return m
}
