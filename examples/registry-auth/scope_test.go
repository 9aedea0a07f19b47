package main

import (
	"reflect"
	"testing"
)

func TestParseScope(t *testing.T) {
	tests := []struct {
		in   string
		want Scope
	}{
		{"repository:dev/app:pull", Scope{Type: "repository", Name: "dev/app", Actions: []string{"pull"}}},
		{"repository:dev/app:pull,push", Scope{Type: "repository", Name: "dev/app", Actions: []string{"pull", "push"}}},
		{"registry:catalog:*", Scope{Type: "registry", Name: "catalog", Actions: []string{"*"}}},
		{"repository:localhost:5000/dev/app:pull", Scope{Type: "repository", Name: "localhost:5000/dev/app", Actions: []string{"pull"}}},
		{"repository(plugin):dev/p:pull", Scope{Type: "repository", Class: "plugin", Name: "dev/p", Actions: []string{"pull"}}},
		{"repository:dev/app:pull,,push", Scope{Type: "repository", Name: "dev/app", Actions: []string{"pull", "push"}}},
	}
	for _, tt := range tests {
		got, err := parseScope(tt.in)
		if err != nil {
			t.Errorf("parseScope(%q): %v", tt.in, err)
			continue
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("parseScope(%q) = %+v, want %+v", tt.in, got, tt.want)
		}
		if tt.in != "repository:dev/app:pull,,push" && got.String() != tt.in {
			t.Errorf("String() = %q, want %q", got.String(), tt.in)
		}
	}
}

func TestParseScopeErrors(t *testing.T) {
	for _, in := range []string{"", "repository", "repository:dev/app", ":dev/app:pull", "repository::pull",
		"repository:dev/app:", "repository:dev/app:,", "(x)repository:a/b:pull", "repository(x:a/b:pull"} {
		if sc, err := parseScope(in); err == nil {
			t.Errorf("parseScope(%q) = %+v, want an error", in, sc)
		}
	}
}

func TestParseScopesSplitsAndCollectsInvalid(t *testing.T) {
	scopes, invalid, _ := parseScopes([]string{"repository:a/b:pull registry:catalog:*", "bogus", "repository:c/d:push"})
	if len(scopes) != 3 || scopes[1].Type != "registry" || scopes[2].Name != "c/d" {
		t.Fatalf("scopes = %+v", scopes)
	}
	if !reflect.DeepEqual(invalid, []string{"bogus"}) {
		t.Fatalf("invalid = %v", invalid)
	}
}
