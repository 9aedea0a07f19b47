package lint_test

import (
	"fmt"

	"github.com/rampolicy/ram/policy"
	"github.com/rampolicy/ram/policy/lint"
)

func Example() {
	src := []byte(`{
  "Version": "1",
  "Statement": [{
    "Effect": "Allow",
    "Action": ["cr:PullRepositry", "cr:GetRepository"],
    "Resource": "acs:cr:*:*:repository/$instanceid/*"
  }]
}`)
	doc, err := policy.Parse(src, policy.IdentityPolicy) // parsing stays strict: this parses
	if err != nil {
		fmt.Println(err)
		return
	}
	findings, err := lint.Lint(doc, lint.Options{Source: src})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, f := range findings {
		fmt.Printf("%d:%d: %s %s %s\n", f.Line, f.Column, f.Severity, f.Code, f.Pointer)
		if f.Fix != "" {
			fmt.Println("  fix:", f.Fix)
		}
	}
	// Output:
	// 5:16: error UnknownAction /Statement/0/Action/0
	//   fix: cr:PullRepository
	// 6:17: error Placeholder /Statement/0/Resource
}
