package analyze_test

import (
	"fmt"

	"github.com/rampolicy/ram/arn"
	"github.com/rampolicy/ram/eval"
	"github.com/rampolicy/ram/eval/analyze"
	"github.com/rampolicy/ram/policy"
)

func set(kind policy.Kind, text string) analyze.Set {
	doc, err := policy.Parse([]byte(text), kind)
	if err != nil {
		panic(err)
	}
	return analyze.Set{Kind: kind, Policies: []eval.Policy{{Name: "p", Doc: doc}}}
}

// A change drops the Deny that protected production buckets: the analysis finds a
// request the new policy allows and the old one denies, and names both statements.
func ExampleNoNewAccess() {
	old := set(policy.IdentityPolicy, `{"Version":"1","Statement":[
		{"Effect":"Allow","Action":"oss:*","Resource":"*"},
		{"Effect":"Deny","Action":"oss:DeleteBucket","Resource":"acs:oss:*:*:prod-*"}]}`)
	new := set(policy.IdentityPolicy, `{"Version":"1","Statement":[
		{"Effect":"Allow","Action":"oss:*","Resource":"*"}]}`)
	res, err := analyze.NoNewAccess(old, new, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	w := res.Witnesses[0]
	fmt.Println(res.Pass, w.Action, w.Resource)
	fmt.Println("allowed by", w.AllowedBy[0].Statement, "- old:", w.Other, "by statement", w.DeniedBy[0].Statement)
	// Output:
	// false oss:DeleteBucket acs:oss:example:example:prod-example
	// allowed by 0 - old: ExplicitDeny by statement 1
}

// Equivalent rewrites pass: NotAction against an Allow with a Deny.
func ExampleCompare() {
	a := set(policy.IdentityPolicy, `{"Version":"1","Statement":[
		{"Effect":"Allow","NotAction":"ram:*","Resource":"*"}]}`)
	b := set(policy.IdentityPolicy, `{"Version":"1","Statement":[
		{"Effect":"Allow","Action":"*","Resource":"*"},
		{"Effect":"Deny","Action":"RAM:*","Resource":"*"}]}`)
	d, err := analyze.Compare(a, b, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(d.Added.Pass, d.Removed.Pass)
	// Output: true true
}

func ExampleNoExternalAccess() {
	trust := set(policy.TrustPolicy, `{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole",
		"Principal":{"RAM":["acs:ram::1111111111111111:root","acs:ram::2222222222222222:role/Auditor"]}}]}`)
	res, err := analyze.NoExternalAccess(trust, []string{"1111111111111111"}, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(res.Pass, res.Witnesses[0].Caller)
	// Output: false acs:ram::2222222222222222:role/Auditor
}

func ExampleAccessNotGranted() {
	ro := set(policy.IdentityPolicy, `{"Version":"1","Statement":[
		{"Effect":"Allow","Action":["cr:Get*","cr:List*"],"Resource":"*"}]}`)
	res, err := analyze.AccessNotGranted(ro, []string{"cr:Delete*", "cr:Push*"}, []string{"*"}, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(res.Pass)
	// Output: true
}

// A user joins a group with a wider grant, but the account's control policy still denies
// deletes: the witness is a request the control policy lets through.
func ExamplePrincipalNoNewAccess() {
	id := func(name, text string) eval.Policy {
		return eval.Policy{Name: name, Doc: set(policy.IdentityPolicy, text).Policies[0].Doc}
	}
	guard := set(policy.ControlPolicy, `{"Version":"1","Statement":[
		{"Effect":"Allow","Action":"*","Resource":"*"},
		{"Effect":"Deny","Action":"oss:Delete*","Resource":"*"}]}`).Policies[0]
	alice := arn.MustParse("acs:ram::1111111111111111:user/alice")
	old := analyze.Principal{ARN: alice, Control: [][]eval.Policy{{guard}},
		Identity: []eval.Policy{id("read", `{"Version":"1","Statement":[{"Effect":"Allow","Action":"oss:Get*","Resource":"*"}]}`)}}
	new := old
	new.Identity = []eval.Policy{id("all", `{"Version":"1","Statement":[{"Effect":"Allow","Action":"oss:*","Resource":"*"}]}`)}
	res, err := analyze.PrincipalNoNewAccess(old, new, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, w := range res.Witnesses {
		fmt.Println(w.Request.Principal, w.Action, w.Resource, w.Other)
	}
	// Output:
	// acs:ram::1111111111111111:user/alice oss:example example ImplicitDeny
}
