// Command ramsim is a command-line simulator for Alibaba Cloud RAM policies.
//
//	ramsim test PATH...                       run decision tables; last line "N passed, M failed"
//	ramsim validate [-kind K] FILE...         check policy documents, every problem positioned
//	ramsim lint [-kind K] [-format F] FILE... find policies that parse but are wrong or dangerous
//	ramsim decide -world W.json ...           decide one request and explain it
//	ramsim assume -world W.json ...           walk a chain of AssumeRole calls hop by hop
//	ramsim path -world W.json ...             find the shortest AssumeRole chain between two principals
//	ramsim whocan -world W.json ...           list every user and role that can make a request
//	ramsim diff [-kind K] [-json] OLD NEW     does a change grant new access? (exit 1, with a witness)
//	ramsim import terraform|snapshot ...      write the world of a Terraform plan or state, or of an account snapshot
//	ramsim diff -plan PLAN.json ...           does a Terraform plan grant new access? (exit 1, with witnesses)
//
// A world file is a decision table (the format of testdata/decisions): its policies and
// directory; its cases are ignored.
package main

import (
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/rampolicy/ram/eval"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

const usageText = `usage: ramsim COMMAND [flags] ...

  test [-v] PATH...            run decision tables (files, or folders of *.json)
  validate [-kind K] FILE...   parse policy documents (K: identity, session, control, trust, resource)
  lint [-kind K] [-format text|json|sarif] [-fail-on SEVERITY] FILE...
                               report mistakes and dangers in policies that parse
  decide -world W.json [-principal ARN] [-policy NAME]... [-session NAME]
         [-resource-policy NAME] -action A -resource R [-context KEY=VALUE]... [-explain]
  assume -world W.json -caller ARN [-context KEY=VALUE]... ROLE_ARN[@SESSION]...
  path   -world W.json -from ARN -to ROLE_ARN [-max-hops N] [-context KEY=VALUE]...
  whocan -world W.json -action A -resource R [-max-hops N] [-context KEY=VALUE]...
  diff [-kind K] [-json] OLD NEW   does NEW allow a request OLD does not? (-h: -not-granted,
                               -no-external, -world, -plan PLAN.json)
  import terraform [-world before|after] [-account UID] [-o W.json] PLAN_OR_STATE.json
  import snapshot [-account UID] [-o W.json] DIR

Flags may come before or after the arguments. Run "ramsim COMMAND -h" for a command's flags.
` + exitStatusHelp

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usageText)
		return exitUsage
	}
	cmds := map[string]func([]string, io.Writer, io.Writer) int{
		"test": cmdTest, "validate": cmdValidate, "lint": cmdLint, "decide": cmdDecide,
		"assume": cmdAssume, "path": cmdPath, "whocan": cmdWhoCan,
		"diff":   cmdDiffOrPlan,
		"import": cmdImport,
	}
	if c, ok := cmds[args[0]]; ok {
		return c(args[1:], stdout, stderr)
	}
	if args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprint(stdout, usageText)
		return 0
	}
	fmt.Fprintf(stderr, "ramsim: unknown command %q\n%s", args[0], usageText)
	return exitUsage
}

// contextFlag collects repeated -context KEY=VALUE flags; a repeated key gets several values.
type contextFlag struct{ ctx eval.Context }

func (c *contextFlag) String() string { return strings.Join(c.ctx.Keys(), ",") }

func (c *contextFlag) Set(s string) error {
	k, v, ok := strings.Cut(s, "=")
	if !ok || k == "" {
		return fmt.Errorf("want KEY=VALUE, got %q", s)
	}
	c.ctx.Add(k, v)
	return nil
}

// listFlag collects a repeated string flag.
type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ",") }
func (l *listFlag) Set(s string) error { *l = append(*l, s); return nil }
