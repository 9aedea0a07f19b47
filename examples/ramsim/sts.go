package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/rampolicy/ram/arn"
	"github.com/rampolicy/ram/eval"
	"github.com/rampolicy/ram/eval/world"
)

// printHop prints one AssumeRole hop and its proof: the identity and trust statements
// that allowed it, or why it failed.
func printHop(w io.Writer, d *world.World, i int, h *world.Hop) {
	role := h.Role.String()
	if role == "" {
		role = "(no role)"
	}
	switch {
	case h.Err != nil:
		fmt.Fprintf(w, "hop %d  %s  ->  %s  ERROR %s\n", i+1, hopCaller(h), role, world.Code(h.Err))
		fmt.Fprintf(w, "       %s\n", h.Err)
		return
	case h.Allowed():
		fmt.Fprintf(w, "hop %d  %s  ->  %s  ALLOW\n", i+1, hopCaller(h), role)
	default:
		fmt.Fprintf(w, "hop %d  %s  ->  %s  %s\n", i+1, hopCaller(h), role, verdictWord(h.Result.Decision))
	}
	trustNames := map[string]bool{}
	if t := d.TrustPolicy(h.Role); t != nil {
		for _, n := range t.Names() {
			trustNames[n] = true
		}
	}
	for _, s := range h.Result.DecidedBy() {
		side := "identity"
		if trustNames[s.Policy] {
			side = "trust   "
		}
		fmt.Fprintf(w, "       %s %s\n", side, s)
	}
	if !h.Allowed() {
		fmt.Fprint(w, indent(h.Explain().String(), "       "))
	}
	if h.Session != nil {
		fmt.Fprintf(w, "       session %s\n", h.Session.ARN())
	}
}

// worldQuery is the flags the commands on a world's directory share.
type worldQuery struct {
	path string
	ctx  contextFlag
}

// addWorldQuery adds -world and -context to c.
func addWorldQuery(c *command, contextUsage string) *worldQuery {
	q := &worldQuery{}
	c.fs.StringVar(&q.path, "world", "", "world file (a decision table with a directory)")
	c.fs.Var(&q.ctx, "context", contextUsage)
	return q
}

// loadDirectory loads the world file and returns its directory, or the status to exit
// with after reporting why not.
func loadDirectory(c *command, path string) (*world.World, int) {
	if path == "" {
		return nil, c.usageError("-world is required")
	}
	w, _, err := world.LoadOptions{AllowCases: true}.LoadFile(path)
	if err != nil {
		return nil, c.inputError(err)
	}
	if len(w.Accounts()) == 0 {
		return nil, c.inputError(fmt.Errorf("%s has no directory", path))
	}
	return w, 0
}

// cmdAssume walks an explicit chain: each ROLE_ARN[@SESSION] is one AssumeRole call made
// by the previous hop's session.
func cmdAssume(args []string, stdout, stderr io.Writer) int {
	c := newCommand("assume", "-world W.json -caller ARN [-context KEY=VALUE]... ROLE_ARN[@SESSION]...",
		"Walk a chain of AssumeRole calls, each made by the previous hop's session, and print\n"+
			"every hop with the statements that allowed it or why it failed.", stdout, stderr).withJSON()
	wq := addWorldQuery(c, "condition key KEY=VALUE for every hop (repeatable)")
	caller := c.fs.String("caller", "", "the first caller's ARN, or UID@SERVICE for a service acting for an account")
	roles, status, ok := c.parse(args)
	if !ok {
		return status
	}
	if *caller == "" || len(roles) == 0 {
		return c.usageError("want -caller and at least one ROLE_ARN")
	}
	d, status := loadDirectory(c, wq.path)
	if d == nil {
		return status
	}
	id, err := worldCaller(d, *caller)
	if err != nil {
		return c.inputError(fmt.Errorf("-caller: %w", err))
	}
	var hops []world.AssumeRoleInput
	for i, a := range roles {
		roleARN, session, ok := strings.Cut(a, "@")
		if !ok {
			session = fmt.Sprintf("ramsim-%d", i+1)
		}
		hops = append(hops, world.AssumeRoleInput{RoleARN: roleARN, SessionName: session, Context: wq.ctx.ctx})
	}
	res := d.Chain(id, hops)
	if *c.json {
		c.printJSON(res)
	} else {
		for i, h := range res.Hops {
			printHop(stdout, d, i, h)
		}
		if i, _ := res.Failed(); i >= 0 {
			fmt.Fprintf(stdout, "chain fails at hop %d\n", i+1)
		} else {
			fmt.Fprintf(stdout, "chain allowed: %s\n", res.Final.ARN())
		}
	}
	if !res.Allowed() {
		return exitNo
	}
	return exitOK
}

// cmdPath finds a shortest AssumeRole chain from one principal to a role.
func cmdPath(args []string, stdout, stderr io.Writer) int {
	c := newCommand("path", "-world W.json -from ARN -to ROLE_ARN [-max-hops N] [-context KEY=VALUE]...",
		"Find a shortest chain of AssumeRole calls by which a principal obtains a session of a\n"+
			"role, and walk it hop by hop.", stdout, stderr).withJSON()
	wq := addWorldQuery(c, "condition key KEY=VALUE for every hop (repeatable)")
	from := c.fs.String("from", "", "starting principal ARN, or UID@SERVICE for a service acting for an account")
	to := c.fs.String("to", "", "target role ARN")
	maxHops := c.fs.Int("max-hops", 5, "longest chain to consider")
	if status, ok := c.parseFlags(args); !ok {
		return status
	}
	if *from == "" || *to == "" {
		return c.usageError("-from and -to are required")
	}
	d, status := loadDirectory(c, wq.path)
	if d == nil {
		return status
	}
	f := *from
	t, err := arn.Parse(*to)
	if err != nil {
		return c.inputError(fmt.Errorf("-to: %w", err))
	}
	res, err := reachFrom(d, f, t, world.ReachQuery{MaxHops: *maxHops, Context: wq.ctx.ctx})
	if err != nil {
		return c.inputError(err)
	}
	switch {
	case *c.json:
		c.printJSON(res)
	case !res.Allowed():
		fmt.Fprintf(stdout, "no chain of at most %d hops leads from %s to %s\n", *maxHops, f, t)
	default:
		for i, h := range res.Hops {
			printHop(stdout, d, i, h)
		}
		fmt.Fprintf(stdout, "%d hop(s): %s reaches %s\n", len(res.Hops), f, t)
	}
	if !res.Allowed() {
		return exitNo
	}
	return exitOK
}

// cmdWhoCan lists every principal that can make a request, with the chain it uses.
func cmdWhoCan(args []string, stdout, stderr io.Writer) int {
	c := newCommand("whocan", "-world W.json -action A -resource R [-max-hops N] [-context KEY=VALUE]...",
		"List every user and role of the world that can make a request, directly or through a\n"+
			"chain of role assumptions, each with a shortest chain.", stdout, stderr).withJSON()
	wq := addWorldQuery(c, "condition key KEY=VALUE (repeatable)")
	action := c.fs.String("action", "", "action, service:Name")
	resource := c.fs.String("resource", "", "resource ARN")
	maxHops := c.fs.Int("max-hops", 5, "longest chain of role assumptions to consider")
	if status, ok := c.parseFlags(args); !ok {
		return status
	}
	if *action == "" || *resource == "" {
		return c.usageError("-action and -resource are required")
	}
	d, status := loadDirectory(c, wq.path)
	if d == nil {
		return status
	}
	req := &eval.Request{Action: *action, Resource: *resource}
	found, err := d.WhoCan(req, world.ReachQuery{MaxHops: *maxHops, Context: wq.ctx.ctx})
	if err != nil {
		return c.inputError(err)
	}
	if *c.json {
		c.printJSON(found)
	} else {
		fmt.Fprintf(stdout, "%d principal(s) can %s on %s:\n", len(found), *action, *resource)
		for _, f := range found {
			if len(f.Via) == 0 {
				fmt.Fprintf(stdout, "  %s  directly\n", f)
				continue
			}
			var via []string
			for _, v := range f.Via {
				via = append(via, v.String())
			}
			fmt.Fprintf(stdout, "  %s  via %s\n", f, strings.Join(via, " -> "))
		}
	}
	if len(found) == 0 {
		return exitNo
	}
	return exitOK
}
