package main

import (
	"flag"
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
		fmt.Fprintf(w, "hop %d  %s  ->  %s  ERROR %s\n", i+1, h.Caller, role, world.Code(h.Err))
		fmt.Fprintf(w, "       %s\n", h.Err)
		return
	case h.Allowed():
		fmt.Fprintf(w, "hop %d  %s  ->  %s  ALLOW\n", i+1, h.Caller, role)
	default:
		fmt.Fprintf(w, "hop %d  %s  ->  %s  %s\n", i+1, h.Caller, role, verdictWord(h.Result.Decision))
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

// cmdAssume walks an explicit chain: each ROLE_ARN[@SESSION] is one AssumeRole call made
// by the previous hop's session.
func cmdAssume(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("assume", flag.ContinueOnError)
	fs.SetOutput(stderr)
	worldPath := fs.String("world", "", "world file (a decision table with a directory)")
	caller := fs.String("caller", "", "the first caller's ARN")
	var ctx contextFlag
	fs.Var(&ctx, "context", "condition key KEY=VALUE for every hop (repeatable)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	w := loadWorld(*worldPath, stderr)
	if w == nil || w.Directory() == nil || fs.NArg() == 0 {
		fmt.Fprintln(stderr, "ramsim assume: want -world with a directory, -caller and at least one ROLE_ARN")
		return 2
	}
	d := w.Directory()
	p, err := arn.Parse(*caller)
	if err != nil {
		fmt.Fprintln(stderr, "ramsim assume: -caller:", err)
		return 2
	}
	id, err := d.Caller(p)
	if err != nil {
		fmt.Fprintln(stderr, "ramsim assume:", err)
		return 2
	}
	var hops []world.AssumeRoleInput
	for i, a := range fs.Args() {
		roleARN, session, ok := strings.Cut(a, "@")
		if !ok {
			session = fmt.Sprintf("ramsim-%d", i+1)
		}
		hops = append(hops, world.AssumeRoleInput{RoleARN: roleARN, SessionName: session, Context: ctx.ctx})
	}
	res := d.Chain(id, hops)
	for i, h := range res.Hops {
		printHop(stdout, d, i, h)
	}
	if !res.Allowed() {
		i, _ := res.Failed()
		fmt.Fprintf(stdout, "chain fails at hop %d\n", i+1)
		return 1
	}
	fmt.Fprintf(stdout, "chain allowed: %s\n", res.Final.ARN())
	return 0
}

// cmdPath finds a shortest AssumeRole chain from one principal to a role.
func cmdPath(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("path", flag.ContinueOnError)
	fs.SetOutput(stderr)
	worldPath := fs.String("world", "", "world file (a decision table with a directory)")
	from := fs.String("from", "", "starting principal ARN")
	to := fs.String("to", "", "target role ARN")
	maxHops := fs.Int("max-hops", 5, "longest chain to consider")
	var ctx contextFlag
	fs.Var(&ctx, "context", "condition key KEY=VALUE for every hop (repeatable)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	w := loadWorld(*worldPath, stderr)
	if w == nil || w.Directory() == nil {
		return 2
	}
	f, err1 := arn.Parse(*from)
	t, err2 := arn.Parse(*to)
	if err1 != nil || err2 != nil {
		fmt.Fprintln(stderr, "ramsim path: -from and -to must be ARNs")
		return 2
	}
	d := w.Directory()
	res, err := d.Reach(f, t, world.ReachQuery{MaxHops: *maxHops, Context: ctx.ctx})
	if err != nil {
		fmt.Fprintln(stderr, "ramsim path:", err)
		return 2
	}
	if !res.Allowed() {
		fmt.Fprintf(stdout, "no chain of at most %d hops leads from %s to %s\n", *maxHops, f, t)
		return 1
	}
	for i, h := range res.Hops {
		printHop(stdout, d, i, h)
	}
	fmt.Fprintf(stdout, "%d hop(s): %s reaches %s\n", len(res.Hops), f, t)
	return 0
}

// cmdWhoCan lists every principal that can make a request, with the chain it uses.
func cmdWhoCan(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("whocan", flag.ContinueOnError)
	fs.SetOutput(stderr)
	worldPath := fs.String("world", "", "world file (a decision table with a directory)")
	action := fs.String("action", "", "action, service:Name")
	resource := fs.String("resource", "", "resource ARN")
	maxHops := fs.Int("max-hops", 5, "longest chain of role assumptions to consider")
	var ctx contextFlag
	fs.Var(&ctx, "context", "condition key KEY=VALUE (repeatable)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	w := loadWorld(*worldPath, stderr)
	if w == nil || w.Directory() == nil {
		return 2
	}
	req := &eval.Request{Action: *action, Resource: *resource, Context: ctx.ctx}
	found, err := w.Directory().WhoCan(req, world.ReachQuery{MaxHops: *maxHops, Context: ctx.ctx})
	if err != nil {
		fmt.Fprintln(stderr, "ramsim whocan:", err)
		return 2
	}
	fmt.Fprintf(stdout, "%d principal(s) can %s on %s:\n", len(found), *action, *resource)
	for _, f := range found {
		if len(f.Via) == 0 {
			fmt.Fprintf(stdout, "  %s  directly\n", f.Principal)
			continue
		}
		var via []string
		for _, v := range f.Via {
			via = append(via, v.String())
		}
		fmt.Fprintf(stdout, "  %s  via %s\n", f.Principal, strings.Join(via, " -> "))
	}
	if len(found) == 0 {
		return 1
	}
	return 0
}
