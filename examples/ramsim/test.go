package main

import (
	"fmt"
	"io"

	"github.com/rampolicy/ram/eval/evaltest"
)

// cmdTest runs decision tables. For each failing case it prints file, case, expected and
// actual decision and the explanation; its last line is exactly "N passed, M failed". It
// exits 0 only when nothing failed.
func cmdTest(args []string, stdout, stderr io.Writer) int {
	c := newCommand("test", "[-v] PATH...",
		"Run decision tables (files, or folders of *.json). Each failing case is printed with the\n"+
			"explanation; the last line is exactly \"N passed, M failed\".", stdout, stderr)
	verbose := c.fs.Bool("v", false, "print passing cases too")
	paths, status, ok := c.parse(args)
	if !ok {
		return status
	}
	if len(paths) == 0 {
		return c.usageError("name at least one file or folder")
	}
	outcomes, err := evaltest.RunPaths(paths...)
	if err != nil {
		fmt.Fprintln(stderr, "ramsim test:", err)
		fmt.Fprintln(stdout, "0 passed, 1 failed")
		return exitNo
	}
	passed, failed := 0, 0
	for _, o := range outcomes {
		if o.Pass {
			passed++
			if *verbose {
				fmt.Fprintln(stdout, o)
			}
			continue
		}
		failed++
		fmt.Fprintln(stdout, o)
	}
	fmt.Fprintf(stdout, "%d passed, %d failed\n", passed, failed)
	if failed > 0 {
		return exitNo
	}
	return exitOK
}
