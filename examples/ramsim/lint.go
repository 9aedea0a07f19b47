package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/rampolicy/ram/policy"
	"github.com/rampolicy/ram/policy/lint"
)

const lintUsage = `usage: ramsim lint [-kind K] [-format text|json|sarif] [-fail-on SEVERITY] [-account UID] FILE...

Parses each policy FILE and reports what is wrong or dangerous in it: parse errors (as
severity error, with policy's error codes), then lint findings. Text output prints one
finding a line, "file:line:col: severity code: message".

  -kind K           policy kind: identity (default), session, control, trust or resource
  -format F         text (default), json (an array of findings, each with its file) or
                    sarif (SARIF 2.1.0, for GitHub code scanning)
  -fail-on S        exit 1 when a finding is at least this severe: error (default),
                    security-warning, warning, suggestion, or none to always exit 0
  -account UID      the account that owns the policies; lets lint tell that a trust
                    policy admits another account

Exit status: 0 when no finding reaches -fail-on, 1 when one does, 2 on a usage error or
an unreadable file.
`

// cmdLint parses and lints policy files.
func cmdLint(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("lint", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	kindName := fs.String("kind", "identity", "")
	format := fs.String("format", "text", "")
	failOn := fs.String("fail-on", "error", "")
	account := fs.String("account", "", "")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprint(stdout, lintUsage)
			return 0
		}
		fmt.Fprintf(stderr, "ramsim lint: %v\n%s", err, lintUsage)
		return 2
	}
	kind, ok := policy.ParseKind(*kindName)
	if !ok {
		fmt.Fprintf(stderr, "ramsim lint: unknown kind %q\n%s", *kindName, lintUsage)
		return 2
	}
	threshold, ok := lint.ParseSeverity(*failOn)
	if !ok && *failOn != "none" {
		fmt.Fprintf(stderr, "ramsim lint: unknown severity %q for -fail-on\n%s", *failOn, lintUsage)
		return 2
	}
	if *format != "text" && *format != "json" && *format != "sarif" {
		fmt.Fprintf(stderr, "ramsim lint: unknown format %q\n%s", *format, lintUsage)
		return 2
	}
	if fs.NArg() == 0 {
		fmt.Fprintf(stderr, "ramsim lint: name at least one file\n%s", lintUsage)
		return 2
	}
	var files []lint.FileFindings
	for _, path := range fs.Args() {
		src, err := os.ReadFile(path)
		if err != nil {
			fmt.Fprintln(stderr, "ramsim lint:", err)
			return 2
		}
		files = append(files, lint.FileFindings{Path: path, Findings: lintFile(src, kind, *account)})
	}
	var err error
	switch *format {
	case "json":
		err = writeJSON(stdout, files)
	case "sarif":
		err = lint.WriteSARIF(stdout, files)
	default:
		for _, f := range files {
			for _, x := range f.Findings {
				fmt.Fprintf(stdout, "%s:%d:%d: %s %s: %s\n", f.Path, x.Line, x.Column, x.Severity, x.Code, x.Message)
			}
		}
	}
	if err != nil {
		fmt.Fprintln(stderr, "ramsim lint:", err)
		return 2
	}
	if *failOn != "none" {
		for _, f := range files {
			for _, x := range f.Findings {
				if x.Severity >= threshold {
					return 1
				}
			}
		}
	}
	return 0
}

// lintFile returns a document's parse errors as findings of severity error or, when it
// parses, its lint findings.
func lintFile(src []byte, kind policy.Kind, account string) []lint.Finding {
	doc, err := policy.Parse(src, kind)
	if err != nil {
		var list policy.ErrorList
		if !errors.As(err, &list) {
			return []lint.Finding{{Code: "ParseError", Severity: lint.Error, Message: err.Error()}}
		}
		out := make([]lint.Finding, len(list))
		for i, e := range list {
			out[i] = lint.Finding{Code: policy.Code(e), Severity: lint.Error, Message: e.Msg,
				Pointer: e.Pointer, Line: e.Line, Column: e.Column}
		}
		return out
	}
	found, err := lint.Lint(doc, lint.Options{Source: src, Account: account})
	if err != nil { // only for a nil document, which Parse never returns without an error
		return []lint.Finding{{Code: "ParseError", Severity: lint.Error, Message: err.Error()}}
	}
	return found
}

// writeJSON writes every finding as one array, each finding with its file.
func writeJSON(w io.Writer, files []lint.FileFindings) error {
	type fileFinding struct {
		File string `json:"file"`
		lint.Finding
	}
	out := []fileFinding{}
	for _, f := range files {
		for _, x := range f.Findings {
			out = append(out, fileFinding{File: f.Path, Finding: x})
		}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}
