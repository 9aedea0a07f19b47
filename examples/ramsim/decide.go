package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/rampolicy/ram/arn"
	"github.com/rampolicy/ram/eval"
	"github.com/rampolicy/ram/eval/world"
	"github.com/rampolicy/ram/policy"
)

// cmdDecide decides one request and prints the decision, the statements that decided and,
// with -explain or on a denial, every statement's fate.
func cmdDecide(args []string, stdout, stderr io.Writer) int {
	c := newCommand("decide", "-world W.json -action A -resource R [-principal ARN] [flags]",
		"Decide one request and print the decision and the statements that decided; with -explain,\n"+
			"or on a denial, every statement's fate.", stdout, stderr).withJSON()
	fs := c.fs
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
	if status, ok := c.parseFlags(args); !ok {
		return status
	}
	if *worldPath == "" || *action == "" || *resource == "" {
		return c.usageError("-world, -action and -resource are required")
	}
	w, pols, err := world.LoadOptions{AllowCases: true}.LoadFile(*worldPath)
	if err != nil {
		return c.inputError(err)
	}
	req := &eval.Request{Action: *action, Resource: *resource, Context: ctx.ctx}
	var sets []*eval.PolicySet
	for _, name := range policies {
		ps, err := pols.Set(policy.IdentityPolicy, name)
		if err != nil {
			return c.inputError(err)
		}
		sets = append(sets, ps)
	}
	extra, err := eval.Union(sets...)
	if err != nil {
		return c.inputError(err)
	}
	var sessionSet, res *eval.PolicySet
	if *session != "" {
		if sessionSet, err = pols.Set(policy.SessionPolicy, *session); err != nil {
			return c.inputError(err)
		}
	}
	if *resourcePolicy != "" {
		if res, err = pols.Set(policy.ResourcePolicy, *resourcePolicy); err != nil {
			return c.inputError(err)
		}
	}
	// A principal of the world decides with its own policies too (and, for
	// sts:AssumeRole on a role of the world, that role's trust policy); any other
	// request with the named policies alone.
	var ev decider = eval.NewEvaluator(eval.Config{IdentityPolicies: extra, SessionPolicy: sessionSet})
	if *principal != "" {
		p, err := arn.Parse(*principal)
		if err != nil {
			return c.inputError(fmt.Errorf("-principal: %w", err))
		}
		req.Principal = p
		if len(w.Accounts()) > 0 {
			caller, err := w.Caller(p)
			if err == nil {
				caller, err = caller.WithPolicies(extra, sessionSet)
			}
			if err != nil {
				return c.inputError(err)
			}
			req.Principal = caller.ARN()
			ev = caller
		}
	}
	r := ev.Evaluate(req, res)
	switch {
	case *c.json && *explain:
		c.printJSON(ev.Explain(req, res))
	case *c.json:
		c.printJSON(r)
	default:
		printDecision(stdout, req, r, ev, res, *explain)
	}
	switch {
	case r.Err != nil:
		return exitInput
	case r.Decision != eval.Allow:
		return exitNo
	}
	return exitOK
}

// printDecision prints a decision as text: the verdict, the deciding statements, and the
// explanation when asked for or on a denial.
func printDecision(stdout io.Writer, req *eval.Request, r eval.Result, ev decider, res *eval.PolicySet, explain bool) {
	fmt.Fprintf(stdout, "%s  %s %s on %s\n", verdictWord(r.Decision), principalOr(req.Principal), req.Action, req.Resource)
	if r.Err != nil {
		fmt.Fprintln(stdout, "  invalid request:", r.Err)
		return
	}
	for _, s := range r.DecidedBy() {
		fmt.Fprintln(stdout, "  decided by", s)
	}
	if explain || r.Decision != eval.Allow {
		fmt.Fprint(stdout, indent(ev.Explain(req, res).String(), "  "))
	}
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
