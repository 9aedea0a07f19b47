package main

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/rampolicy/ram/eval/world/snapshot"
	"github.com/rampolicy/ram/eval/world/terraform"
	"github.com/rampolicy/ram/eval/world/worldfile"
)

// cmdImport writes the world of a Terraform plan or state, or of an account snapshot.
func cmdImport(args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 {
		switch args[0] {
		case "terraform":
			return cmdImportTerraform(args[1:], stdout, stderr)
		case "snapshot":
			return cmdImportSnapshot(args[1:], stdout, stderr)
		case "-h", "-help", "--help":
			fmt.Fprint(stdout, importUsage)
			return exitOK
		}
	}
	fmt.Fprint(stderr, importUsage)
	return exitUsage
}

const importUsage = `usage: ramsim import terraform [flags] PLAN_OR_STATE.json
       ramsim import snapshot [flags] DIR

Write a world file (the policies and directory of a decision table) from the output of
"terraform show -json" or from a folder of RAM API responses (collect-snapshot.sh).
Run "ramsim import terraform -h" or "ramsim import snapshot -h" for the flags.
` + importStatusHelp

const importStatusHelp = `
Exit status: 0 the world is complete; 1 the world is written but something was left out
(each listed on stderr); 2 unusable input (a document that does not parse, a system
policy that is not embedded and not supplied); 64 usage.
`

// policyFiles collects repeated NAME=FILE flags.
// terraformFlags are the flags that say how to read a Terraform plan or state, shared
// by "import terraform" and "diff -plan".
type terraformFlags struct {
	account, rdPath *string
	detached        listFlag
	system, custom  policyFiles
}

func addTerraformFlags(fs *flag.FlagSet) *terraformFlags {
	tf := &terraformFlags{system: policyFiles{}, custom: policyFiles{}}
	tf.account = fs.String("account", "", "the account the configuration is for (default: the account of the roles' ARNs)")
	tf.rdPath = fs.String("rd-path", "", "the account's Resource Directory folders, nearest first, comma-separated, ending with the root folder")
	fs.Var(&tf.detached, "rd-detached", "a target (account ID or folder) whose default FullAliyunAccess was detached (repeatable)")
	fs.Var(tf.system, "system-policy", "NAME=FILE: the text of a system policy that is not embedded (repeatable)")
	fs.Var(tf.custom, "custom-policy", "NAME=FILE: the text of a custom policy attached but not created by the configuration (repeatable)")
	return tf
}

func (tf *terraformFlags) options() terraform.Options {
	opts := terraform.Options{AccountID: *tf.account, DetachedFullAccess: tf.detached, SystemPolicies: tf.system, CustomPolicies: tf.custom}
	if *tf.rdPath != "" {
		opts.ControlPath = strings.Split(*tf.rdPath, ",")
	}
	return opts
}

type policyFiles map[string][]byte

func (p policyFiles) String() string { return "" }

func (p policyFiles) Set(s string) error {
	name, file, ok := strings.Cut(s, "=")
	if !ok || name == "" || file == "" {
		return fmt.Errorf("want NAME=FILE, got %q", s)
	}
	if _, dup := p[name]; dup {
		return fmt.Errorf("%s given twice", name)
	}
	text, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	p[name] = text
	return nil
}

func cmdImportTerraform(args []string, stdout, stderr io.Writer) int {
	c := newCommand("import terraform", "[flags] PLAN_OR_STATE.json",
		"Read the output of \"terraform show -json\" (a plan or a state) and write the world it describes.\n"+
			"For a plan, -world says which: the prior state (before) or the planned values (after).", stdout, stderr)
	fs := c.fs
	out := fs.String("o", "", "write the world file here instead of stdout")
	which := fs.String("world", "after", "for a plan: before or after")
	tf := addTerraformFlags(fs)
	rest, status, ok := c.parse(args)
	if !ok {
		return status
	}
	if len(rest) != 1 {
		return c.usageError("want one PLAN_OR_STATE.json")
	}
	if *which != "before" && *which != "after" {
		return c.usageError("-world must be before or after, not %q", *which)
	}
	data, err := os.ReadFile(rest[0])
	if err != nil {
		return c.inputError(err)
	}
	imp, err := terraform.Read(data, tf.options())
	if err != nil {
		return c.inputError(fmt.Errorf("%s: %w", rest[0], err))
	}
	f := imp.After
	if *which == "before" {
		if !imp.Plan {
			return c.usageError("-world before needs a plan; %s is a state", rest[0])
		}
		f = imp.Before
	}
	for _, n := range imp.Notes {
		fmt.Fprintf(stderr, "ramsim import terraform: note: %s\n", n)
	}
	var left []string
	for _, p := range imp.Unresolved {
		if p.World == *which {
			left = append(left, p.Address+": "+p.Msg)
		}
	}
	return writeWorld(c, f, *out, left)
}

func cmdImportSnapshot(args []string, stdout, stderr io.Writer) int {
	c := newCommand("import snapshot", "[flags] DIR",
		"Read a folder of RAM API responses (see eval/world/snapshot/README.md; collect-snapshot.sh\n"+
			"collects one) and write the world of the account.", stdout, stderr)
	fs := c.fs
	out := fs.String("o", "", "write the world file here instead of stdout")
	account := fs.String("account", "", "the snapshot's account (default: GetCallerIdentity.json, or the roles' ARNs)")
	system := policyFiles{}
	fs.Var(system, "system-policy", "NAME=FILE: the text of a system policy that is not embedded and not in the snapshot (repeatable)")
	rest, status, ok := c.parse(args)
	if !ok {
		return status
	}
	if len(rest) != 1 {
		return c.usageError("want one DIR")
	}
	imp, err := snapshot.ReadDir(rest[0], snapshot.Options{AccountID: *account, SystemPolicies: system})
	if err != nil {
		return c.inputError(fmt.Errorf("%s: %w", rest[0], err))
	}
	var left []string
	for _, p := range imp.Unresolved {
		left = append(left, p.String())
	}
	return writeWorld(c, imp.World, *out, left)
}

// writeWorld writes the world file and lists what was left out; exit 1 when anything was.
func writeWorld(c *command, f *worldfile.File, out string, left []string) int {
	// A world file that does not load is never written.
	if _, _, err := f.World(); err != nil {
		return c.inputError(fmt.Errorf("the imported world does not load: %w", err))
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return c.inputError(err)
	}
	if out == "" {
		if _, err := c.stdout.Write(buf.Bytes()); err != nil {
			return c.inputError(err)
		}
	} else if err := os.WriteFile(out, buf.Bytes(), 0o644); err != nil {
		return c.inputError(err)
	}
	for _, l := range left {
		fmt.Fprintf(c.stderr, "ramsim %s: left out: %s\n", c.fs.Name(), l)
	}
	if len(left) > 0 {
		fmt.Fprintf(c.stderr, "ramsim %s: %d things left out; the world holds less than the input describes\n", c.fs.Name(), len(left))
		return exitNo
	}
	return exitOK
}
