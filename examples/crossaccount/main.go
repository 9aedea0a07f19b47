// Command crossaccount walks a CI user in a tooling account to a deployer role in a
// production account, and pushes to the production registry; then it walks an ACK
// cluster's nodes (ECS acting for the cluster's account) through the cluster's worker
// role to a registry role in another account, and pulls. It prints every step with the
// statements that allowed it.
//
//	go run ./examples/crossaccount
package main

import (
	"fmt"
	"io"
	"os"

	"github.com/rampolicy/ram/arn"
	"github.com/rampolicy/ram/eval"
	"github.com/rampolicy/ram/eval/world"
	"github.com/rampolicy/ram/policy"
)

const (
	tooling    = "2222222222222222" // where CI runs
	production = "1111111111111111" // where the registry is
)

// doc parses one of the example's constant policies; a failure is a bug in the example.
func doc(kind policy.Kind, text string) *policy.Document {
	d, err := policy.Parse([]byte(text), kind)
	if err != nil {
		panic(err)
	}
	return d
}

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "crossaccount:", err)
		os.Exit(1)
	}
}

func run(w io.Writer) error {
	// The tooling account lets its CI user assume exactly one role in production.
	assumeDeployer := eval.Policy{Name: "ci-assume-deployer", Doc: doc(policy.IdentityPolicy, `{"Version":"1","Statement":[
	  {"Effect":"Allow","Action":"sts:AssumeRole","Resource":"acs:ram:*:`+production+`:role/deployer"}]}`)}
	// Production trusts the tooling account, but only with its external ID.
	trustTooling := eval.Policy{Name: "deployer-trust", Doc: doc(policy.TrustPolicy, `{"Version":"1","Statement":[
	  {"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"RAM":"acs:ram::`+tooling+`:root"},
	   "Condition":{"StringEquals":{"sts:ExternalId":"tooling-ci-7f3a"}}}]}`)}
	// The deployer may push to the prod namespace, never delete.
	deployer := eval.Policy{Name: "deployer-push", Doc: doc(policy.IdentityPolicy, `{"Version":"1","Statement":[
	  {"Effect":"Allow","Action":["cr:PullRepository","cr:PushRepository"],"Resource":"acs:cr:*:`+production+`:repository/prod/*"},
	  {"Effect":"Deny","Action":"cr:DeleteRepository","Resource":"*"}]}`)}

	dir, err := world.New([]world.Account{
		{ID: tooling, Users: []world.User{{Name: "ci", Policies: []eval.Policy{assumeDeployer}}}},
		{ID: production, Roles: []world.Role{{Name: "deployer", Trust: trustTooling, Policies: []eval.Policy{deployer}}}},
	})
	if err != nil {
		return err
	}
	ci, err := dir.Caller(arn.MustParse("acs:ram::" + tooling + ":user/ci"))
	if err != nil {
		return err
	}
	role := "acs:ram::" + production + ":role/deployer"

	fmt.Fprintln(w, "1. ci assumes the production deployer role without the external ID")
	show(w, dir.AssumeRole(ci, world.AssumeRoleInput{RoleARN: role, SessionName: "build-1042"}))

	fmt.Fprintln(w, "2. ci assumes it with the external ID")
	hop := dir.AssumeRole(ci, world.AssumeRoleInput{RoleARN: role, SessionName: "build-1042", ExternalID: "tooling-ci-7f3a", DurationSeconds: 900})
	show(w, hop)
	if !hop.Allowed() {
		return fmt.Errorf("the hop with the external ID was denied")
	}
	session := hop.Session

	repo := "acs:cr:cn-hangzhou:" + production + ":repository/prod/web"
	for i, action := range []string{"cr:PushRepository", "cr:DeleteRepository"} {
		fmt.Fprintf(w, "%d. the session asks for %s on %s\n", i+3, action, repo)
		r := session.Evaluate(&eval.Request{Action: action, Resource: repo}, nil)
		fmt.Fprintf(w, "   %s\n", r)
	}

	fmt.Fprintln(w, "5. could ci have pushed to production without the role?")
	r := dir.Evaluate(&eval.Request{Principal: ci.ARN(), Action: "cr:PushRepository", Resource: repo}, nil)
	fmt.Fprintf(w, "   %s (cross-account, and no policy of ci allows it)\n", r)

	fmt.Fprintln(w, "6. who can push to the production registry, through at most 2 role assumptions?")
	fmt.Fprintln(w, "   (a search supplies no ExternalId, the secret the trust policy asks for, so ci is not found)")
	found, err := dir.WhoCan(&eval.Request{Action: "cr:PushRepository", Resource: repo}, world.ReachQuery{MaxHops: 2})
	if err != nil {
		return err
	}
	for _, f := range found {
		fmt.Fprintf(w, "   %s via %v\n", f.Principal, f.Via)
	}
	fmt.Fprintln(w)
	return runACK(w)
}

func show(w io.Writer, h *world.Hop) {
	if h.Err != nil {
		fmt.Fprintf(w, "   error %s: %v\n", world.Code(h.Err), h.Err)
		return
	}
	fmt.Fprintf(w, "   %s\n", h.Result)
	if h.Allowed() {
		fmt.Fprintf(w, "   session %s for %d s\n", h.Session.ARN(), h.Session.DurationSeconds())
		return
	}
	if h.Service.IsValid() {
		fmt.Fprintf(w, "   (the caller is the service %s)\n", h.Service)
	}
	fmt.Fprint(w, indent(h.Explain().String()))
}

func indent(s string) string {
	out := ""
	start := 0
	for i := 0; i < len(s); i++ {
		if s[i] == '\n' {
			out += "   " + s[start:i+1]
			start = i + 1
		}
	}
	return out
}
