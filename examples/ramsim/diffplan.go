package main

import (
	"fmt"
	"io"
	"os"
	"sort"
	"strings"

	"github.com/rampolicy/ram/eval"
	"github.com/rampolicy/ram/eval/analyze"
	"github.com/rampolicy/ram/eval/world"
	"github.com/rampolicy/ram/eval/world/terraform"
	"github.com/rampolicy/ram/eval/world/worldfile"
	"github.com/rampolicy/ram/policy"
)

// cmdDiffOrPlan is "ramsim diff": with -plan, the worlds before and after a Terraform
// plan; otherwise the checks of cmdDiff.
func cmdDiffOrPlan(args []string, stdout, stderr io.Writer) int {
	for _, a := range args {
		if a == "--" {
			break
		}
		if a == "-plan" || a == "--plan" || strings.HasPrefix(a, "-plan=") || strings.HasPrefix(a, "--plan=") {
			return cmdDiffPlan(args, stdout, stderr)
		}
	}
	return cmdDiff(args, stdout, stderr)
}

const diffPlanAbout = `Does a Terraform plan grant new access? Import the worlds before and after the plan
(the output of "terraform show -json PLAN"; see ramsim import terraform) and print, per
user and role, the requests it newly allows (witnesses, decided by the evaluator, control
policies included), the callers a role's trust policy newly admits (another account's
included), and the new AssumeRole chains. Exit 1 when there is any, and also when the
plan leaves something the comparison needs unknown until apply (listed on stderr): such
a plan cannot be shown to grant nothing new.`

// cmdDiffPlan compares the worlds before and after a plan.
func cmdDiffPlan(args []string, stdout, stderr io.Writer) int {
	c := newCommand("diff", "-plan PLAN.json [-account UID] [-rd-path F,...,ROOT] [-max-hops N] [-json]", diffPlanAbout, stdout, stderr)
	fs := c.fs
	planPath := fs.String("plan", "", "the plan, as terraform show -json prints it")
	account := fs.String("account", "", "the account the configuration is for (default: the account of the roles' ARNs)")
	rdPath := fs.String("rd-path", "", "the account's Resource Directory folders, nearest first, comma-separated, ending with the root folder")
	maxHops := fs.Int("max-hops", 3, "the longest AssumeRole chain looked for")
	asJSON := fs.Bool("json", false, "print the answer as JSON")
	var detached listFlag
	fs.Var(&detached, "rd-detached", "a target (account ID or folder) whose default FullAliyunAccess was detached (repeatable)")
	system, custom := policyFiles{}, policyFiles{}
	fs.Var(system, "system-policy", "NAME=FILE: the text of a system policy that is not embedded (repeatable)")
	fs.Var(custom, "custom-policy", "NAME=FILE: a custom policy attached but not created by the configuration (repeatable)")
	rest, status, ok := c.parse(args)
	if !ok {
		return status
	}
	if len(rest) > 0 || *planPath == "" {
		return c.usageError("want -plan PLAN.json and no other argument")
	}
	data, err := os.ReadFile(*planPath)
	if err != nil {
		return c.inputError(err)
	}
	opts := terraform.Options{AccountID: *account, DetachedFullAccess: detached, SystemPolicies: system, CustomPolicies: custom}
	if *rdPath != "" {
		opts.ControlPath = strings.Split(*rdPath, ",")
	}
	imp, err := terraform.Read(data, opts)
	if err != nil {
		return c.inputError(fmt.Errorf("%s: %w", *planPath, err))
	}
	if !imp.Plan {
		return c.usageError("%s is a state, not a plan", *planPath)
	}
	d, err := comparePlan(imp, *maxHops)
	if err != nil {
		return diffError(c, err)
	}
	gained := len(d.NewPaths) > 0 || len(d.Trust) > 0
	for _, p := range d.Principals {
		gained = gained || !p.Added.Pass
	}
	if *asJSON {
		c.printJSON(d)
	} else {
		d.write(stdout, gained)
	}
	for _, p := range d.Unresolved {
		fmt.Fprintf(stderr, "ramsim diff: not compared: %s\n", p)
	}
	if gained || len(d.Unresolved) > 0 {
		return exitNo
	}
	return exitOK
}

// planDiff is the answer of diff -plan.
type planDiff struct {
	*analyze.WorldDiff
	// Trust holds the roles whose trust policy admits a caller it did not.
	Trust []trustChange `json:"trust"`
	// Unresolved is what the plan leaves out of the comparison (values unknown until
	// apply, things managed elsewhere).
	Unresolved []string `json:"unresolved"`
}

type trustChange struct {
	Role       string          `json:"role"`
	NewCallers *analyze.Result `json:"newCallers"`
}

func comparePlan(imp *terraform.Import, maxHops int) (*planDiff, error) {
	before, beforePolicies, err := imp.Before.World()
	if err != nil {
		return nil, fmt.Errorf("%w: the world before the plan: %w", analyze.ErrInput, err)
	}
	after, afterPolicies, err := imp.After.World()
	if err != nil {
		return nil, fmt.Errorf("%w: the world after the plan: %w", analyze.ErrInput, err)
	}
	wd, err := analyze.CompareWorlds(before.Accounts(), after.Accounts(), maxHops, nil)
	if err != nil {
		return nil, err
	}
	d := &planDiff{WorldDiff: wd, Trust: []trustChange{}, Unresolved: []string{}}
	// CompareWorlds compares what principals may do; who may become a role is its trust
	// policy's business, and a caller of another account is in neither world.
	for _, id := range sortedKeys(imp.After.Directory.Accounts) {
		a := imp.After.Directory.Accounts[id]
		var old *worldfile.Account
		if imp.Before != nil {
			old = imp.Before.Directory.Accounts[id]
		}
		for _, name := range sortedKeys(a.Roles) {
			newSet, err := trustSet(afterPolicies, a.Roles[name].Trust)
			if err != nil {
				return nil, err
			}
			oldSet := analyze.Set{Kind: policy.TrustPolicy}
			if old != nil {
				if r := lookupFold(old.Roles, name); r != nil {
					if oldSet, err = trustSet(beforePolicies, r.Trust); err != nil {
						return nil, err
					}
				}
			}
			res, err := analyze.NoNewAccess(oldSet, newSet, &analyze.Options{Owner: id})
			if err != nil {
				return nil, fmt.Errorf("role %s of %s: trust policy: %w", name, id, err)
			}
			if !res.Pass {
				d.Trust = append(d.Trust, trustChange{Role: "acs:ram::" + id + ":role/" + name, NewCallers: res})
			}
		}
	}
	for _, p := range imp.Unresolved {
		d.Unresolved = append(d.Unresolved, p.String())
	}
	return d, nil
}

func trustSet(p *world.Policies, name string) (analyze.Set, error) {
	pol, err := p.Policy(name, policy.TrustPolicy)
	if err != nil {
		return analyze.Set{}, err
	}
	return analyze.Set{Kind: policy.TrustPolicy, Policies: []eval.Policy{pol}}, nil
}

// lookupFold finds a role by name ignoring letter case, as RAM compares names.
func lookupFold(m map[string]*worldfile.Role, name string) *worldfile.Role {
	if r, ok := m[name]; ok {
		return r
	}
	for k, r := range m {
		if strings.EqualFold(k, name) {
			return r
		}
	}
	return nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// write prints the answer as diff -world does, with the trust changes.
func (d *planDiff) write(w io.Writer, gained bool) {
	if !gained && len(d.Principals) == 0 {
		fmt.Fprintln(w, "no principal gains or loses access; no role admits a new caller; no new AssumeRole chain: PASS")
	}
	for _, p := range d.Principals {
		fmt.Fprintf(w, "%s\n", p.Principal)
		writeResult(w, "  new access", p.Added)
		writeResult(w, "  removed access", p.Removed)
	}
	for _, t := range d.Trust {
		fmt.Fprintf(w, "%s\n", t.Role)
		writeResult(w, "  new callers (trust policy)", t.NewCallers)
	}
	for _, p := range d.NewPaths {
		var hops []string
		for _, h := range p.Path {
			hops = append(hops, h.String())
		}
		fmt.Fprintf(w, "new AssumeRole chain: %s -> %s\n", p.From, strings.Join(hops, " -> "))
	}
}
