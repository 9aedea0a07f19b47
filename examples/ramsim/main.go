// Command ramsim is a command-line simulator for Alibaba Cloud RAM policies.
//
//	ramsim test PATH...     run decision tables (files or folders of *.json)
//
// See the README for the other commands.
package main

import (
	"fmt"
	"io"
	"os"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func usage(w io.Writer) {
	fmt.Fprint(w, `usage: ramsim COMMAND ...

  test PATH...                      run decision tables; last line "N passed, M failed"
`)
}

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		usage(stderr)
		return 2
	}
	switch args[0] {
	case "test":
		return cmdTest(args[1:], stdout, stderr)
	case "help", "-h", "--help":
		usage(stdout)
		return 0
	}
	fmt.Fprintf(stderr, "ramsim: unknown command %q\n", args[0])
	usage(stderr)
	return 2
}
