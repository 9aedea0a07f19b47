package main

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/rampolicy/ram/arn"
	"github.com/rampolicy/ram/eval"
	"github.com/rampolicy/ram/eval/world"
	"github.com/rampolicy/ram/policy"
)

// ramAuthorizer is the Authorizer backed by the ram library: an
// world.World built from the configuration decides every check and
// simulates STS AssumeRole. It is immutable, so safe for concurrent use.
type ramAuthorizer struct {
	dir *world.World
	// users holds the identity of every configured user, by user ARN, so
	// that a token request does not look the user up again.
	users map[string]*world.Caller
}

// NewRAMAuthorizer builds the Authorizer backed by the ram library from
// the world cfg loaded (LoadConfig), and the user of every access key.
func NewRAMAuthorizer(cfg *Config) (Authorizer, error) {
	if cfg == nil || cfg.world == nil {
		return nil, errors.New("RAM authorizer: the configuration has no world (use LoadConfig)")
	}
	a := &ramAuthorizer{dir: cfg.world, users: map[string]*world.Caller{}}
	for _, k := range cfg.AccessKeys {
		p, err := arn.Parse(k.User)
		if err != nil {
			return nil, fmt.Errorf("user %s: %w", k.User, err)
		}
		id, err := a.dir.Caller(p)
		if err != nil {
			return nil, fmt.Errorf("user %s: %w", k.User, err)
		}
		a.users[k.User] = id
	}
	return a, nil
}

// identity returns the library identity of an authenticated principal.
func (a *ramAuthorizer) identity(p *Principal) (*world.Caller, error) {
	switch p.Kind {
	case KindUser:
		if id := a.users[p.ARN]; id != nil {
			return id, nil
		}
		return nil, fmt.Errorf("user %s is not in the RAM directory", p.ARN)
	case KindRoleSession:
		if id, ok := p.Session.(*world.Caller); ok && id != nil {
			return id, nil
		}
		return nil, fmt.Errorf("role session %s carries no RAM session", p.ARN)
	}
	return nil, fmt.Errorf("principal %s has unknown kind %d", p.ARN, p.Kind)
}

// Authorize decides each check with the principal's identity: its own and
// its groups' policies for a user; the role's policies, narrowed by any
// session policy, for a role session.
func (a *ramAuthorizer) Authorize(_ context.Context, p *Principal, checks []Check, rc RequestContext) ([]Decision, error) {
	id, err := a.identity(p)
	if err != nil {
		return nil, err
	}
	req := eval.Request{Principal: id.ARN(), Context: eval.NewContext(rc)}
	out := make([]Decision, len(checks))
	for i, c := range checks {
		req.Action, req.Resource = c.Action, c.Resource
		out[i] = decisionOf(id.Evaluate(&req, nil))
	}
	return out, nil
}

// AssumeRole runs the library's STS AssumeRole simulation: its parameter
// checks (RoleArn, role existence, RoleSessionName, DurationSeconds,
// ExternalId, SourceIdentity, session policy), then the decision of the
// caller's identity policies and the role's trust policy.
func (a *ramAuthorizer) AssumeRole(_ context.Context, caller *Principal, in AssumeRoleInput, rc RequestContext) (AssumeRoleResult, error) {
	id, err := a.identity(caller)
	if err != nil {
		return AssumeRoleResult{}, err
	}
	hop := a.dir.AssumeRole(id, world.AssumeRoleInput{
		RoleARN:         in.RoleARN,
		SessionName:     in.SessionName,
		DurationSeconds: in.DurationSeconds,
		ExternalID:      in.ExternalID,
		SourceIdentity:  in.SourceIdentity,
		Policy:          in.Policy,
		Context:         eval.NewContext(rc),
	})
	if hop.Err != nil {
		// Whether a role exists, and which parameters it takes, is for the
		// callers it admits: to anyone else a missing role, and any error
		// found once the role was, is the denial a refused caller gets (the
		// audit line keeps the reason). Only errors found before the role is
		// looked up (RoleArn's form, a root caller) are told as they are.
		if world.Code(hop.Err) == "RoleNotFound" || hop.Role.IsValid() && !a.admits(id, in.RoleARN, rc) {
			return AssumeRoleResult{Decision: Decision{Effect: ImplicitDeny, Err: hop.Err}}, nil
		}
		return AssumeRoleResult{}, stsInputError(hop.Err)
	}
	res := AssumeRoleResult{Decision: decisionOf(hop.Result)}
	if hop.Allowed() {
		s := hop.Session
		res.Session = s
		res.ARN = s.ARN().String()
		res.Duration = time.Duration(s.DurationSeconds()) * time.Second
		res.SourceIdentity = s.SourceIdentity()
	}
	return res, nil
}

// admits reports whether the caller may assume the role with well-formed
// parameters and nothing optional: the caller's policies and the role's
// trust policy both allow.
func (a *ramAuthorizer) admits(id *world.Caller, role string, rc RequestContext) bool {
	return a.dir.AssumeRole(id, world.AssumeRoleInput{RoleARN: role, SessionName: "probe", Context: eval.NewContext(rc)}).Allowed()
}

// decisionOf converts a library result. Statement references are rendered
// without their line and column: those count in the file each policy is
// written in (world.json, or a policy file of its own), which an audit line
// would not name.
func decisionOf(r eval.Result) Decision {
	d := Decision{Err: r.Err}
	switch r.Decision {
	case eval.Allow:
		d.Effect = Allow
	case eval.ExplicitDeny:
		d.Effect = ExplicitDeny
	default:
		d.Effect = ImplicitDeny
	}
	refs := r.DecidedBy()
	if len(refs) > 0 {
		d.DecidedBy = make([]string, len(refs))
		for i, ref := range refs {
			ref.Line, ref.Column = 0, 0
			d.DecidedBy[i] = ref.String()
		}
	}
	return d
}

// stsCodes maps the library's AssumeRole error kinds (eval.Code) to the
// HTTP status and error code that Alibaba Cloud STS answers.
var stsCodes = map[string]struct {
	status int
	code   string
}{
	"RootCannotAssumeRole":   {http.StatusForbidden, "NoPermission"},
	"InvalidRoleArn":         {http.StatusBadRequest, "InvalidParameter.RoleArn"},
	"RoleNotFound":           {http.StatusNotFound, "EntityNotExist.Role"},
	"InvalidRoleSessionName": {http.StatusBadRequest, "InvalidParameter.RoleSessionName"},
	"InvalidDurationSeconds": {http.StatusBadRequest, "InvalidParameter.DurationSeconds"},
	"InvalidExternalId":      {http.StatusBadRequest, "InvalidParameter.ExternalId"},
	"InvalidSourceIdentity":  {http.StatusBadRequest, "InvalidParameter.SourceIdentity"},
}

// Bounds of a PolicyGrammar message: a session policy of a few KiB can hold
// thousands of problems, each naming a long JSON Pointer; the client gets
// the first few, in a message of bounded length.
const (
	maxPolicyProblems = 5
	maxMessageBytes   = 1024
)

// policyProblems renders the first problems of a session policy, one after
// the other, and says how many more there were.
func policyProblems(err error) string {
	var list policy.ErrorList
	if !errors.As(err, &list) {
		return clip("Policy: "+strings.ReplaceAll(err.Error(), "\n", "; "), maxMessageBytes)
	}
	parts := make([]string, 0, maxPolicyProblems+1)
	for i, e := range list {
		if i == maxPolicyProblems {
			parts = append(parts, fmt.Sprintf("and %d more", len(list)-i))
			break
		}
		parts = append(parts, clip(e.Error(), maxMessageBytes/(maxPolicyProblems+1)))
	}
	return clip("Policy: "+strings.Join(parts, "; "), maxMessageBytes)
}

// clip cuts s to n bytes at a character boundary, marking the cut.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := n - len("...")
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "..."
}

// stsInputError turns the parameter error of an AssumeRole hop into an
// *InputError. Session-policy errors (the policy package's kinds) become
// InvalidParameter.PolicyGrammar with the parser's positioned messages,
// which concern only the client's own Policy text. An error of no known
// kind is returned as is: the STS endpoint treats it as internal.
func stsInputError(err error) error {
	msg := err.Error()
	code := world.Code(err)
	if c, ok := stsCodes[code]; ok {
		return &InputError{Status: c.status, Code: c.code, Message: msg}
	}
	if policy.Code(err) != "" {
		return &InputError{Status: http.StatusBadRequest, Code: "InvalidParameter.PolicyGrammar",
			Message: policyProblems(err)}
	}
	return err
}
