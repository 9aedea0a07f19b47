// Command quickstart loads Alibaba's container-registry system policies and a
// namespace-scoped custom policy, decides a handful of registry requests, and prints each
// decision with the statements that decided it.
//
//	go run ./examples/quickstart
package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"

	"github.com/rampolicy/ram/arn"
	"github.com/rampolicy/ram/eval"
	"github.com/rampolicy/ram/policy"
)

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "quickstart:", err)
		os.Exit(1)
	}
}

// load parses a policy file from testdata/policies as an identity policy.
func load(name string) (eval.Policy, error) {
	_, here, _, _ := runtime.Caller(0)
	path := filepath.Join(filepath.Dir(here), "..", "..", "testdata", "policies", name+".json")
	text, err := os.ReadFile(path)
	if err != nil {
		return eval.Policy{}, err
	}
	doc, err := policy.Options{Kind: policy.IdentityPolicy, Filename: path}.Parse(text)
	if err != nil {
		return eval.Policy{}, err // every problem, each with its line:column and JSON Pointer
	}
	return eval.Policy{Name: name, Doc: doc}, nil
}

func run(w io.Writer) error {
	const account = "1234567890123456"
	readOnly, err := load("AliyunContainerRegistryReadOnlyAccess")
	if err != nil {
		return err
	}
	team, err := load("team-dev-namespace")
	if err != nil {
		return err
	}
	// Compile once; the evaluators are immutable and safe for concurrent use.
	viewer := eval.NewEvaluator(eval.Config{IdentityPolicies: eval.MustCompile(readOnly)})
	developer := eval.NewEvaluator(eval.Config{IdentityPolicies: eval.MustCompile(readOnly, team)})

	repo := func(ns, name string) string {
		return "acs:cr:cn-hangzhou:" + account + ":repository/" + ns + "/" + name
	}
	office := eval.NewContext(map[string][]string{"acs:SourceIp": {"10.1.2.3"}, "acs:SecureTransport": {"true"}})
	cafe := eval.NewContext(map[string][]string{"acs:SourceIp": {"203.0.113.9"}, "acs:SecureTransport": {"true"}})

	cases := []struct {
		who    string
		ev     *eval.Evaluator
		action string
		res    string
		ctx    eval.Context
	}{
		{"viewer", viewer, "cr:PullRepository", repo("dev", "web"), office},
		{"viewer", viewer, "cr:PushRepository", repo("dev", "web"), office},
		{"developer", developer, "cr:PushRepository", repo("dev", "web"), office},
		{"developer", developer, "cr:PushRepository", repo("dev", "web"), cafe},
		{"developer", developer, "cr:PushRepository", repo("prod", "web"), office},
		{"developer", developer, "cr:DeleteRepository", repo("dev", "web"), office},
		{"developer", developer, "cr:PullRepository", "acs:cr:cn-hangzhou:9999999999999999:repository/dev/web", office},
	}
	for _, c := range cases {
		req := &eval.Request{
			Principal: arn.MustParse("acs:ram::" + account + ":user/" + c.who),
			Action:    c.action, Resource: c.res, Context: c.ctx,
		}
		r := c.ev.Evaluate(req, nil)
		fmt.Fprintf(w, "%-9s %-20s %-62s %s\n", c.who, c.action, c.res, mark(r.Decision))
		for _, s := range r.DecidedBy() {
			fmt.Fprintf(w, "%34s %s\n", "by", s)
		}
		if r.Decision == eval.ImplicitDeny && c.action == "cr:DeleteRepository" {
			// Explanations are computed only when asked for, off the fast path.
			fmt.Fprint(w, indent(c.ev.Explain(req, nil).String()))
		}
	}
	return nil
}

func mark(d eval.Decision) string {
	if d == eval.Allow {
		return "ALLOW"
	}
	return "DENY (" + d.String() + ")"
}

func indent(s string) string {
	out := ""
	for _, line := range splitLines(s) {
		out += "          " + line + "\n"
	}
	return out
}

func splitLines(s string) []string {
	var lines []string
	start := 0
	for i := 0; i < len(s); i++ {
		if s[i] == '\n' {
			lines = append(lines, s[start:i])
			start = i + 1
		}
	}
	if start < len(s) {
		lines = append(lines, s[start:])
	}
	return lines
}
