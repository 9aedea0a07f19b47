// Command quickstart decides a handful of container-registry requests with Alibaba's
// AliyunContainerRegistryReadOnlyAccess system policy and a team's custom policy, and
// prints each decision with the statements that decided it: the same push allowed from
// the office and denied from a café, a push to prod denied outright, and a pull from
// another account denied by the cross-account rule, with the explanation that says so.
//
//	go run github.com/rampolicy/ram/examples/quickstart
//
// It needs no files: the system policy is embedded in package policy/system and the
// team's policy is below, so it runs from any directory.
package main

import (
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/rampolicy/ram/arn"
	"github.com/rampolicy/ram/eval"
	"github.com/rampolicy/ram/policy"
	"github.com/rampolicy/ram/policy/system"
)

// teamPolicy is a custom identity policy: push and pull under dev/, never touch prod/,
// and push only from the office network.
const teamPolicy = `{
  "Version": "1",
  "Statement": [
    {
      "Sid": "PushAndPullDev",
      "Effect": "Allow",
      "Action": ["cr:PullRepository", "cr:PushRepository", "cr:CreateRepository"],
      "Resource": "acs:cr:*:1234567890123456:repository/dev/*"
    },
    {
      "Sid": "NeverTouchProd",
      "Effect": "Deny",
      "Action": ["cr:PushRepository", "cr:DeleteRepository"],
      "Resource": "acs:cr:*:1234567890123456:repository/prod/*"
    },
    {
      "Sid": "OnlyFromTheOffice",
      "Effect": "Deny",
      "Action": "cr:PushRepository",
      "Resource": "*",
      "Condition": {"NotIpAddress": {"acs:SourceIp": "10.0.0.0/8"}}
    }
  ]
}`

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "quickstart:", err)
		os.Exit(1)
	}
}

func run(w io.Writer) error {
	const account = "1234567890123456"
	readOnly, err := system.Lookup("AliyunContainerRegistryReadOnlyAccess")
	if err != nil {
		return err
	}
	team, err := policy.Parse([]byte(teamPolicy), policy.IdentityPolicy)
	if err != nil {
		return err // every problem, each with its line:column and JSON Pointer
	}
	// Compile once; evaluators are immutable and safe for concurrent use.
	viewer := eval.NewEvaluator(eval.Config{IdentityPolicies: eval.MustCompile(
		eval.Policy{Name: "AliyunContainerRegistryReadOnlyAccess", Doc: readOnly})})
	developer := eval.NewEvaluator(eval.Config{IdentityPolicies: eval.MustCompile(
		eval.Policy{Name: "AliyunContainerRegistryReadOnlyAccess", Doc: readOnly},
		eval.Policy{Name: "team-dev", Doc: team})})

	repo := func(acct, path string) string { return "acs:cr:cn-hangzhou:" + acct + ":repository/" + path }
	office := eval.NewContext(map[string][]string{"acs:SourceIp": {"10.1.2.3"}})
	cafe := eval.NewContext(map[string][]string{"acs:SourceIp": {"203.0.113.9"}})

	cases := []struct {
		title  string
		who    string
		ev     *eval.Evaluator
		action string
		res    string
		ctx    eval.Context
		why    bool // print the explanation
	}{
		{"a viewer pulls", "viewer", viewer, "cr:PullRepository", repo(account, "dev/web"), office, false},
		{"a viewer pushes", "viewer", viewer, "cr:PushRepository", repo(account, "dev/web"), office, false},
		{"a developer pushes to dev from the office", "developer", developer, "cr:PushRepository", repo(account, "dev/web"), office, false},
		{"the same push from a café: only acs:SourceIp changed", "developer", developer, "cr:PushRepository", repo(account, "dev/web"), cafe, false},
		{"a developer pushes to prod", "developer", developer, "cr:PushRepository", repo(account, "prod/web"), office, false},
		{"a developer pulls from another account's registry", "developer", developer, "cr:PullRepository", repo("9999999999999999", "dev/web"), office, true},
	}
	for i, c := range cases {
		req := &eval.Request{
			Principal: arn.MustParse("acs:ram::" + account + ":user/" + c.who),
			Action:    c.action, Resource: c.res, Context: c.ctx,
		}
		r := c.ev.Evaluate(req, nil)
		ip, _ := c.ctx.Get("acs:SourceIp")
		fmt.Fprintf(w, "%d. %s\n   %s %s on %s from %s\n   %s\n", i+1, c.title, c.who, c.action, c.res, ip[0], r)
		if c.why {
			// Explanations are computed only when asked for, off the fast path, by the
			// same code that decides.
			fmt.Fprint(w, indent(c.ev.Explain(req, nil).String(), "     "))
		}
	}
	return nil
}

func indent(s, by string) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	return by + strings.Join(lines, "\n"+by) + "\n"
}
