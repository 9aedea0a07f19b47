package terraform

import (
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/rampolicy/ram/eval/world/worldfile"
	"github.com/rampolicy/ram/internal/importworld/importtest"
	"github.com/rampolicy/ram/policy"
	"github.com/rampolicy/ram/policy/system"
)

const dir = "../../../testdata/import/terraform"

func read(t *testing.T, name string, opts Options) *Import {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	imp, err := Read(data, opts)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return imp
}

func unresolved(imp *Import) []string {
	var out []string
	for _, p := range imp.Unresolved {
		out = append(out, p.String())
	}
	return out
}

func TestRegistryPlan(t *testing.T) {
	imp := read(t, "registry-plan.json", Options{AccountID: "1111111111111111"})
	if !imp.Plan || imp.Before == nil {
		t.Fatal("not read as a plan")
	}
	t.Run("after", func(t *testing.T) { importtest.Run(t, imp.After, filepath.Join(dir, "registry-plan.after.cases.json")) })
	t.Run("before", func(t *testing.T) {
		importtest.Run(t, imp.Before, filepath.Join(dir, "registry-plan.before.cases.json"))
	})
	// What is known only after apply is reported, each naming its resource.
	want := []string{
		"after: module.prod_registry.alicloud_ram_policy.scan: policy document (policy_document) is known only after apply; the resource is left out",
		"after: module.prod_registry.alicloud_ram_user.bot: user name (name) is known only after apply; the resource is left out",
		`after: module.prod_registry.alicloud_ram_role_policy_attachment.scan: custom policy "prod-registry-scan" is not in the input and was not supplied; the attachment is left out`,
	}
	got := unresolved(imp)
	for _, w := range want {
		if !slices.Contains(got, w) {
			t.Errorf("missing %q in\n%s", w, strings.Join(got, "\n"))
		}
	}
	if len(got) != len(want) {
		t.Errorf("%d problems, want %d:\n%s", len(got), len(want), strings.Join(got, "\n"))
	}
}

func TestCrossAccountTrustPlan(t *testing.T) {
	// No account given: the role's ARN in the prior state says it.
	imp := read(t, "cross-account-trust-plan.json", Options{})
	if imp.AccountID != "1111111111111111" {
		t.Fatalf("account %q", imp.AccountID)
	}
	if len(imp.Unresolved) != 0 {
		t.Errorf("unresolved: %v", unresolved(imp))
	}
	if imp.After.Directory.Accounts["1111111111111111"].Roles["auditor"].MaxSessionDuration != 7200 {
		t.Error("max_session_duration not read")
	}
	t.Run("after", func(t *testing.T) {
		importtest.Run(t, imp.After, filepath.Join(dir, "cross-account-trust-plan.after.cases.json"))
	})
	t.Run("before", func(t *testing.T) {
		importtest.Run(t, imp.Before, filepath.Join(dir, "cross-account-trust-plan.before.cases.json"))
	})
}

func TestControlPolicyPlan(t *testing.T) {
	imp := read(t, "control-policy-plan.json", Options{AccountID: "1111111111111111", ControlPath: []string{"fd-prod01", "r-root01"}})
	t.Run("after", func(t *testing.T) {
		importtest.Run(t, imp.After, filepath.Join(dir, "control-policy-plan.after.cases.json"))
	})
	t.Run("before", func(t *testing.T) {
		importtest.Run(t, imp.Before, filepath.Join(dir, "control-policy-plan.before.cases.json"))
	})
	levels := imp.After.Directory.Accounts["1111111111111111"].ControlPolicies
	want := [][]string{{"control:FullAliyunAccess", "control:protect-ram"}, {"control:FullAliyunAccess", "control:no-beijing"}, {"control:FullAliyunAccess"}}
	if !slices.EqualFunc(levels, want, slices.Equal) {
		t.Errorf("levels %v, want %v", levels, want)
	}
	// The attachment to a folder off the account's path does not bind it: a note, not a
	// problem.
	if len(imp.Unresolved) != 0 {
		t.Errorf("unresolved: %v", unresolved(imp))
	}
	if !slices.ContainsFunc(imp.Notes, func(n string) bool {
		return strings.Contains(n, "no_beijing_sandbox targets fd-sandbox, which is not on the account's folder path")
	}) {
		t.Errorf("notes %v", imp.Notes)
	}
	if len(imp.Notes) == 0 {
		t.Error("the FullAliyunAccess assumption is not noted")
	}
}

func TestControlPolicyWithoutPath(t *testing.T) {
	imp := read(t, "control-policy-plan.json", Options{AccountID: "1111111111111111"})
	levels := imp.After.Directory.Accounts["1111111111111111"].ControlPolicies
	if len(levels) != 1 || !slices.Equal(levels[0], []string{"control:FullAliyunAccess", "control:protect-ram"}) {
		t.Errorf("levels %v", levels)
	}
	n := 0
	for _, p := range imp.Unresolved {
		if strings.Contains(p.Msg, "without the account's folder path") {
			n++
		}
	}
	if n != 4 { // two folder attachments, in both worlds
		t.Errorf("%d folder attachments reported, want 4: %v", n, unresolved(imp))
	}
	imp = read(t, "control-policy-plan.json", Options{AccountID: "1111111111111111", DetachedFullAccess: []string{"1111111111111111"}})
	levels = imp.After.Directory.Accounts["1111111111111111"].ControlPolicies
	if !slices.Equal(levels[0], []string{"control:protect-ram"}) {
		t.Errorf("detached FullAliyunAccess still attached: %v", levels)
	}
}

func TestState(t *testing.T) {
	imp := read(t, "state.json", Options{})
	if imp.Plan || imp.Before != nil {
		t.Fatal("a state read as a plan")
	}
	if len(imp.Unresolved) != 0 {
		t.Errorf("unresolved: %v", unresolved(imp))
	}
	importtest.Run(t, imp.After, filepath.Join(dir, "state.cases.json"))
}

func TestAccountMustBeKnown(t *testing.T) {
	data, _ := os.ReadFile(filepath.Join(dir, "registry-plan.json"))
	if _, err := Read(data, Options{}); !errors.Is(err, ErrNoAccount) {
		t.Errorf("no account: %v", err)
	}
	data, _ = os.ReadFile(filepath.Join(dir, "state.json"))
	if _, err := Read(data, Options{AccountID: "3333333333333333"}); !errors.Is(err, ErrNoAccount) || !strings.Contains(err.Error(), "is a role of account 1111111111111111, not of 3333333333333333") {
		t.Errorf("conflicting account: %v", err)
	}
}

func stateOf(resources string) []byte {
	return []byte(`{"format_version":"1.0","terraform_version":"1.9.5","values":{"root_module":{"resources":[` + resources + `]}}}`)
}

func TestDocumentErrorsNameTheResource(t *testing.T) {
	data := stateOf(`{"address":"module.x.alicloud_ram_policy.bad","mode":"managed","type":"alicloud_ram_policy","name":"bad",
		"values":{"policy_name":"bad","policy_document":"{\"Version\":\"1\",\"Statement\":[{\"Effect\":\"allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}"}},
		{"address":"alicloud_ram_user.u","mode":"managed","type":"alicloud_ram_user","name":"u","values":{"name":"u"}},
		{"address":"alicloud_ram_user_policy_attachment.a","mode":"managed","type":"alicloud_ram_user_policy_attachment","name":"a",
		"values":{"user_name":"u","policy_name":"bad","policy_type":"Custom"}}`)
	_, err := Read(data, Options{AccountID: "1111111111111111"})
	if !errors.Is(err, ErrPolicy) || !errors.Is(err, policy.ErrInvalidEffect) || !strings.Contains(err.Error(), "module.x.alicloud_ram_policy.bad:") {
		t.Fatalf("%v", err)
	}
}

func TestTrustIsParsedAsATrustPolicy(t *testing.T) {
	// A trust document without a Principal is not a trust policy.
	data := stateOf(`{"address":"alicloud_ram_role.r","mode":"managed","type":"alicloud_ram_role","name":"r",
		"values":{"role_name":"r","assume_role_policy_document":"{\"Version\":\"1\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"sts:AssumeRole\"}]}"}}`)
	_, err := Read(data, Options{AccountID: "1111111111111111"})
	if !errors.Is(err, policy.ErrInvalidPrincipal) || !strings.Contains(err.Error(), "alicloud_ram_role.r") {
		t.Fatalf("%v", err)
	}
}

func TestUnknownSystemPolicyIsAnError(t *testing.T) {
	data := stateOf(`{"address":"alicloud_ram_user.u","mode":"managed","type":"alicloud_ram_user","name":"u","values":{"name":"u"}},
		{"address":"alicloud_ram_user_policy_attachment.a","mode":"managed","type":"alicloud_ram_user_policy_attachment","name":"a",
		"values":{"user_name":"u","policy_name":"AdministratorAccess","policy_type":"System"}}`)
	_, err := Read(data, Options{AccountID: "1111111111111111"})
	if !errors.Is(err, system.ErrNotEmbedded) || !strings.Contains(err.Error(), `"AdministratorAccess"`) || !strings.Contains(err.Error(), "alicloud_ram_user_policy_attachment.a") {
		t.Fatalf("%v", err)
	}
	// Supplied, it is used.
	admin := []byte(`{"Version":"1","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`)
	imp, err := Read(data, Options{AccountID: "1111111111111111", SystemPolicies: map[string][]byte{"AdministratorAccess": admin}})
	if err != nil {
		t.Fatal(err)
	}
	if got := imp.After.Directory.Accounts["1111111111111111"].Users["u"].Policies; !slices.Equal(got, []string{"AdministratorAccess"}) {
		t.Errorf("policies %v", got)
	}
}

func TestNotTerraformJSON(t *testing.T) {
	for _, in := range []string{``, `[]`, `{}`, `{"format_version":"1.0"}`, `{"format_version":"1.0","planned_values":`} {
		if _, err := Read([]byte(in), Options{AccountID: "1"}); !errors.Is(err, ErrInput) {
			t.Errorf("%q: %v", in, err)
		}
	}
}

// The provider keeps both spellings of a role's trust policy; in a plan the one the
// configuration does not set still holds the old text. Without the configuration to say
// which is set, the role is not guessed.
func TestSpellingsThatDisagree(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(dir, "cross-account-trust-plan.json"))
	if err != nil {
		t.Fatal(err)
	}
	var plan map[string]any
	if err := json.Unmarshal(data, &plan); err != nil {
		t.Fatal(err)
	}
	delete(plan, "configuration")
	data, _ = json.Marshal(plan)
	imp, err := Read(data, Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := "after: alicloud_ram_role.auditor: trust policy: assume_role_policy_document and document disagree and the configuration does not say which is set; the resource is left out"
	if got := unresolved(imp); !slices.Contains(got, want) {
		t.Errorf("missing %q in %v", want, got)
	}
	if _, ok := imp.After.Directory.Accounts["1111111111111111"].Roles["auditor"]; ok {
		t.Error("the role was imported with one of two disagreeing trust policies")
	}
	if _, ok := imp.Before.Directory.Accounts["1111111111111111"].Roles["auditor"]; !ok {
		t.Error("the prior state's spellings agree; the role must be there")
	}
}

func FuzzRead(f *testing.F) {
	// The plan fixtures are 13 to 33 KB; seeds that large stall the fuzzer's mutator, so
	// the state and a small plan written here stand for them.
	for _, name := range []string{"state.json"} {
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte(`{"format_version":"1.0","values":{"root_module":{"resources":[{"address":"a","mode":"managed","type":"alicloud_ram_role","values":{"role_name":"r","document":"{}"}}]}}}`))
	// A small plan: a module, a value known only after apply, a reference.
	f.Add([]byte(`{"format_version":"1.2","planned_values":{"root_module":{"child_modules":[{"address":"module.m","resources":[
{"address":"module.m.alicloud_resource_manager_control_policy.c","mode":"managed","type":"alicloud_resource_manager_control_policy","name":"c","values":{"control_policy_name":"c","policy_document":"{\"Version\":\"1\",\"Statement\":[{\"Effect\":\"Deny\",\"Action\":\"ram:*\",\"Resource\":\"*\"}]}"}},
{"address":"module.m.alicloud_resource_manager_control_policy_attachment.a","mode":"managed","type":"alicloud_resource_manager_control_policy_attachment","name":"a","values":{"target_id":"1111111111111111"}}]}]}},
"resource_changes":[{"address":"module.m.alicloud_resource_manager_control_policy_attachment.a","change":{"after_unknown":{"policy_id":true}}}],
"configuration":{"root_module":{"module_calls":{"m":{"module":{"resources":[{"address":"alicloud_resource_manager_control_policy_attachment.a","expressions":{"policy_id":{"references":["alicloud_resource_manager_control_policy.c.id","alicloud_resource_manager_control_policy.c"]}}}]}}}}}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		imp, err := Read(data, Options{AccountID: "1111111111111111", ControlPath: []string{"fd-prod01"}})
		if err != nil {
			return
		}
		// Whatever is imported is a world file that builds.
		if err := imp.After.Write(io.Discard); err != nil {
			t.Fatal(err)
		}
		if _, _, err := imp.After.World(); err != nil {
			t.Fatalf("imported world does not build: %v", err)
		}
	})
}

func TestControlPolicyThatBindsTheRoot(t *testing.T) {
	data := stateOf(`{"address":"alicloud_resource_manager_control_policy.c","mode":"managed","type":"alicloud_resource_manager_control_policy","name":"c",
		"values":{"control_policy_name":"c","effect_scope":"All","id":"cp-1","policy_document":"{\"Version\":\"1\",\"Statement\":[{\"Effect\":\"Deny\",\"Action\":\"ecs:*\",\"Resource\":\"*\"}]}"}},
		{"address":"alicloud_resource_manager_control_policy_attachment.a","mode":"managed","type":"alicloud_resource_manager_control_policy_attachment","name":"a",
		"values":{"policy_id":"cp-1","target_id":"1111111111111111"}}`)
	imp, err := Read(data, Options{AccountID: "1111111111111111"})
	if err != nil {
		t.Fatal(err)
	}
	got := unresolved(imp)
	if len(got) != 1 || !strings.Contains(got[0], "effect_scope All also binds the account's root user") {
		t.Errorf("%v", got)
	}
	if levels := imp.After.Directory.Accounts["1111111111111111"].ControlPolicies; len(levels) != 1 || !slices.Contains(levels[0], "control:c") {
		t.Errorf("levels %v", levels)
	}
}

// A first plan has no prior state: the world before it is the empty account.
func TestPlanWithoutPriorState(t *testing.T) {
	data := []byte(`{"format_version":"1.2","planned_values":{"root_module":{"resources":[
		{"address":"alicloud_ram_user.u","mode":"managed","type":"alicloud_ram_user","name":"u","values":{"name":"u"}}]}},
		"resource_changes":[{"address":"alicloud_ram_user.u","change":{"actions":["create"],"after_unknown":{"id":true}}}]}`)
	imp, err := Read(data, Options{AccountID: "1111111111111111"})
	if err != nil {
		t.Fatal(err)
	}
	if !imp.Plan || len(imp.Before.Directory.Accounts["1111111111111111"].Users) != 0 || len(imp.After.Directory.Accounts["1111111111111111"].Users) != 1 {
		t.Fatalf("%+v", imp)
	}
	for _, f := range []*worldfile.File{imp.Before, imp.After} {
		if _, _, err := f.World(); err != nil {
			t.Fatal(err)
		}
	}
}
