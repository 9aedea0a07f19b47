package main

import (
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/rampolicy/ram/policy"
)

// cmdValidate parses policy files and prints every problem as file:line:col: pointer: message.
func cmdValidate(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("validate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	kindName := fs.String("kind", "identity", "policy kind: identity, session, control, trust or resource")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	kind, ok := policy.ParseKind(*kindName)
	if !ok || fs.NArg() == 0 {
		fmt.Fprintln(stderr, "ramsim validate: want -kind identity|session|control|trust|resource and at least one file")
		return 2
	}
	bad := 0
	for _, path := range fs.Args() {
		text, err := os.ReadFile(path)
		if err != nil {
			fmt.Fprintln(stderr, "ramsim validate:", err)
			bad++
			continue
		}
		if _, err := (policy.Options{Kind: kind, Filename: path}).Parse(text); err != nil {
			fmt.Fprintln(stdout, err)
			bad++
			continue
		}
		fmt.Fprintf(stdout, "%s: ok (%s policy)\n", path, kind)
	}
	if bad > 0 {
		return 1
	}
	return 0
}
