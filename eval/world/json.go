package world

import (
	"encoding/json"

	"github.com/rampolicy/ram/eval"
)

// Answers as data. A Hop, a ChainResult (the answer of Chain and Reach) and a Reached
// (one entry of WhoCan's answer) marshal to the JSON that answer.schema.json (beside
// this file) specifies; a decision inside them is eval's form (eval/decision.schema.json).
// The form is stable: fields may be added, none will change meaning. It is written, not
// read back.
//
// A Hop:
//
//	{"caller": "acs:ram::2222222222222222:user/ci",   (or "service": "UID@SERVICE")
//	 "role": "acs:ram::1111111111111111:role/deployer",
//	 "allowed": true,
//	 "result": RESULT,                                   (absent after a parameter error)
//	 "error": {"code": "InvalidExternalId", "message": "..."}, (only for a parameter error)
//	 "session": {"arn": ".../role/deployer/ci-1", "role": "...", "durationSeconds": 3600,
//	             "sourceIdentity": "..."}}               (only when allowed)
//
// A ChainResult is {"allowed": BOOL, "failedHop": N (when a hop failed), "hops": [HOP...],
// "final": SESSION (when allowed)}; an unreachable role is {"allowed": false, "hops": []}.
// A Reached is {"principal": ARN} or {"service": "UID@SERVICE"}, with "via": [ROLE ARN...].

type errorJSON struct {
	Code    string `json:"code,omitempty"`
	Message string `json:"message"`
}

type sessionJSON struct {
	ARN             string `json:"arn"`
	Role            string `json:"role"`
	DurationSeconds int    `json:"durationSeconds,omitempty"`
	SourceIdentity  string `json:"sourceIdentity,omitempty"`
}

func sessionOf(c *Caller) *sessionJSON {
	if c == nil {
		return nil
	}
	return &sessionJSON{ARN: c.ARN().String(), Role: c.Role().String(), DurationSeconds: c.DurationSeconds(), SourceIdentity: c.SourceIdentity()}
}

type hopJSON struct {
	Caller  string       `json:"caller,omitempty"`
	Service string       `json:"service,omitempty"`
	Role    string       `json:"role,omitempty"`
	Allowed bool         `json:"allowed"`
	Result  *eval.Result `json:"result,omitempty"`
	Error   *errorJSON   `json:"error,omitempty"`
	Session *sessionJSON `json:"session,omitempty"`
}

// MarshalJSON writes the hop in the form answer.schema.json calls "hop".
func (h *Hop) MarshalJSON() ([]byte, error) {
	if h == nil {
		return []byte("null"), nil
	}
	out := hopJSON{Allowed: h.Allowed(), Session: sessionOf(h.Session)}
	if h.Caller.IsValid() {
		out.Caller = h.Caller.String()
	}
	if h.Service.IsValid() {
		out.Service = h.Service.String()
	}
	if h.Role.IsValid() {
		out.Role = h.Role.String()
	}
	if h.Err != nil {
		out.Error = &errorJSON{Code: Code(h.Err), Message: h.Err.Error()}
	} else {
		r := h.Result
		out.Result = &r
	}
	return json.Marshal(out)
}

type chainJSON struct {
	Allowed   bool         `json:"allowed"`
	FailedHop *int         `json:"failedHop,omitempty"`
	Hops      []*Hop       `json:"hops"`
	Final     *sessionJSON `json:"final,omitempty"`
}

// MarshalJSON writes the chain in the form answer.schema.json calls "chain".
func (c ChainResult) MarshalJSON() ([]byte, error) {
	out := chainJSON{Allowed: c.Allowed(), Hops: c.Hops, Final: sessionOf(c.Final)}
	if out.Hops == nil {
		out.Hops = []*Hop{}
	}
	if i, _ := c.Failed(); i >= 0 {
		out.FailedHop = &i
	}
	return json.Marshal(out)
}

type reachedJSON struct {
	Principal string   `json:"principal,omitempty"`
	Service   string   `json:"service,omitempty"`
	Via       []string `json:"via"`
}

// MarshalJSON writes the entry in the form answer.schema.json calls "reached".
func (r Reached) MarshalJSON() ([]byte, error) {
	out := reachedJSON{Via: make([]string, len(r.Via))}
	if r.Service.IsValid() {
		out.Service = r.Service.String()
	} else {
		out.Principal = r.Principal.String()
	}
	for i, v := range r.Via {
		out.Via[i] = v.String()
	}
	return json.Marshal(out)
}
