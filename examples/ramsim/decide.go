package main

import (
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/rampolicy/ram/arn"
	"github.com/rampolicy/ram/eval"
	"github.com/rampolicy/ram/eval/evaltest"
	"github.com/rampolicy/ram/policy"
)

func loadWorld(path string, stderr io.Writer) *evaltest.World {
	if path == "" {
		fmt.Fprintln(stderr, "ramsim: -world FILE is required")
		return nil
	}
	w, err := evaltest.LoadWorld(path)
	if err != nil {
		fmt.Fprintln(stderr, "ramsim:", err)
		return nil
	}
	return w
}

// cmdDecide decides one request and prints the decision, the statements that decided and,
// with -explain or on a denial, every statement's fate.
func cmdDecide(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("decide", flag.ContinueOnError)
	fs.SetOutput(stderr)
	worldPath := fs.String("world", "", "world file (a decision table)")
	principal := fs.String("principal", "", "caller ARN (a user, role session or root of the directory)")
	session := fs.String("session", "", "session policy name")
	resourcePolicy := fs.String("resource-policy", "", "resource-based policy name")
	action := fs.String("action", "", "action, service:Name")
	resource := fs.String("resource", "", "resource ARN")
	explain := fs.Bool("explain", false, "explain every statement even when allowed")
	var policies listFlag
	fs.Var(&policies, "policy", "identity policy name (repeatable)")
	var ctx contextFlag
	fs.Var(&ctx, "context", "condition key KEY=VALUE (repeatable)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	w := loadWorld(*worldPath, stderr)
	if w == nil {
		return 2
	}
	req := &eval.Request{Action: *action, Resource: *resource, Context: ctx.ctx}
	var sets []*eval.PolicySet
	for _, name := range policies {
		ps, err := w.PolicySet(name, policy.IdentityPolicy)
		if err != nil {
			fmt.Fprintln(stderr, "ramsim decide:", err)
			return 2
		}
		sets = append(sets, ps)
	}
	extra, err := eval.Union(sets...)
	if err != nil {
		fmt.Fprintln(stderr, "ramsim decide:", err)
		return 2
	}
	var sessionSet, res *eval.PolicySet
	if *session != "" {
		if sessionSet, err = w.PolicySet(*session, policy.SessionPolicy); err != nil {
			fmt.Fprintln(stderr, "ramsim decide:", err)
			return 2
		}
	}
	if *resourcePolicy != "" {
		if res, err = w.PolicySet(*resourcePolicy, policy.ResourcePolicy); err != nil {
			fmt.Fprintln(stderr, "ramsim decide:", err)
			return 2
		}
	}
	// A principal of the world decides with its own policies too (and, for
	// sts:AssumeRole on a role of the world, that role's trust policy); any other
	// request with the named policies alone.
	var ev decider = eval.NewEvaluator(eval.Config{IdentityPolicies: extra, SessionPolicy: sessionSet})
	if *principal != "" {
		p, err := arn.Parse(*principal)
		if err != nil {
			fmt.Fprintln(stderr, "ramsim decide: -principal:", err)
			return 2
		}
		req.Principal = p
		if d := w.Directory(); d != nil {
			caller, err := d.Caller(p)
			if err == nil {
				caller, err = caller.WithPolicies(extra, sessionSet)
			}
			if err != nil {
				fmt.Fprintln(stderr, "ramsim decide:", err)
				return 2
			}
			req.Principal = caller.ARN()
			ev = caller
		}
	}
	r := ev.Evaluate(req, res)
	fmt.Fprintf(stdout, "%s  %s %s on %s\n", verdictWord(r.Decision), principalOr(req.Principal), req.Action, req.Resource)
	if r.Err != nil {
		fmt.Fprintln(stdout, "  invalid request:", r.Err)
		return 1
	}
	for _, s := range r.DecidedBy() {
		fmt.Fprintln(stdout, "  decided by", s)
	}
	if *explain || r.Decision != eval.Allow {
		fmt.Fprint(stdout, indent(ev.Explain(req, res).String(), "  "))
	}
	if r.Decision != eval.Allow {
		return 1
	}
	return 0
}

// decider decides and explains requests: an eval.Evaluator, or a world.Caller.
type decider interface {
	Evaluate(*eval.Request, *eval.PolicySet) eval.Result
	Explain(*eval.Request, *eval.PolicySet) eval.Explanation
}

func verdictWord(d eval.Decision) string {
	switch d {
	case eval.Allow:
		return "ALLOW"
	case eval.ExplicitDeny:
		return "DENY (explicit)"
	}
	return "DENY (implicit)"
}

func principalOr(p arn.ARN) string {
	if !p.IsValid() {
		return "(anonymous)"
	}
	return p.String()
}

func indent(s, by string) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	return by + strings.Join(lines, "\n"+by) + "\n"
}
