// Package importworld turns what an importer read (a Terraform plan, an account
// snapshot) into a world file: it resolves every attachment to a policy text, parses
// every document strictly as the kind it is used as, and lists what it could not resolve.
package importworld

import (
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/rampolicy/ram/eval/world/worldfile"
	"github.com/rampolicy/ram/policy"
	"github.com/rampolicy/ram/policy/system"
)

// Policy types as RAM's API and the Terraform provider spell them.
const (
	Custom = "Custom"
	System = "System"
)

// Account is one account as an importer read it. From fields say where a thing was read
// (a Terraform resource address, a snapshot file), for messages.
type Account struct {
	ID     string
	Users  map[string]*User // by name as written
	Groups map[string]*Group
	Roles  map[string]*Role
	// Custom policies by name.
	Custom map[string]*Text
	// Control levels, nearest first; each names control policies of ControlTexts.
	Control      [][]string
	ControlTexts map[string]*Text
}

// User is a RAM user with its own attachments and groups.
type User struct {
	Name, From string
	Groups     []string
	Attached   []Attachment
}

// Group is a RAM group with its attachments.
type Group struct {
	Name, From string
	Attached   []Attachment
}

// Role is a RAM role. Trust is the trust policy's text.
type Role struct {
	Name, From         string
	Trust              *Text
	MaxSessionDuration int
	ServiceLinked      bool
	Attached           []Attachment
}

// Attachment names a policy by name and type.
type Attachment struct {
	Policy, Type, From string
}

// Text is a policy document's text and where it was read.
type Text struct {
	Name, From string
	Text       []byte
}

// NewAccount returns an empty account.
func NewAccount(id string) *Account {
	return &Account{ID: id, Users: map[string]*User{}, Groups: map[string]*Group{}, Roles: map[string]*Role{},
		Custom: map[string]*Text{}, ControlTexts: map[string]*Text{}}
}

// Problem is something an importer could not resolve: the thing is left out of the
// world and the problem says so. It is never guessed.
type Problem struct {
	From string // the resource address or file
	Msg  string
}

func (p Problem) String() string { return p.From + ": " + p.Msg }

// Supplied holds policy texts a caller supplies for policies the input names but does
// not hold: system policies that are not embedded, custom policies managed elsewhere.
type Supplied struct {
	System map[string][]byte
	Custom map[string]*Text
}

// ErrPolicy is wrapped by the error of a document that does not parse as the kind it is
// used as.
var ErrPolicy = errors.New("policy document rejected")

// maxErrors bounds the errors Build joins, so a hostile input's error stays small.
const maxErrors = 50

// Build writes the account into a world file. Documents that do not parse and system
// policies that are neither embedded nor supplied are errors (all of them, up to a
// bound); attachments to principals or custom policies that the input does not hold are
// Problems, and are left out.
func Build(f *worldfile.File, a *Account, sup Supplied) ([]Problem, error) {
	b := &builder{f: f, sup: sup, kinds: map[string]policy.Kind{}}
	out := f.Account(a.ID)
	for _, name := range sortedKeys(a.Groups) {
		g := a.Groups[name]
		if out.Groups == nil {
			out.Groups = map[string]*worldfile.Group{}
		}
		out.Groups[name] = &worldfile.Group{Policies: b.attach(a, g.Attached)}
	}
	for _, name := range sortedKeys(a.Users) {
		u := a.Users[name]
		wu := &worldfile.User{Policies: b.attach(a, u.Attached)}
		for _, g := range uniq(u.Groups) {
			name, ok := LookupFold(a.Groups, g)
			if !ok {
				b.problem(u.From, "group %q is not in the input; the membership is left out", g)
				continue
			}
			wu.Groups = append(wu.Groups, name)
		}
		if out.Users == nil {
			out.Users = map[string]*worldfile.User{}
		}
		out.Users[name] = wu
	}
	for _, name := range sortedKeys(a.Roles) {
		r := a.Roles[name]
		trustName := "trust:" + name
		if !b.add(trustName, r.Trust.From, r.Trust.Text, policy.TrustPolicy) {
			continue
		}
		if out.Roles == nil {
			out.Roles = map[string]*worldfile.Role{}
		}
		out.Roles[name] = &worldfile.Role{Trust: trustName, Policies: b.attach(a, r.Attached), MaxSessionDuration: r.MaxSessionDuration, ServiceLinked: r.ServiceLinked}
	}
	for i, level := range a.Control {
		var names []string
		for _, n := range level {
			t := a.ControlTexts[n]
			key := "control:" + n
			if n == "FullAliyunAccess" && t == nil {
				text, err := system.Text(n)
				if err != nil {
					b.err(err)
					continue
				}
				t = &Text{Name: n, From: "Resource Directory default", Text: text}
			}
			if t == nil {
				b.err(fmt.Errorf("control level %d: control policy %q has no text", i, n))
				continue
			}
			if b.add(key, t.From, t.Text, policy.ControlPolicy) {
				names = append(names, key)
			}
		}
		out.ControlPolicies = append(out.ControlPolicies, names)
	}
	if len(b.errs) > 0 {
		if b.dropped > 0 {
			b.errs = append(b.errs, fmt.Errorf("... and %d more errors", b.dropped))
		}
		return b.problems, errors.Join(b.errs...)
	}
	// The world must build as written: names RAM would refuse (empty, holding '/',
	// colliding when case is ignored), a group or role of one name twice... are the
	// world's rules, checked in one place, there.
	if _, _, err := f.World(); err != nil {
		return b.problems, fmt.Errorf("the imported world does not build: %w", err)
	}
	return b.problems, nil
}

type builder struct {
	f        *worldfile.File
	sup      Supplied
	kinds    map[string]policy.Kind // the kind each policy name was parsed as
	problems []Problem
	errs     []error
	dropped  int
}

func (b *builder) err(err error) {
	if len(b.errs) >= maxErrors {
		b.dropped++
		return
	}
	b.errs = append(b.errs, err)
}

func (b *builder) problem(from, format string, args ...any) {
	b.problems = append(b.problems, Problem{From: from, Msg: fmt.Sprintf(format, args...)})
}

// add puts a document into the file under name after parsing it strictly as kind; it
// reports false when the document is rejected.
func (b *builder) add(name, from string, text []byte, kind policy.Kind) bool {
	if k, ok := b.kinds[name]; ok {
		if string(b.f.Policies[name]) != string(text) {
			b.err(fmt.Errorf("%s: two different documents are named %q", from, name))
			return false
		}
		if k == kind {
			return true
		}
	}
	if _, err := (policy.Options{Kind: kind, Filename: from}).Parse(text); err != nil {
		b.err(fmt.Errorf("%w: %s (read as the %s kind):\n%w", ErrPolicy, from, kind, err))
		return false
	}
	if !json.Valid(text) {
		b.err(fmt.Errorf("%w: %s is not JSON", ErrPolicy, from))
		return false
	}
	b.kinds[name] = kind
	b.f.Policies[name] = json.RawMessage(append([]byte(nil), text...)) // never the caller's bytes
	return true
}

// attach resolves attachments to policy names of the file.
func (b *builder) attach(a *Account, list []Attachment) []string {
	var names []string
	seen := map[string]bool{}
	for _, at := range list {
		name, ok := b.resolve(a, at)
		if ok && !seen[name] {
			seen[name] = true
			names = append(names, name)
		}
	}
	sort.Strings(names)
	return names
}

func (b *builder) resolve(a *Account, at Attachment) (string, bool) {
	switch at.Type {
	case System:
		text, ok := b.sup.System[at.Policy]
		from := "supplied system policy " + at.Policy
		if !ok {
			var err error
			if text, err = system.Text(at.Policy); err != nil {
				b.err(fmt.Errorf("%s: %w", at.From, err))
				return "", false
			}
			from = "system policy " + at.Policy
		}
		if in, ok := system.Source(at.Policy); ok && in.Kind != policy.IdentityPolicy {
			b.err(fmt.Errorf("%s: %s is a %s policy, not one to attach to a principal", at.From, at.Policy, in.Kind))
			return "", false
		}
		if t, ok := a.Custom[at.Policy]; ok {
			b.err(fmt.Errorf("%s: a custom policy (%s) and a system policy are both named %q", at.From, t.From, at.Policy))
			return "", false
		}
		return at.Policy, b.add(at.Policy, from, text, policy.IdentityPolicy)
	case Custom:
		t := a.Custom[at.Policy]
		if t == nil {
			t = b.sup.Custom[at.Policy]
		}
		if t == nil {
			b.problem(at.From, "custom policy %q is not in the input and was not supplied; the attachment is left out", at.Policy)
			return "", false
		}
		return at.Policy, b.add(at.Policy, t.From, t.Text, policy.IdentityPolicy)
	}
	b.err(fmt.Errorf("%s: policy type %q is neither %s nor %s", at.From, at.Type, Custom, System))
	return "", false
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// LookupFold finds a name in m ignoring letter case, as RAM compares user, group and
// role names; it returns the name as m spells it.
func LookupFold[V any](m map[string]V, name string) (string, bool) {
	if _, ok := m[name]; ok {
		return name, true
	}
	for k := range m {
		if strings.EqualFold(k, name) {
			return k, true
		}
	}
	return "", false
}

func uniq(list []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range list {
		if !seen[strings.ToLower(s)] {
			seen[strings.ToLower(s)] = true
			out = append(out, s)
		}
	}
	return out
}
