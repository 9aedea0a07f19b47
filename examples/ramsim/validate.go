package main

import (
	"fmt"
	"io"
	"os"

	"github.com/rampolicy/ram/policy"
)

// cmdValidate parses policy files and prints every problem as file:line:col: pointer: message.
func cmdValidate(args []string, stdout, stderr io.Writer) int {
	c := newCommand("validate", "[-kind K] FILE...",
		"Parse policy documents strictly and print every problem as file:line:col: pointer: message.",
		stdout, stderr)
	kindName := c.fs.String("kind", "identity", "policy kind: identity, session, control, trust or resource")
	files, status, ok := c.parse(args)
	if !ok {
		return status
	}
	kind, known := policy.ParseKind(*kindName)
	if !known {
		return c.usageError("unknown -kind %q; want identity, session, control, trust or resource", *kindName)
	}
	if len(files) == 0 {
		return c.usageError("name at least one FILE")
	}
	result := exitOK
	for _, path := range files {
		text, err := os.ReadFile(path)
		if err != nil {
			fmt.Fprintln(stderr, "ramsim validate:", err)
			result = exitInput
			continue
		}
		if _, err := (policy.Options{Kind: kind, Filename: path}).Parse(text); err != nil {
			fmt.Fprintln(stdout, err)
			if result == exitOK {
				result = exitNo
			}
			continue
		}
		fmt.Fprintf(stdout, "%s: ok (%s policy)\n", path, kind)
	}
	return result
}
