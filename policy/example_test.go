package policy_test

import (
	"encoding/json"
	"errors"
	"fmt"

	"github.com/rampolicy/ram/policy"
)

func ExampleParse() {
	doc, err := policy.Parse([]byte(`{
	  "Version": "1",
	  "Statement": [{"Effect": "Allow", "Action": "cr:Pull*", "Resource": "acs:cr:*:*:repository/dev/*"}]
	}`), policy.IdentityPolicy)
	if err != nil {
		panic(err)
	}
	s := doc.Statements[0]
	fmt.Println(s.Effect, s.Actions, s.Resources, s.Pos.Line)
	fmt.Println(doc)
	// Output:
	// Allow [cr:Pull*] [acs:cr:*:*:repository/dev/*] 3
	// {"Version":"1","Statement":[{"Effect":"Allow","Action":["cr:Pull*"],"Resource":["acs:cr:*:*:repository/dev/*"]}]}
}

func ExampleErrorList() {
	_, err := policy.Options{Kind: policy.IdentityPolicy, Filename: "team.json"}.Parse([]byte(`{
  "Version": "1",
  "Statement": [
    {"Effect": "allow", "Action": "cr:Pull*", "Resource": "*", "Effect": "Deny"},
    {"Effect": "Allow", "Action": "PullRepository", "NotResource": "*"}
  ]
}`))
	fmt.Println(err)
	fmt.Println(errors.Is(err, policy.ErrDuplicateKey), policy.Code(err))
	// Output:
	// team.json:4:64: /Statement/0/Effect: duplicate key "Effect": a policy must mean one thing to every JSON reader
	// true DuplicateKey
}

func ExampleParse_errors() {
	_, err := policy.Parse([]byte(`{
  "Version": "1",
  "Statement": [
    {"Effect": "allow", "Action": "cr:Pull*", "Resource": "arn:aws:s3:::bucket"},
    {"Effect": "Allow", "Action": "PullRepository", "NotResource": "*",
     "Condition": {"IpAddressIfExists": {"acs:SourceIp": "10.0.0.0/33"}}}
  ]
}`), policy.IdentityPolicy)
	var list policy.ErrorList
	errors.As(err, &list)
	for _, e := range list {
		fmt.Printf("%d:%d %s %s\n", e.Line, e.Column, e.Pointer, policy.Code(e))
	}
	// Output:
	// 4:16 /Statement/0/Effect InvalidEffect
	// 4:59 /Statement/0/Resource InvalidARNPrefix
	// 5:5 /Statement/1 MissingResource
	// 5:35 /Statement/1/Action InvalidActionFormat
	// 5:53 /Statement/1/NotResource InvalidPolicyElement
	// 6:20 /Statement/1/Condition/IpAddressIfExists InvalidConditionOperator
}

// A Document built in code gets the errors Parse gives its text; eval.Compile calls
// Validate, so it cannot reach evaluation otherwise.
func ExampleDocument_Validate() {
	doc := &policy.Document{Kind: policy.IdentityPolicy, Version: "2012-10-17", Statements: []policy.Statement{{
		Effect: policy.EffectAllow, Actions: []string{"cr:GetRepository"}, Resources: []string{"arn:aws:s3:::bucket"},
	}}}
	fmt.Println(doc.Validate())
	// Output:
	// /Version: invalid version "2012-10-17" (want "1")
	// /Statement/0/Resource/0: invalid resource "arn:aws:s3:::bucket": want "*" or an ARN starting with "acs:"
}

// json.Unmarshal into a Document runs Parse for the Kind set beforehand.
func ExampleDocument_UnmarshalJSON() {
	text := []byte(`{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole",
	  "Principal":{"Service":["1654218965343050@log.aliyuncs.com","log.aliyuncs.com"]}}]}`)
	doc := policy.Document{Kind: policy.TrustPolicy}
	fmt.Println(json.Unmarshal(text, &doc), doc.Statements[0].Principal.Service)

	var unset policy.Document
	err := json.Unmarshal(text, &unset)
	fmt.Println(errors.Is(err, policy.ErrInvalidKind))
	// Output:
	// <nil> [1654218965343050@log.aliyuncs.com log.aliyuncs.com]
	// true
}
