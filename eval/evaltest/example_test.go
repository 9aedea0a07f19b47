package evaltest_test

import (
	"fmt"
	"os"
	"path/filepath"
	"testing/fstest"

	"github.com/rampolicy/ram/arn"
	"github.com/rampolicy/ram/eval"
	"github.com/rampolicy/ram/eval/evaltest"
	"github.com/rampolicy/ram/eval/world"
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

// recorder stands in for the *testing.T of a real test, which is what you pass.
type recorder struct{ failed bool }

func (r *recorder) Errorf(string, ...any) { r.failed = true }

// In a test, pass t:
//
//	func TestRegistryAccess(t *testing.T) {
//		w, _, err := world.LoadFile("testdata/world.json")
//		require.NoError(t, err)
//		dev, err := w.Caller(arn.MustParse("acs:ram::1111111111111111:user/dev"))
//		require.NoError(t, err)
//		evaltest.Allowed(t, dev, &eval.Request{Action: "cr:PushRepository", Resource: devRepo}, nil, "dev-push#0")
//		evaltest.ExplicitlyDenied(t, dev, &eval.Request{Action: "cr:PushRepository", Resource: prodRepo}, nil)
//	}
//
// A failure prints what was expected, what was decided and the explanation.
func ExampleAllowed() {
	files := fstest.MapFS{"world.json": {Data: []byte(`{
  "policies": {
    "dev-push": {"Version": "1", "Statement": [
      {"Effect": "Allow", "Action": "cr:PushRepository", "Resource": "acs:cr:*:*:repository/dev/*"}]},
    "no-prod": {"Version": "1", "Statement": [
      {"Effect": "Deny", "Action": "cr:*", "Resource": "acs:cr:*:*:repository/prod/*"}]}
  },
  "directory": {"accounts": {"1111111111111111": {
    "users": {"dev": {"policies": ["dev-push", "no-prod"]}}}}}
}`)}}
	w, _, err := world.Load(files, "world.json")
	if err != nil {
		panic(err)
	}
	dev, _ := w.Caller(arn.MustParse("acs:ram::1111111111111111:user/dev"))
	repo := func(name string) *eval.Request {
		return &eval.Request{Action: "cr:PushRepository", Resource: "acs:cr:cn-hangzhou:1111111111111111:repository/" + name}
	}
	t := &recorder{}
	fmt.Println(evaltest.Allowed(t, dev, repo("dev/web"), nil, "dev-push#0"))
	fmt.Println(evaltest.ExplicitlyDenied(t, dev, repo("prod/web"), nil, "no-prod#0"))
	fmt.Println(evaltest.ImplicitlyDenied(t, dev, repo("test/web"), nil))
	fmt.Println(t.failed)
	fmt.Println(evaltest.Allowed(t, dev, repo("prod/web"), nil), t.failed)
	// Output:
	// true
	// true
	// true
	// false
	// false true
}
