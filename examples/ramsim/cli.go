package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
)

// Exit statuses, the same for every command, so a CI job can gate on them.
const (
	exitOK    = 0  // allowed, valid, every case passed, no new access
	exitNo    = 1  // denied, a policy with problems, a failed case, new access
	exitInput = 2  // input that cannot be used: an unreadable or invalid file, world or request
	exitUsage = 64 // wrong flags or arguments (as sysexits.h's EX_USAGE)
)

const exitStatusHelp = `
Exit status: 0 allowed (or valid, passed); 1 denied (or invalid policy, failed case);
2 unusable input (a file, world or request that cannot be read or is invalid); 64 usage.
`

// command is one subcommand's flags and help.
type command struct {
	fs     *flag.FlagSet
	args   string // the positional arguments, for the synopsis
	about  string // what the command does
	stdout io.Writer
	stderr io.Writer
	json   *bool // set by withJSON
}

func newCommand(name, args, about string, stdout, stderr io.Writer) *command {
	c := &command{fs: flag.NewFlagSet(name, flag.ContinueOnError), args: args, about: about, stdout: stdout, stderr: stderr}
	c.fs.SetOutput(io.Discard) // parse reports errors itself, and -h goes to stdout
	return c
}

// withJSON adds the -json flag.
func (c *command) withJSON() *command {
	c.json = c.fs.Bool("json", false, "print the answer as JSON (eval/decision.schema.json, eval/world/answer.schema.json)")
	return c
}

// usage writes the command's help: synopsis, what it does, its flags, exit statuses.
func (c *command) usage(w io.Writer) {
	fmt.Fprintf(w, "usage: ramsim %s %s\n\n%s\n\nFlags (before or after the arguments):\n", c.fs.Name(), c.args, c.about)
	c.fs.SetOutput(w)
	c.fs.PrintDefaults()
	c.fs.SetOutput(io.Discard)
	fmt.Fprint(w, exitStatusHelp)
}

// parse parses flags wherever they stand among the arguments (flag.FlagSet stops at the
// first argument; "--" still ends the flags). It returns the positional arguments, or
// ok false with the status to exit with: 0 after -h, exitUsage on a bad flag.
func (c *command) parse(args []string) (rest []string, status int, ok bool) {
	for {
		err := c.fs.Parse(args)
		if errors.Is(err, flag.ErrHelp) {
			c.usage(c.stdout)
			return nil, exitOK, false
		}
		if err != nil {
			return c.fail("%v", err)
		}
		remaining := c.fs.Args()
		if len(remaining) == 0 {
			return rest, 0, true
		}
		// Parse stopped at an argument, or after "--", which ends the flags: everything
		// after it is positional.
		if consumed := len(args) - len(remaining); consumed > 0 && args[consumed-1] == "--" {
			return append(rest, remaining...), 0, true
		}
		rest = append(rest, remaining[0])
		args = remaining[1:]
	}
}

// parseFlags parses the arguments of a command that takes flags only: an argument that is
// not a flag is a usage error.
func (c *command) parseFlags(args []string) (status int, ok bool) {
	rest, status, ok := c.parse(args)
	if ok && len(rest) > 0 {
		return c.usageError("unexpected argument %q", rest[0]), false
	}
	return status, ok
}

// fail reports a usage error with the synopsis and returns exitUsage.
func (c *command) fail(format string, args ...any) ([]string, int, bool) {
	fmt.Fprintf(c.stderr, "ramsim %s: %s\nusage: ramsim %s %s (ramsim %s -h for help)\n",
		c.fs.Name(), fmt.Sprintf(format, args...), c.fs.Name(), c.args, c.fs.Name())
	return nil, exitUsage, false
}

// usageError reports a usage problem found after parsing and returns exitUsage.
func (c *command) usageError(format string, args ...any) int {
	_, status, _ := c.fail(format, args...)
	return status
}

// inputError reports input that cannot be used and returns exitInput.
func (c *command) inputError(err error) int {
	fmt.Fprintf(c.stderr, "ramsim %s: %v\n", c.fs.Name(), err)
	return exitInput
}

// printJSON writes v as indented JSON.
func (c *command) printJSON(v any) {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		fmt.Fprintf(c.stderr, "ramsim %s: %v\n", c.fs.Name(), err)
		return
	}
	fmt.Fprintln(c.stdout, string(b))
}
