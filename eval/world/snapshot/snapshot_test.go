package snapshot

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/rampolicy/ram/internal/importworld/importtest"
	"github.com/rampolicy/ram/policy"
	"github.com/rampolicy/ram/policy/system"
)

const dir = "../../../testdata/import/snapshot"

func TestRegistrySnapshot(t *testing.T) {
	imp, err := ReadDir(filepath.Join(dir, "registry"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if imp.AccountID != "1111111111111111" {
		t.Errorf("account %q", imp.AccountID)
	}
	if len(imp.Unresolved) != 0 {
		t.Errorf("unresolved: %v", imp.Unresolved)
	}
	if got := imp.World.Directory.Accounts["1111111111111111"].Users["bob"].Policies; !slices.Equal(got, []string{"AliyunContainerRegistryFullAccess", "bob-deny-push"}) {
		t.Errorf("bob's policies %v", got)
	}
	importtest.Run(t, imp.World, filepath.Join(dir, "registry.cases.json"))
}

func TestIncompleteSnapshotIsReported(t *testing.T) {
	imp, err := ReadDir(filepath.Join(dir, "incomplete"), Options{AccountID: "1111111111111111"})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range imp.Unresolved {
		got = append(got, p.String())
	}
	want := []string{
		"ListUsers.json: the last page is truncated (IsTruncated true): the list is incomplete",
		`GetRole/orphan.json: missing: the role "orphan" and its attachments are left out (its trust policy is only in GetRole)`,
		`ListGroupsForUser/carol.json: missing: the groups of "carol" are not known (their policies are not imported for the user)`,
		`ListPoliciesForUser/carol.json: missing: the policies attached to "carol" are not known, and none is imported`,
		`ListPoliciesForGroup/ops.json: missing: the policies attached to "ops" are not known, and none is imported`,
	}
	if !slices.Equal(got, want) {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if len(imp.World.Directory.Accounts["1111111111111111"].Roles) != 0 {
		t.Error("a role without its trust policy was imported")
	}
}

func base() fstest.MapFS {
	return fstest.MapFS{
		"ListUsers.json":             {Data: []byte(`{"IsTruncated":false,"Users":{"User":[{"UserName":"u","Future":{"x":1}}]}}`)},
		"ListGroups.json":            {Data: []byte(`{"Groups":{"Group":[]}}`)},
		"ListRoles.json":             {Data: []byte(`{"Roles":{"Role":[]}}`)},
		"ListPoliciesForUser/u.json": {Data: []byte(`{"Policies":{"Policy":[{"PolicyName":"p","PolicyType":"Custom"}]}}`)},
		"GetPolicy/Custom/p.json":    {Data: []byte(`{"DefaultPolicyVersion":{"PolicyDocument":"{\"Version\":\"1\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"ecs:Describe*\",\"Resource\":\"*\"}]}"}}`)},
		"ListGroupsForUser/u.json":   {Data: []byte(`{"Groups":{"Group":[]}}`)},
		"GetCallerIdentity.json":     {Data: []byte(`{"AccountId":"1111111111111111"}`)},
	}
}

func TestUnusedFieldsAreTolerated(t *testing.T) {
	imp, err := Read(base(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := imp.World.Directory.Accounts["1111111111111111"].Users["u"].Policies; !slices.Equal(got, []string{"p"}) {
		t.Errorf("%v", got)
	}
}

func TestDocumentErrorsNameTheFile(t *testing.T) {
	fs := base()
	fs["GetPolicy/Custom/p.json"] = &fstest.MapFile{Data: []byte(`{"DefaultPolicyVersion":{"PolicyDocument":"{\"Version\":\"1\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"ecs:Describe*\"}]}"}}`)}
	_, err := Read(fs, Options{})
	if !errors.Is(err, ErrPolicy) || !errors.Is(err, policy.ErrMissingResource) || !strings.Contains(err.Error(), "GetPolicy/Custom/p.json") {
		t.Fatalf("%v", err)
	}
}

func TestSystemPolicyNotEmbedded(t *testing.T) {
	fs := base()
	fs["ListPoliciesForUser/u.json"] = &fstest.MapFile{Data: []byte(`{"Policies":{"Policy":[{"PolicyName":"AdministratorAccess","PolicyType":"System"}]}}`)}
	_, err := Read(fs, Options{})
	if !errors.Is(err, system.ErrNotEmbedded) || !strings.Contains(err.Error(), `"AdministratorAccess"`) {
		t.Fatalf("%v", err)
	}
	// The account's own copy is used.
	fs["GetPolicy/System/AdministratorAccess.json"] = &fstest.MapFile{Data: []byte(`{"DefaultPolicyVersion":{"PolicyDocument":"{\"Version\":\"1\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}"}}`)}
	if _, err := Read(fs, Options{}); err != nil {
		t.Fatal(err)
	}
}

func TestBadInput(t *testing.T) {
	for name, data := range map[string]string{
		"ListUsers.json": `{"Users":`,
		"ListRoles.json": `{"Code":"NoPermission","Message":"You are not authorized"}`,
	} {
		fs := base()
		fs[name] = &fstest.MapFile{Data: []byte(data)}
		if _, err := Read(fs, Options{}); !errors.Is(err, ErrInput) || !strings.Contains(err.Error(), name) {
			t.Errorf("%s: %v", name, err)
		}
	}
	fs := base()
	delete(fs, "GetCallerIdentity.json")
	if _, err := Read(fs, Options{}); !errors.Is(err, ErrNoAccount) {
		t.Errorf("no account: %v", err)
	}
	if _, err := Read(base(), Options{AccountID: "2222222222222222"}); !errors.Is(err, ErrNoAccount) {
		t.Errorf("conflicting account: %v", err)
	}
	if _, err := ReadDir(filepath.Join(os.TempDir(), "no-such-snapshot-dir"), Options{}); !errors.Is(err, ErrInput) {
		t.Errorf("missing dir: %v", err)
	}
	if _, err := Read(nil, Options{}); !errors.Is(err, ErrInput) {
		t.Errorf("nil fs: %v", err)
	}
}

// FuzzRead feeds one response of a small snapshot: whatever it holds, Read answers with
// a world that builds, or an error; never a panic.
func FuzzRead(f *testing.F) {
	f.Add("GetRole/r.json", []byte(`{"Role":{"RoleName":"r","AssumeRolePolicyDocument":"{\"Version\":\"1\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"sts:AssumeRole\",\"Principal\":{\"RAM\":\"acs:ram::1111111111111111:root\"}}]}","MaxSessionDuration":3600}}`))
	f.Add("ListUsers.json", []byte(`{"IsTruncated":true,"Users":{"User":[{"UserName":"u"},{"UserName":"U"}]}}`))
	f.Add("ListPoliciesForUser/u.json", []byte(`{"Policies":{"Policy":[{"PolicyName":"AliyunSTSAssumeRoleAccess","PolicyType":"System"},{"PolicyName":"p","PolicyType":"Other"}]}}`))
	f.Add("ListGroupsForUser/u.json", []byte(`{"Groups":{"Group":[{"GroupName":"nope"}]}}`))
	f.Fuzz(func(t *testing.T, name string, data []byte) {
		fs := base()
		fs["ListRoles.json"] = &fstest.MapFile{Data: []byte(`{"Roles":{"Role":[{"RoleName":"r","Arn":"acs:ram::1111111111111111:role/r"}]}}`)}
		fs["ListPoliciesForRole/r.json"] = &fstest.MapFile{Data: []byte(`{"Policies":{"Policy":[]}}`)}
		if name == "" || strings.HasPrefix(name, "/") || strings.Contains(name, "..") {
			return
		}
		fs[name] = &fstest.MapFile{Data: data}
		imp, err := Read(fs, Options{})
		if err != nil {
			return
		}
		if _, _, err := imp.World.World(); err != nil {
			t.Fatalf("imported world does not build: %v", err)
		}
	})
}
