// Package evaltest runs decision tables: JSON files that state policies, principals and
// requests and the decision each request must get. The format is specified in the
// project's decision-tables documentation and summarised here:
//
//	{ "description": "...",
//	  "policies":  { "NAME": DOCUMENT-or-"raw text", ... },
//	  "directory": { "accounts": { "UID": { "users": {...}, "groups": {...},
//	                  "roles": {...}, "controlPolicies": [["NAME"], ...] } } },
//	  "cases": [ CASE, ... ] }
//
// A case is a request (principal, policies, sessionPolicy, resourcePolicy, action,
// resource, context, expect, decidedBy), a role assumption (assumeRole with caller and
// chain, then, failedHop), a reachability query (reach with from, to, maxHops; hops), a
// who-can query (whoCan with action, resource, context, maxHops; principals) or a parse
// case (parse, kind, at). expect is Allow, ExplicitDeny, ImplicitDeny or Error:CODE. A
// principal, caller or reach from may be a service acting for an account, UID@SERVICE.
//
// A table's policies and directory are a world file, read by package world (world.Load):
// a policy is written inline, as raw text, or as {"file": "PATH"}, a policy file relative
// to the table's folder that may not leave it. Files skips folders named "policies" when
// it collects a folder's tables, so policy files can live beside them.
//
// For unit tests written in Go, Allowed, ExplicitlyDenied and ImplicitlyDenied assert
// the decision of an eval.Evaluator or a world.Caller on a request, and the statements
// that decided it, with testify: a failure reports the whole explanation.
//
// Files are read strictly: a duplicate key anywhere, an unknown field or a field in the
// wrong letter case fails the file, so a typo never skips a check. A policy named only as
// a hop's session policy is parsed when the hop runs; every other policy must parse as
// the kind it is used as, or the file fails to load.
package evaltest

import (
	"testing"
)

// Run runs every case of every table found under paths as a subtest of t: one subtest
// per file, one per case inside it. A failure message says what was expected, what was
// decided and which statements decided it.
func Run(t *testing.T, paths ...string) {
	t.Helper()
	files, err := Files(paths...)
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatalf("no decision tables under %v", paths)
	}
	for _, f := range files {
		t.Run(f, func(t *testing.T) {
			t.Parallel()
			for _, o := range RunFile(f) {
				name := o.Case
				if name == "" {
					name = "load"
				}
				t.Run(name, func(t *testing.T) {
					if !o.Pass {
						t.Error(o.String())
					}
				})
			}
		})
	}
}
