package world_test

import (
	"fmt"
	"testing/fstest"

	"github.com/rampolicy/ram/arn"
	"github.com/rampolicy/ram/eval"
	"github.com/rampolicy/ram/eval/world"
	"github.com/rampolicy/ram/policy"
)

func ExampleLoad() {
	// Any fs.FS: an embed.FS, os.DirFS, or (here) one in memory. The world names its
	// policies; "pull" is written inline, "prod-guard" is a policy file beside it.
	files := fstest.MapFS{
		"world.json": {Data: []byte(`{
  "policies": {
    "pull": {"Version": "1", "Statement": [
      {"Effect": "Allow", "Action": ["cr:PullRepository", "cr:PushRepository"], "Resource": "*"}]},
    "prod-guard": {"file": "policies/prod-guard.json"},
    "no-push": {"Version": "1", "Statement": [
      {"Effect": "Deny", "Action": "cr:PushRepository", "Resource": "*"}]}
  },
  "directory": {"accounts": {"1111111111111111": {
    "users": {"alice": {"policies": ["pull"]}},
    "controlPolicies": [["prod-guard"]]
  }}}
}`)},
		"policies/prod-guard.json": {Data: []byte(`{"Version": "1", "Statement": [
  {"Effect": "Allow", "Action": "*", "Resource": "*"},
  {"Effect": "Deny", "Action": "cr:PushRepository", "Resource": "acs:cr:*:*:repository/prod/*"}]}`)},
	}
	w, policies, err := world.Load(files, "world.json")
	if err != nil {
		fmt.Println(err)
		return
	}
	alice := arn.MustParse("acs:ram::1111111111111111:user/alice")
	push := func(repo string) *eval.Request {
		return &eval.Request{Principal: alice, Action: "cr:PushRepository",
			Resource: "acs:cr:cn-hangzhou:1111111111111111:repository/" + repo}
	}
	fmt.Println(w.Evaluate(push("dev/web"), nil))
	fmt.Println(w.Evaluate(push("prod/web"), nil))

	// A policy of the file that no principal has, used as a session policy by name.
	session, _ := policies.Set(policy.SessionPolicy, "no-push")
	caller, _ := w.Caller(alice)
	caller, _ = caller.WithPolicies(nil, session)
	fmt.Println(caller.Evaluate(push("dev/web"), nil).Decision)

	// Errors name the file, the JSON Pointer, the line and the column.
	files["world.json"] = &fstest.MapFile{Data: []byte(`{"policies": {},
  "directory": {"accounts": {"1111111111111111": {"users": {"alice": {"policies": ["pul"]}}}}}}`)}
	_, _, err = world.Load(files, "world.json")
	fmt.Println(err)
	// Output:
	// Allow by pull#0 at 4:7
	// ExplicitDeny by prod-guard#1 at 3:3
	// ExplicitDeny
	// world.json:2:84: /directory/accounts/1111111111111111/users/alice/policies/0: unknown policy "pul": "policies" has no such name
}
