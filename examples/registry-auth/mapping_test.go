package main

import (
	"reflect"
	"testing"
)

func TestMapScopes(t *testing.T) {
	m := ResourceMapper{Region: "cn-hangzhou", Account: "1111"}
	scopes, _, _ := parseScopes([]string{
		"repository:dev/app:pull,push,delete,bogus",
		"registry:catalog:*",
		"repository:noNamespace:pull",
		"repository:a/b/c:pull",
		"repository:Dev/App:pull",
		"repository(plugin):dev/p:pull",
		"registry:catalog:pull",
		"repository:prod/db:*",
	})
	got := m.Map(scopes)
	r := "acs:cr:cn-hangzhou:1111:repository/"
	want := []mappedAction{
		{0, "pull", Check{"cr:PullRepository", r + "dev/app"}},
		{0, "push", Check{"cr:PushRepository", r + "dev/app"}},
		{0, "delete", Check{"cr:DeleteRepository", r + "dev/app"}},
		{1, "*", Check{"cr:ListRepository", r + "*"}},
		{6, "pull", Check{"cr:PullRepository", r + "prod/db"}}, // registry:catalog:pull merged into scope 1
		{6, "push", Check{"cr:PushRepository", r + "prod/db"}},
		{6, "delete", Check{"cr:DeleteRepository", r + "prod/db"}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("Map =\n%+v\nwant\n%+v", got, want)
	}
}

func TestMapWithInstance(t *testing.T) {
	m := ResourceMapper{Region: "cn-shanghai", Account: "42", Instance: "cri-abc123"}
	scopes, _, _ := parseScopes([]string{"repository:ns/name:pull"})
	got := m.Map(scopes)
	if len(got) != 1 || got[0].Check.Resource != "acs:cr:cn-shanghai:42:repository/cri-abc123/ns/name" {
		t.Fatalf("Map = %+v", got)
	}
}

func TestGrantAccessKeepsOnlyAllowed(t *testing.T) {
	scopes, _, _ := parseScopes([]string{"repository:dev/app:pull,push", "repository:dev/app:delete", "repository:prod/app:push", "registry:catalog:*"})
	mapped := ResourceMapper{Region: "r", Account: "1"}.Map(scopes)
	decisions := []Decision{{Effect: Allow}, {Effect: ExplicitDeny}, {Effect: Allow}, {Effect: ImplicitDeny}, {Effect: Allow}}
	got := grantAccess(scopes, mapped, decisions)
	want := []accessClaim{
		{Type: "repository", Name: "dev/app", Actions: []string{"pull", "delete"}},
		{Type: "registry", Name: "catalog", Actions: []string{"*"}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("grantAccess = %+v, want %+v", got, want)
	}
	if got := grantAccess(nil, nil, nil); got == nil || len(got) != 0 {
		t.Fatalf("grantAccess of nothing = %#v, want an empty non-nil slice", got)
	}
}
