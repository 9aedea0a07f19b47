package importworld

import (
	"errors"
	"strings"
	"testing"

	"github.com/rampolicy/ram/eval/world/worldfile"
	"github.com/rampolicy/ram/policy"
)

const allow = `{"Version":"1","Statement":[{"Effect":"Allow","Action":"cr:*","Resource":"*"}]}`

func TestCustomAndSystemOfOneNameCollide(t *testing.T) {
	a := NewAccount("1111111111111111")
	a.Custom["AliyunSTSAssumeRoleAccess"] = &Text{Name: "AliyunSTSAssumeRoleAccess", From: "x", Text: []byte(allow)}
	a.Users["u"] = &User{Name: "u", From: "u", Attached: []Attachment{{Policy: "AliyunSTSAssumeRoleAccess", Type: System, From: "att"}}}
	_, err := Build(worldfile.New(), a, Supplied{})
	if err == nil || !strings.Contains(err.Error(), "both named") {
		t.Fatalf("%v", err)
	}
}

func TestControlPolicyIsNotAttachable(t *testing.T) {
	a := NewAccount("1111111111111111")
	a.Users["u"] = &User{Name: "u", From: "u", Attached: []Attachment{{Policy: "FullAliyunAccess", Type: System, From: "att"}}}
	if _, err := Build(worldfile.New(), a, Supplied{}); err == nil || !strings.Contains(err.Error(), "control policy") {
		t.Fatalf("%v", err)
	}
}

func TestErrorsAreBounded(t *testing.T) {
	a := NewAccount("1111111111111111")
	u := &User{Name: "u", From: "u"}
	for i := range 200 {
		name := "p" + strings.Repeat("x", i)
		a.Custom[name] = &Text{Name: name, From: "res." + name, Text: []byte(`{"Version":"2"}`)}
		u.Attached = append(u.Attached, Attachment{Policy: name, Type: Custom, From: "att"})
	}
	a.Users["u"] = u
	_, err := Build(worldfile.New(), a, Supplied{})
	if !errors.Is(err, ErrPolicy) || !errors.Is(err, policy.ErrInvalidVersion) {
		t.Fatalf("%v", err)
	}
	if n := strings.Count(err.Error(), "read as the identity kind"); n > maxErrors {
		t.Errorf("%d errors listed", n)
	}
	if !strings.Contains(err.Error(), "more errors") {
		t.Error("the cut is not said")
	}
}

func TestUnknownGroupAndPolicyAreProblems(t *testing.T) {
	a := NewAccount("1111111111111111")
	a.Users["u"] = &User{Name: "u", From: "res.u", Groups: []string{"nope"},
		Attached: []Attachment{{Policy: "elsewhere", Type: Custom, From: "res.att"}}}
	f := worldfile.New()
	problems, err := Build(f, a, Supplied{})
	if err != nil {
		t.Fatal(err)
	}
	if len(problems) != 2 || f.Directory.Accounts["1111111111111111"].Users["u"].Groups != nil {
		t.Fatalf("%v", problems)
	}
	// Supplied, the custom policy is used.
	problems, err = Build(worldfile.New(), a, Supplied{Custom: map[string]*Text{"elsewhere": {Name: "elsewhere", From: "file", Text: []byte(allow)}}})
	if err != nil || len(problems) != 1 {
		t.Fatalf("%v %v", problems, err)
	}
}
