package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/rampolicy/ram/eval"
	"github.com/rampolicy/ram/eval/analyze"
	"github.com/rampolicy/ram/policy"
)

const diffAbout = `Does NEW allow any request OLD does not? Prints PASS, or FAIL with witness requests
(each decided by the evaluator), and the same question the other way round.

  ramsim diff [-kind K] [-json] [-owner UID] OLD NEW
  ramsim diff -not-granted -action A... -resource R... [-kind K] [-json] SET
      does SET ever allow one of the actions on one of the resources (patterns)?
  ramsim diff -no-external -account UID... [-kind trust|resource] [-json] SET
      does a trust or resource policy SET admit any caller outside the accounts?
  ramsim diff -world [-max-hops N] [-json] OLD.json NEW.json
      between two directories (decision tables' worlds): which users and roles gain or
      lose access (each with a witness request), and which AssumeRole chains appear.
  ramsim diff -plan PLAN.json [-account UID] [-json]   (ramsim diff -plan x -h for more)
      between the worlds before and after a Terraform plan (terraform show -json).

OLD, NEW and SET are a policy file, or a folder whose *.json files form one set. Exit
status 1 means new access (or access granted, or an external caller); 2 also covers a
question the analysis could not decide within its limits, never reported as PASS.`

// cmdDiff answers the change-safety questions of package analyze.
func cmdDiff(args []string, stdout, stderr io.Writer) int {
	c := newCommand("diff", "[-kind K] [-json] OLD NEW | -not-granted ... SET | -no-external ... SET", diffAbout, stdout, stderr)
	kindName := c.fs.String("kind", "identity", "policy kind: identity, session, control, trust or resource")
	asJSON := c.fs.Bool("json", false, "print the answer as JSON")
	owner := c.fs.String("owner", "", "account owning the role or resource (a Service principal without an account acts for it)")
	notGranted := c.fs.Bool("not-granted", false, "check that SET never allows the -action patterns on the -resource patterns")
	noExternal := c.fs.Bool("no-external", false, "check that SET admits no caller outside the -account accounts")
	worlds := c.fs.Bool("world", false, "compare two decision-table worlds (directories) instead of two policy sets")
	maxHops := c.fs.Int("max-hops", 3, "with -world: the longest AssumeRole chain looked for")
	var actions, resources, accounts listFlag
	c.fs.Var(&actions, "action", "action pattern (with -not-granted; repeatable)")
	c.fs.Var(&resources, "resource", "resource pattern (with -not-granted; repeatable)")
	c.fs.Var(&accounts, "account", "account ID (with -no-external; repeatable)")
	paths, status, ok := c.parse(args)
	if !ok {
		return status
	}
	kind, known := policy.ParseKind(*kindName)
	if !known {
		return c.usageError("unknown -kind %q; want identity, session, control, trust or resource", *kindName)
	}
	opts := &analyze.Options{Owner: *owner}
	switch {
	case *worlds:
		if *notGranted || *noExternal || len(paths) != 2 {
			return c.usageError("-world wants OLD.json and NEW.json, and no other check")
		}
		return diffWorlds(c, paths[0], paths[1], *maxHops, *asJSON, opts)
	case *notGranted && *noExternal:
		return c.usageError("-not-granted and -no-external are separate checks")
	case *notGranted:
		if len(paths) != 1 || len(actions) == 0 || len(resources) == 0 {
			return c.usageError("-not-granted wants -action, -resource and one SET")
		}
		set, err := loadSet(paths[0], kind)
		if err != nil {
			return diffError(c, err)
		}
		res, err := analyze.AccessNotGranted(set, actions, resources, opts)
		return report(c, *asJSON, "access granted", res, err)
	case *noExternal:
		if len(paths) != 1 || len(accounts) == 0 {
			return c.usageError("-no-external wants -account and one SET")
		}
		set, err := loadSet(paths[0], kind)
		if err != nil {
			return diffError(c, err)
		}
		res, err := analyze.NoExternalAccess(set, accounts, opts)
		return report(c, *asJSON, "external access", res, err)
	}
	if len(paths) != 2 {
		return c.usageError("want OLD and NEW")
	}
	old, err := loadSet(paths[0], kind)
	if err != nil {
		return diffError(c, err)
	}
	new, err := loadSet(paths[1], kind)
	if err != nil {
		return diffError(c, err)
	}
	d, err := analyze.Compare(old, new, opts)
	if err != nil {
		return diffError(c, err)
	}
	if *asJSON {
		c.printJSON(d)
	} else {
		writeResult(stdout, "new access", d.Added)
		writeResult(stdout, "removed access", d.Removed)
	}
	if !d.Added.Pass {
		return exitNo
	}
	return exitOK
}

// diffError reports invalid input, or a question the analysis could not decide.
func diffError(c *command, err error) int {
	if analyze.IsUndecided(err) {
		return c.inputError(fmt.Errorf("undecided: %w", err))
	}
	return c.inputError(err) // analyze's errors say what kind they are
}

func report(c *command, asJSON bool, title string, res *analyze.Result, err error) int {
	if err != nil {
		return diffError(c, err)
	}
	if asJSON {
		c.printJSON(res)
	} else {
		writeResult(c.stdout, title, res)
	}
	if !res.Pass {
		return exitNo
	}
	return exitOK
}

// writeResult prints one answer: PASS, or FAIL with its witness requests.
func writeResult(w io.Writer, title string, r *analyze.Result) {
	if r.Pass {
		fmt.Fprintf(w, "%s: PASS\n", title)
		return
	}
	fmt.Fprintf(w, "%s: FAIL, for example:\n", title)
	for i, x := range r.Witnesses {
		fmt.Fprintf(w, "  %d. action %s on %s\n", i+1, x.Action, x.Resource)
		if x.Caller != nil {
			fmt.Fprintf(w, "     caller    %s\n", x.Caller)
		}
		if len(x.Context) > 0 {
			keys := make([]string, 0, len(x.Context))
			for k := range x.Context {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			var parts []string
			for _, k := range keys {
				v, _ := json.Marshal(x.Context[k])
				parts = append(parts, k+"="+string(v))
			}
			fmt.Fprintf(w, "     context   %s\n", strings.Join(parts, " "))
		}
		fmt.Fprintf(w, "     allowed   by %s\n", refs(x.AllowedBy))
		other := "     other     " + x.Other.String()
		if len(x.DeniedBy) > 0 {
			other += " by " + refs(x.DeniedBy)
		}
		fmt.Fprintln(w, other)
		if !x.Checked {
			fmt.Fprintln(w, "     (decided by the analysis: eval's Request has no service caller yet)")
		}
	}
}

func refs(rs []eval.StatementRef) string {
	var s []string
	for _, r := range rs {
		s = append(s, r.String())
	}
	return strings.Join(s, ", ")
}

// loadSet reads a policy file, or every *.json file of a folder, as one set; each
// policy is named after its file.
func loadSet(path string, kind policy.Kind) (analyze.Set, error) {
	set := analyze.Set{Kind: kind}
	st, err := os.Stat(path)
	if err != nil {
		return set, fmt.Errorf("%w: %w", analyze.ErrInput, err)
	}
	files := []string{path}
	if st.IsDir() {
		files, err = filepath.Glob(filepath.Join(path, "*.json"))
		if err != nil {
			return set, err
		}
		sort.Strings(files)
	}
	var errs []error
	for _, f := range files {
		text, err := os.ReadFile(f)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		doc, err := (policy.Options{Kind: kind, Filename: f}).Parse(text)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		set.Policies = append(set.Policies, eval.Policy{Name: strings.TrimSuffix(filepath.Base(f), ".json"), Doc: doc})
	}
	if len(errs) > 0 {
		return set, fmt.Errorf("%w: %w", analyze.ErrInput, errors.Join(errs...))
	}
	return set, nil
}

func diffWorlds(c *command, oldPath, newPath string, maxHops int, asJSON bool, opts *analyze.Options) int {
	old, err := loadAccounts(oldPath)
	if err != nil {
		return diffError(c, err)
	}
	new, err := loadAccounts(newPath)
	if err != nil {
		return diffError(c, err)
	}
	d, err := analyze.CompareWorlds(old, new, maxHops, opts)
	if err != nil {
		return diffError(c, err)
	}
	if asJSON {
		c.printJSON(d)
	} else {
		writeWorldDiff(c.stdout, d)
	}
	gained := d.Gained()
	if gained {
		return exitNo
	}
	return exitOK
}

// writeWorldDiff prints a comparison of two directories: each principal whose access
// changed, each role that admits new callers, each new AssumeRole chain.
func writeWorldDiff(w io.Writer, d *analyze.WorldDiff) {
	if len(d.Principals) == 0 && len(d.Trust) == 0 && len(d.NewPaths) == 0 {
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
