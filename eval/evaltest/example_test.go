package evaltest_test

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/rampolicy/ram/eval/evaltest"
)

func ExampleRunFile() {
	dir, _ := os.MkdirTemp("", "tables")
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "registry.json")
	os.WriteFile(path, []byte(`{
  "policies": {
    "read-only": {"Version": "1", "Statement": [
      {"Effect": "Allow", "Action": ["cr:Get*", "cr:List*", "cr:PullRepository"], "Resource": "*"}]}
  },
  "cases": [
    {"name": "pull", "policies": ["read-only"], "action": "cr:PullRepository",
     "resource": "acs:cr:cn-hangzhou:1234567890123456:repository/dev/web", "expect": "Allow",
     "decidedBy": [{"policy": "read-only", "statement": 0}]},
    {"name": "push", "policies": ["read-only"], "action": "cr:PushRepository",
     "resource": "acs:cr:cn-hangzhou:1234567890123456:repository/dev/web", "expect": "Allow"}
  ]
}`), 0o600)
	for _, o := range evaltest.RunFile(path) {
		fmt.Printf("%s pass=%v expected=%s actual=%s\n", o.Case, o.Pass, o.Expected, o.Actual)
	}
	// Output:
	// pull pass=true expected=Allow actual=Allow
	// push pass=false expected=Allow actual=ImplicitDeny
}
