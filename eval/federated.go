package eval

import (
	"errors"
	"fmt"
	"strings"

	"github.com/rampolicy/ram/arn"
)

// ErrInvalidProvider is wrapped when a federated call names a provider ARN of the wrong
// form or kind.
var ErrInvalidProvider = errors.New("eval: invalid identity provider")

// FederatedInput is one AssumeRoleWithSAML or AssumeRoleWithOIDC call: the first hop of a
// chain that starts outside RAM.
type FederatedInput struct {
	// Provider is acs:ram::UID:saml-provider/NAME (SAML) or acs:ram::UID:oidc-provider/NAME (OIDC).
	Provider        string
	RoleArn         string
	SessionName     string
	DurationSeconds int
	Policy          []byte // optional session policy text
	// Claims are the assertion's or token's claims as condition keys: saml:recipient;
	// oidc:aud, oidc:iss, oidc:sub. The caller has verified the assertion or token.
	Claims Context
}

// AssumeRoleWithSAML simulates STS AssumeRoleWithSAML: the role's trust policy alone
// decides (there is no caller identity policy), and it must name the SAML provider as a
// Federated principal. Its action is sts:AssumeRole, as in Alibaba's trust policies.
func (d *Directory) AssumeRoleWithSAML(in FederatedInput) *Hop {
	return d.assumeFederated(in, "saml-provider")
}

// AssumeRoleWithOIDC simulates STS AssumeRoleWithOIDC, like AssumeRoleWithSAML with an
// OIDC provider.
func (d *Directory) AssumeRoleWithOIDC(in FederatedInput) *Hop {
	return d.assumeFederated(in, "oidc-provider")
}

func (d *Directory) assumeFederated(in FederatedInput, providerType string) *Hop {
	h := &Hop{dir: d}
	fail := func(sentinel error, format string, args ...any) *Hop {
		h.Err = fmt.Errorf("%w: %s", sentinel, fmt.Sprintf(format, args...))
		return h
	}
	pa, err := arn.Parse(in.Provider)
	typ, name, _ := strings.Cut(pa.Resource(), "/")
	if err != nil || pa.Service() != "ram" || pa.Region() != "" || typ != providerType || name == "" {
		return fail(ErrInvalidProvider, "%q is not acs:ram::UID:%s/NAME", in.Provider, providerType)
	}
	r, dur, err := d.target(in.RoleArn, in.SessionName, in.DurationSeconds, false)
	if r != nil {
		h.Role = r.arn
	}
	if err != nil {
		h.Err = err
		return h
	}
	session, err := sessionPolicy(in.Policy)
	if err != nil {
		h.Err = err
		return h
	}
	req := &Request{Action: "sts:AssumeRole", Resource: r.arn.String(), Context: in.Claims}
	var st reqState
	st.init(req)
	st.federated = pa.String()
	var rec recorder
	out := r.trust.eval(&st, &rec)
	switch {
	case out.denied:
		h.Result = rec.denies.result(ExplicitDeny, StageIdentity, 0)
	case out.allowed:
		h.Result = rec.allows.result(Allow, StageIdentity, 0)
	default:
		h.Result = Result{Stage: StageIdentity}
	}
	if h.Result.Decision != Allow {
		return h
	}
	h.Session = newSession(r, in.SessionName, session, dur, "", false)
	return h
}
