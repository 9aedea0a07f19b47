package worldfile

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

func TestWriteKeepsTextAndOrder(t *testing.T) {
	f := New()
	f.Policies["b"] = json.RawMessage(`{"Version":"1","Statement":[{"Effect":"Allow","Action":"x:<y>","Resource":"*"}]}`)
	f.Policies["a"] = json.RawMessage(`{"Version":"1","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`)
	f.Account("1111111111111111").Users = map[string]*User{"u": {Policies: []string{"a", "b"}}}
	var one, two bytes.Buffer
	if err := f.Write(&one); err != nil {
		t.Fatal(err)
	}
	if err := f.Write(&two); err != nil {
		t.Fatal(err)
	}
	if one.String() != two.String() {
		t.Error("two writes of one file differ")
	}
	s := one.String()
	if !strings.Contains(s, `"x:<y>"`) {
		t.Errorf("HTML escaping changed the text (and its size): %s", s)
	}
	if strings.Index(s, `"a": {`) > strings.Index(s, `"b": {`) {
		t.Error("policies not in name order")
	}
	if !strings.Contains(s, `"directory": {`) || !strings.Contains(s, `"1111111111111111": {`) {
		t.Errorf("%s", s)
	}
	var nilFile *File
	if err := nilFile.Write(&one); err == nil {
		t.Error("nil File written")
	}
}

func TestWorld(t *testing.T) {
	f := New()
	f.Policies["pull"] = json.RawMessage(`{"Version":"1","Statement":[{"Effect":"Allow","Action":"cr:Pull*","Resource":"*"}]}`)
	f.Policies["trust"] = json.RawMessage(`{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"RAM":"acs:ram::1111111111111111:root"}}]}`)
	a := f.Account("1111111111111111")
	a.Groups = map[string]*Group{"g": {Policies: []string{"pull"}}}
	a.Users = map[string]*User{"u": {Groups: []string{"g"}}}
	a.Roles = map[string]*Role{"r": {Trust: "trust", Policies: []string{"pull"}, MaxSessionDuration: 7200}}
	w, policies, err := f.World()
	if err != nil {
		t.Fatal(err)
	}
	if n := len(w.Principals()); n != 2 {
		t.Errorf("%d principals", n)
	}
	if !policies.Has("pull") {
		t.Error("the file's policies are not returned")
	}
	// A trust policy used as an identity policy is rejected as that kind.
	a.Users["u"].Policies = []string{"trust"}
	if _, _, err := f.World(); err == nil {
		t.Error("a trust policy attached to a user loaded")
	}
	a.Users["u"].Policies = []string{"missing"}
	if _, _, err := f.World(); err == nil || !strings.Contains(err.Error(), "missing") {
		t.Errorf("%v", err)
	}
	var nilFile *File
	if _, _, err := nilFile.World(); err == nil {
		t.Error("nil File loaded")
	}
}
