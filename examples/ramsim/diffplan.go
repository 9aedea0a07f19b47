package main

import (
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/rampolicy/ram/eval/analyze"
	"github.com/rampolicy/ram/eval/world/terraform"
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
	maxHops := fs.Int("max-hops", 3, "the longest AssumeRole chain looked for")
	asJSON := fs.Bool("json", false, "print the answer as JSON")
	tf := addTerraformFlags(fs)
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
	imp, err := terraform.Read(data, tf.options())
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
	gained := d.Gained()
	if *asJSON {
		c.printJSON(d)
	} else {
		writeWorldDiff(stdout, d.WorldDiff)
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
	// Unresolved is what the plan leaves out of the comparison (values unknown until
	// apply, things managed elsewhere).
	Unresolved []string `json:"unresolved"`
}

func comparePlan(imp *terraform.Import, maxHops int) (*planDiff, error) {
	before, _, err := imp.Before.World()
	if err != nil {
		return nil, fmt.Errorf("%w: the world before the plan: %w", analyze.ErrInput, err)
	}
	after, _, err := imp.After.World()
	if err != nil {
		return nil, fmt.Errorf("%w: the world after the plan: %w", analyze.ErrInput, err)
	}
	wd, err := analyze.CompareWorlds(before.Accounts(), after.Accounts(), maxHops, nil)
	if err != nil {
		return nil, err
	}
	d := &planDiff{WorldDiff: wd, Unresolved: []string{}}
	for _, p := range imp.Unresolved {
		d.Unresolved = append(d.Unresolved, p.String())
	}
	return d, nil
}
