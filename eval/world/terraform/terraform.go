package terraform

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/tidwall/gjson"

	"github.com/rampolicy/ram/eval/world/worldfile"
	"github.com/rampolicy/ram/internal/importworld"
)

// Errors the import wraps.
var (
	// ErrInput: the input is not the JSON of `terraform show -json`.
	ErrInput = errors.New("not a plan or state of terraform show -json")
	// ErrNoAccount: no account ID was given and none is known from the input.
	ErrNoAccount = errors.New("the account the configuration is for is not known")
	// ErrPolicy: a policy document of the input is rejected (wraps the policy package's errors).
	ErrPolicy = importworld.ErrPolicy
)

// MaxInputBytes bounds the input Read accepts.
const MaxInputBytes = 256 << 20

// Options says what the input does not.
type Options struct {
	// AccountID is the account the configuration is for. When empty, the account of
	// the roles' known ARNs is used; with neither, Read fails with ErrNoAccount.
	AccountID string
	// ControlPath lists the Resource Directory folders above the account, nearest first,
	// ending with the root folder (fd-..., r-...). Attachments to them become the
	// account's control levels; attachments to other folders do not bind the account
	// (Notes). Without ControlPath, an attachment to any folder is a Problem: whether it
	// binds the account is not known.
	ControlPath []string
	// DetachedFullAccess names the targets (the account ID, folders of ControlPath)
	// whose default FullAliyunAccess attachment was removed.
	DetachedFullAccess []string
	// SystemPolicies supplies the texts of system policies that are not embedded, by name.
	SystemPolicies map[string][]byte
	// CustomPolicies supplies the texts of custom policies that the configuration
	// attaches but does not create, by name.
	CustomPolicies map[string][]byte
}

// Problem is a thing the import could not resolve and left out.
type Problem struct {
	World   string // "before" or "after"
	Address string // the resource address (or "" for the configuration as a whole)
	Msg     string
}

func (p Problem) String() string {
	return fmt.Sprintf("%s: %s: %s", p.World, p.Address, p.Msg)
}

// Import is what Read found.
type Import struct {
	// AccountID is the account both worlds are for.
	AccountID string
	// Plan is true for a plan, false for a state.
	Plan bool
	// Before is the world of a plan's prior state (empty when there is none); nil for a
	// state.
	Before *worldfile.File
	// After is the world a plan leads to, or the world of a state.
	After *worldfile.File
	// Unresolved lists what was left out, in both worlds.
	Unresolved []Problem
	// Notes lists what was assumed (Resource Directory's default FullAliyunAccess).
	Notes []string
}

// Read reads the output of `terraform show -json` for a plan or a state.
func Read(data []byte, opts Options) (*Import, error) {
	if len(data) > MaxInputBytes {
		return nil, fmt.Errorf("%w: %d bytes; at most %d are read", ErrInput, len(data), MaxInputBytes)
	}
	if !gjson.ValidBytes(data) {
		return nil, fmt.Errorf("%w: not valid JSON", ErrInput)
	}
	root := gjson.ParseBytes(data)
	if !root.IsObject() || !root.Get("format_version").Exists() {
		return nil, fmt.Errorf("%w: no format_version", ErrInput)
	}
	imp := &Import{}
	var before, after []resource
	switch {
	case root.Get("planned_values").Exists():
		imp.Plan = true
		unknown := map[string]gjson.Result{}
		for _, rc := range root.Get("resource_changes").Array() {
			unknown[rc.Get("address").String()] = rc.Get("change.after_unknown")
		}
		after = collect(root.Get("planned_values.root_module"), unknown)
		before = collect(root.Get("prior_state.values.root_module"), nil)
	case root.Get("values").Exists() || root.Get("terraform_version").Exists():
		after = collect(root.Get("values.root_module"), nil)
	default:
		return nil, fmt.Errorf("%w: neither planned_values nor values", ErrInput)
	}
	refs := configRefs(root.Get("configuration"))

	account, err := accountID(opts.AccountID, before, after)
	if err != nil {
		return nil, err
	}
	imp.AccountID = account
	sup := importworld.Supplied{System: opts.SystemPolicies, Custom: map[string]*importworld.Text{}}
	for name, text := range opts.CustomPolicies {
		sup.Custom[name] = &importworld.Text{Name: name, From: "supplied custom policy " + name, Text: text}
	}
	var errs []error
	build := func(which string, rs []resource) *worldfile.File {
		r := &reader{world: which, opts: opts, account: account, refs: refs}
		acct := r.read(rs)
		f := worldfile.New()
		f.Description = fmt.Sprintf("imported from a Terraform %s (%s) for account %s", kindOf(imp.Plan), which, account)
		problems, err := importworld.Build(f, acct, sup)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", which, err))
		}
		r.problems(problems)
		imp.Unresolved = append(imp.Unresolved, r.out...)
		imp.Notes = append(imp.Notes, r.notes...)
		return f
	}
	if imp.Plan {
		imp.Before = build("before", before)
	}
	imp.After = build("after", after)
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	imp.Notes = uniqStrings(imp.Notes)
	return imp, nil
}

func kindOf(plan bool) string {
	if plan {
		return "plan"
	}
	return "state"
}

// resource is one managed resource instance of a module tree.
type resource struct {
	address, module, typ, name string
	values                     gjson.Result
	unknown                    gjson.Result // after_unknown, or a non-existent result
}

// collect walks a module and its child modules.
func collect(module gjson.Result, unknown map[string]gjson.Result) []resource {
	var out []resource
	var walk func(m gjson.Result, depth int)
	walk = func(m gjson.Result, depth int) {
		if depth > 100 {
			return
		}
		for _, r := range m.Get("resources").Array() {
			if r.Get("mode").String() != "managed" {
				continue
			}
			addr := r.Get("address").String()
			out = append(out, resource{address: addr, module: m.Get("address").String(), typ: r.Get("type").String(),
				name: r.Get("name").String(), values: r.Get("values"), unknown: unknown[addr]})
		}
		for _, c := range m.Get("child_modules").Array() {
			walk(c, depth+1)
		}
	}
	walk(module, 0)
	sort.SliceStable(out, func(i, j int) bool { return out[i].address < out[j].address })
	return out
}

// accountID returns the given account, or the one the roles' ARNs name.
func accountID(given string, lists ...[]resource) (string, error) {
	seen := map[string]string{}
	for _, rs := range lists {
		for _, r := range rs {
			if r.typ != "alicloud_ram_role" {
				continue
			}
			if a := r.values.Get("arn"); a.Type == gjson.String {
				if id, ok := arnAccount(a.String()); ok && seen[id] == "" {
					seen[id] = r.address
				}
			}
		}
	}
	if given != "" {
		if strings.Trim(given, "0123456789") != "" {
			return "", fmt.Errorf("%w: account ID %q is not digits", ErrNoAccount, given)
		}
		ids := make([]string, 0, len(seen))
		for id := range seen {
			ids = append(ids, id)
		}
		sort.Strings(ids)
		for _, id := range ids {
			if id != given {
				return "", fmt.Errorf("%w: %s is a role of account %s, not of %s", ErrNoAccount, seen[id], id, given)
			}
		}
		return given, nil
	}
	switch len(seen) {
	case 1:
		for id := range seen {
			return id, nil
		}
	case 0:
		return "", fmt.Errorf("%w: no role has a known ARN; say which account (Options.AccountID, ramsim -account)", ErrNoAccount)
	}
	return "", fmt.Errorf("%w: roles of several accounts; say which account (Options.AccountID, ramsim -account)", ErrNoAccount)
}

// arnAccount reads the account of acs:ram::UID:role/NAME.
func arnAccount(s string) (string, bool) {
	parts := strings.SplitN(s, ":", 5)
	if len(parts) != 5 || parts[0] != "acs" || parts[1] != "ram" || parts[3] == "" || strings.Trim(parts[3], "0123456789") != "" {
		return "", false
	}
	return parts[3], true
}

func uniqStrings(list []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range list {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}
