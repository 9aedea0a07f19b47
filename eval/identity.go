package eval

import (
	"fmt"
	"strings"

	"github.com/rampolicy/ram/arn"
)

// Identity is a caller known to a Directory: a user, an account root, or a role session
// (from AssumeRole, or a role taken as a session of itself). It carries the permissions
// that apply to its requests. It is immutable and safe for concurrent use.
type Identity struct {
	arn            arn.ARN
	role           *role // for role sessions
	ev             *Evaluator
	sourceIdentity string
	duration       int // seconds, for sessions from AssumeRole
	chained        bool
}

// ARN returns the identity's ARN: acs:ram::UID:user/NAME, acs:ram::UID:root or
// acs:ram::UID:role/ROLE/SESSION.
func (id *Identity) ARN() arn.ARN { return id.arn }

// Role returns the role of a role session, or the zero ARN.
func (id *Identity) Role() arn.ARN {
	if id.role == nil {
		return arn.ARN{}
	}
	return id.role.arn
}

// SourceIdentity returns the SourceIdentity the session carries, or "".
func (id *Identity) SourceIdentity() string { return id.sourceIdentity }

// DurationSeconds returns the session's duration, or 0 for a user or root.
func (id *Identity) DurationSeconds() int { return id.duration }

// Evaluator returns the evaluator of the identity's permissions (nil for a root, whose
// requests Identity.Evaluate decides).
func (id *Identity) Evaluator() *Evaluator { return id.ev }

// Identity returns the identity of a principal of the directory: a user, an account root
// (any numeric account), a role session or a role (as a session of it named by the
// role's ARN alone). Names are matched case-insensitively; the identity keeps the
// directory's spelling. The error wraps ErrUnknownPrincipal and ErrInvalidRequest.
func (d *Directory) Identity(p arn.ARN) (*Identity, error) {
	unknown := func() (*Identity, error) {
		return nil, fmt.Errorf("%w: %w: %s", ErrInvalidRequest, ErrUnknownPrincipal, p)
	}
	switch p.Kind() {
	case arn.KindRoot:
		return &Identity{arn: p, ev: NewEvaluator(Config{})}, nil
	case arn.KindUser:
		a := d.accounts[p.Account()]
		if a == nil {
			return unknown()
		}
		u := a.users[strings.ToLower(p.Name())]
		if u == nil {
			return unknown()
		}
		return &Identity{arn: u.arn, ev: u.ev}, nil
	case arn.KindRole, arn.KindRoleSession:
		r := d.role(p.Account(), p.Name())
		if r == nil {
			return unknown()
		}
		id := &Identity{arn: r.arn, role: r, ev: r.ev}
		if p.Kind() == arn.KindRoleSession {
			id.arn = arn.MustParse(r.arn.String() + "/" + p.SessionName())
		}
		return id, nil
	}
	return nil, fmt.Errorf("%w: %s is not a user, root, role or role session", ErrInvalidRequest, p)
}

// Evaluate decides a request made by the identity; the request's Principal is set to the
// identity. resource is the resource-based policy, or nil; for sts:AssumeRole on a role
// of the directory, nil means the role's trust policy.
func (d *Directory) evaluateAs(id *Identity, req Request, resource *PolicySet) Result {
	req.Principal = id.arn
	if resource == nil && isAssumeRole(req.Action) {
		if a, err := arn.Parse(req.Resource); err == nil {
			resource = d.TrustPolicy(a)
		}
	}
	return id.ev.Evaluate(&req, resource)
}

// Evaluate decides a request whose principal is a user, root, role or role session of
// the directory, with the principal's identity policies, control policies and (for
// sessions) session policy. resource is the resource-based policy, or nil; for
// sts:AssumeRole on a role of the directory, nil means the role's trust policy. An
// unknown principal is an invalid request (ImplicitDeny with Err set).
func (d *Directory) Evaluate(req *Request, resource *PolicySet) Result {
	id, err := d.Identity(req.Principal)
	if err != nil {
		return Result{Stage: StageInvalid, Err: err}
	}
	return d.evaluateAs(id, *req, resource)
}

// Evaluate decides a request made by this identity; see Directory.Evaluate. The
// request's Principal is ignored.
func (id *Identity) Evaluate(d *Directory, req *Request, resource *PolicySet) Result {
	return d.evaluateAs(id, *req, resource)
}
