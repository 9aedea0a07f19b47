package main

import (
	"flag"
	"fmt"
	"io"

	"github.com/rampolicy/ram/eval/evaltest"
)

// cmdTest runs decision tables. For each failing case it prints file, case, expected and
// actual decision and the explanation; its last line is exactly "N passed, M failed". It
// exits 0 only when nothing failed.
func cmdTest(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("test", flag.ContinueOnError)
	fs.SetOutput(stderr)
	verbose := fs.Bool("v", false, "print passing cases too")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() == 0 {
		fmt.Fprintln(stderr, "ramsim test: name at least one file or folder")
		return 2
	}
	outcomes, err := evaltest.RunPaths(fs.Args()...)
	if err != nil {
		fmt.Fprintln(stderr, "ramsim test:", err)
		fmt.Fprintln(stdout, "0 passed, 1 failed")
		return 1
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
		return 1
	}
	return 0
}
