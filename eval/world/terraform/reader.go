package terraform

import (
	"fmt"
	"slices"
	"strings"

	"github.com/tidwall/gjson"

	"github.com/rampolicy/ram/internal/importworld"
)

// reader turns the resources of one world into an importworld.Account.
type reader struct {
	world   string // "before" or "after"
	opts    Options
	account string
	refs    map[string][]string // configuration references, see configRefs
	out     []Problem
	notes   []string
}

func (r *reader) problem(addr, format string, args ...any) {
	r.out = append(r.out, Problem{World: r.world, Address: addr, Msg: fmt.Sprintf(format, args...)})
}

func (r *reader) problems(list []importworld.Problem) {
	for _, p := range list {
		r.out = append(r.out, Problem{World: r.world, Address: p.From, Msg: p.Msg})
	}
}

// value is an attribute read under one of its spellings.
type value struct {
	v       gjson.Result
	key     string // the spelling found
	unknown bool   // known only after apply
}

// attr reads the first of keys that is set or unknown. Terraform writes an unset
// attribute as null, and leaves an unknown one out of the values and marks it true in
// after_unknown.
func attr(res resource, keys ...string) value {
	for _, k := range keys {
		if u := res.unknown.Get(gjson.Escape(k)); u.Exists() && u.Type == gjson.True {
			return value{key: k, unknown: true}
		}
		if v := res.values.Get(gjson.Escape(k)); v.Exists() && v.Type != gjson.Null {
			if v.Type == gjson.String && v.String() == "" {
				continue // the provider's Computed fields read back as ""
			}
			return value{v: v, key: k}
		}
	}
	return value{}
}

// pick reads an attribute that has several spellings (name and role_name, document
// and assume_role_policy_document). The provider keeps both in the state; when a plan
// changes the one the configuration sets, the other still holds the old value (or is
// unknown) until apply. So when the spellings disagree, the configured one wins; with no
// configuration to say, the value is ambiguous.
func (r *reader) pick(res resource, keys ...string) (value, bool) {
	var set []value
	for _, k := range keys {
		if v := attr(res, k); v.unknown || v.v.Exists() {
			set = append(set, v)
		}
	}
	if len(set) <= 1 {
		if len(set) == 0 {
			return value{}, true
		}
		return set[0], true
	}
	agree := true
	for _, v := range set[1:] {
		if v.unknown || set[0].unknown || v.v.Raw != set[0].v.Raw {
			agree = false
		}
	}
	if agree {
		return set[0], true
	}
	var configured []value
	for _, v := range set {
		if r.refs[configAddress(res.address)+"\x00"+v.key] != nil {
			configured = append(configured, v)
		}
	}
	if len(configured) == 1 {
		return configured[0], true
	}
	return value{}, false
}

// str reads a string attribute that the resource needs: a problem when it is unknown,
// missing or ambiguous.
func (r *reader) str(res resource, what string, keys ...string) (string, bool) {
	v, ok := r.pick(res, keys...)
	if !ok {
		r.problem(res.address, "%s: %s disagree and the configuration does not say which is set; the resource is left out", what, strings.Join(keys, " and "))
		return "", false
	}
	switch {
	case v.unknown:
		r.problem(res.address, "%s (%s) is known only after apply; the resource is left out", what, v.key)
		return "", false
	case !v.v.Exists():
		r.problem(res.address, "no %s (%s); the resource is left out", what, strings.Join(keys, " or "))
		return "", false
	case v.v.Type != gjson.String:
		r.problem(res.address, "%s (%s) is not a string; the resource is left out", what, v.key)
		return "", false
	}
	return v.v.String(), true
}

func (r *reader) read(rs []resource) *importworld.Account {
	a := importworld.NewAccount(r.account)
	byType := map[string][]resource{}
	for _, res := range rs {
		byType[res.typ] = append(byType[res.typ], res)
	}
	names := map[string]string{} // kind + lower-cased name -> address, for collisions
	unique := func(kind, name string, res resource) bool {
		k := kind + "\x00" + strings.ToLower(name)
		if prev, ok := names[k]; ok {
			r.problem(res.address, "%s %q is also created by %s (RAM names ignore letter case); left out", kind, name, prev)
			return false
		}
		names[k] = res.address
		return true
	}
	for _, res := range byType["alicloud_ram_user"] {
		if name, ok := r.str(res, "user name", "name"); ok && unique("user", name, res) {
			a.Users[name] = &importworld.User{Name: name, From: res.address}
		}
	}
	for _, res := range byType["alicloud_ram_group"] {
		if name, ok := r.str(res, "group name", "group_name", "name"); ok && unique("group", name, res) {
			a.Groups[name] = &importworld.Group{Name: name, From: res.address}
		}
	}
	for _, res := range byType["alicloud_ram_role"] {
		r.role(a, res, unique)
	}
	for _, res := range byType["alicloud_ram_policy"] {
		name, ok := r.str(res, "policy name", "policy_name", "name")
		if !ok {
			continue
		}
		doc, ok := r.str(res, "policy document", "policy_document", "document")
		if ok && unique("policy", name, res) {
			a.Custom[name] = &importworld.Text{Name: name, From: res.address, Text: []byte(doc)}
		}
	}
	r.attachments(a, byType)
	r.memberships(a, byType)
	r.control(a, byType)
	return a
}

func (r *reader) role(a *importworld.Account, res resource, unique func(string, string, resource) bool) {
	name, ok := r.str(res, "role name", "role_name", "name")
	if !ok {
		return
	}
	trust, ok := r.str(res, "trust policy", "assume_role_policy_document", "document")
	if !ok {
		return
	}
	role := &importworld.Role{Name: name, From: res.address,
		Trust: &importworld.Text{Name: "trust:" + name, From: res.address, Text: []byte(trust)}}
	switch d := attr(res, "max_session_duration"); {
	case d.unknown:
		r.problem(res.address, "max_session_duration is known only after apply; the role is left out")
		return
	case d.v.Exists():
		n := d.v.Int()
		if d.v.Type != gjson.Number || float64(n) != d.v.Float() || n < 3600 || n > 43200 {
			r.problem(res.address, "max_session_duration %s is not a whole number of seconds from 3600 to 43200; the role is left out", d.v.Raw)
			return
		}
		role.MaxSessionDuration = int(n)
	}
	if arn := attr(res, "arn"); arn.v.Type == gjson.String {
		if id, ok := arnAccount(arn.v.String()); ok && id != r.account {
			r.problem(res.address, "the role's ARN %s is in account %s, not %s; left out", arn.v.String(), id, r.account)
			return
		}
	}
	if unique("role", name, res) {
		a.Roles[name] = role
	}
}

// attachments reads the user, group and role policy attachments.
func (r *reader) attachments(a *importworld.Account, byType map[string][]resource) {
	kinds := []struct{ typ, key, what string }{
		{"alicloud_ram_user_policy_attachment", "user_name", "user"},
		{"alicloud_ram_group_policy_attachment", "group_name", "group"},
		{"alicloud_ram_role_policy_attachment", "role_name", "role"},
	}
	for _, k := range kinds {
		for _, res := range byType[k.typ] {
			principal, ok := r.str(res, k.what+" name", k.key)
			if !ok {
				continue
			}
			pname, ok := r.str(res, "policy name", "policy_name")
			if !ok {
				continue
			}
			ptype, ok := r.str(res, "policy type", "policy_type")
			if !ok {
				continue
			}
			if ptype != importworld.Custom && ptype != importworld.System {
				r.problem(res.address, "policy_type %q is neither Custom nor System; left out", ptype)
				continue
			}
			at := importworld.Attachment{Policy: pname, Type: ptype, From: res.address}
			switch k.what {
			case "user":
				if n, ok := importworld.LookupFold(a.Users, principal); ok {
					a.Users[n].Attached = append(a.Users[n].Attached, at)
					continue
				}
			case "group":
				if n, ok := importworld.LookupFold(a.Groups, principal); ok {
					a.Groups[n].Attached = append(a.Groups[n].Attached, at)
					continue
				}
			case "role":
				if n, ok := importworld.LookupFold(a.Roles, principal); ok {
					a.Roles[n].Attached = append(a.Roles[n].Attached, at)
					continue
				}
			}
			r.problem(res.address, "%s %q is not in this world (managed elsewhere, or left out above); the attachment is left out", k.what, principal)
		}
	}
}

// memberships reads alicloud_ram_group_membership and alicloud_ram_user_group_attachment.
func (r *reader) memberships(a *importworld.Account, byType map[string][]resource) {
	join := func(res resource, group, user string) {
		n, ok := importworld.LookupFold(a.Users, user)
		if !ok {
			r.problem(res.address, "user %q is not in this world (managed elsewhere, or left out above); its membership of %q is left out", user, group)
			return
		}
		if !slices.Contains(a.Users[n].Groups, group) {
			a.Users[n].Groups = append(a.Users[n].Groups, group)
		}
	}
	for _, res := range byType["alicloud_ram_group_membership"] {
		group, ok := r.str(res, "group name", "group_name")
		if !ok {
			continue
		}
		users := attr(res, "user_names")
		if users.unknown {
			r.problem(res.address, "user_names is known only after apply; the memberships are left out")
			continue
		}
		unknown := res.unknown.Get("user_names")
		for i, u := range users.v.Array() {
			if unknown.IsArray() && unknown.Get(fmt.Sprint(i)).Type == gjson.True {
				continue // counted below
			}
			if u.Type != gjson.String {
				r.problem(res.address, "user_names[%d] is not a string; left out", i)
				continue
			}
			join(res, group, u.String())
		}
		if unknown.IsArray() {
			n := 0
			for _, x := range unknown.Array() {
				if x.Type == gjson.True {
					n++
				}
			}
			if n > 0 {
				r.problem(res.address, "%d of user_names are known only after apply; those memberships are left out", n)
			}
		}
	}
	for _, res := range byType["alicloud_ram_user_group_attachment"] {
		group, ok := r.str(res, "group name", "group_name")
		if !ok {
			continue
		}
		if user, ok := r.str(res, "user name", "user_name"); ok {
			join(res, group, user)
		}
	}
}
