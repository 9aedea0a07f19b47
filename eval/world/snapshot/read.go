package snapshot

import (
	"fmt"
	"io/fs"
	"slices"
	"strings"

	"github.com/tidwall/gjson"

	"github.com/rampolicy/ram/internal/importworld"
)

// read reads the account: users, groups, roles, their attachments and the documents.
func (r *reader) read(opts Options) (*importworld.Account, error) {
	users, usersFrom, err := r.list("ListUsers", "Users.User")
	if err != nil {
		return nil, err
	}
	groups, groupsFrom, err := r.list("ListGroups", "Groups.Group")
	if err != nil {
		return nil, err
	}
	roles, rolesFrom, err := r.list("ListRoles", "Roles.Role")
	if err != nil {
		return nil, err
	}
	id, err := r.account(opts.AccountID, roles)
	if err != nil {
		return nil, err
	}
	a := importworld.NewAccount(id)
	err = addNamed(r, a.Users, users, usersFrom, "user", "UserName", func(name, from string) *importworld.User {
		return &importworld.User{Name: name, From: from}
	})
	if err != nil {
		return nil, err
	}
	err = addNamed(r, a.Groups, groups, groupsFrom, "group", "GroupName", func(name, from string) *importworld.Group {
		return &importworld.Group{Name: name, From: from}
	})
	if err != nil {
		return nil, err
	}
	for i, rl := range roles {
		if err := r.role(a, rl, rolesFrom[i]); err != nil {
			return nil, err
		}
	}
	if err := r.memberships(a); err != nil {
		return nil, err
	}
	if err := r.attachments(a); err != nil {
		return nil, err
	}
	return a, nil
}

// account returns the given account, GetCallerIdentity.json's, or the roles' ARNs'.
func (r *reader) account(given string, roles []gjson.Result) (string, error) {
	found, from := "", ""
	if v, err := r.load("GetCallerIdentity.json"); err != nil {
		return "", err
	} else if v != nil {
		found, from = v.Get("AccountId").String(), "GetCallerIdentity.json"
	}
	for _, rl := range roles {
		if id, ok := arnAccount(rl.Get("Arn").String()); ok {
			if found == "" {
				found, from = id, "the role "+rl.Get("RoleName").String()
			} else if id != found {
				return "", fmt.Errorf("%w: %s says account %s, the role %s is in %s", ErrNoAccount, from, found, rl.Get("RoleName").String(), id)
			}
		}
	}
	switch {
	case given != "" && found != "" && given != found:
		return "", fmt.Errorf("%w: %s says account %s, not %s", ErrNoAccount, from, found, given)
	case given != "":
		found = given
	case found == "":
		return "", fmt.Errorf("%w: no GetCallerIdentity.json and no role ARN; say which account (Options.AccountID, ramsim -account)", ErrNoAccount)
	}
	if strings.Trim(found, "0123456789") != "" {
		return "", fmt.Errorf("%w: account ID %q is not digits", ErrNoAccount, found)
	}
	return found, nil
}

// addNamed adds each entry of list to m under its name (its member key), built with the
// file it came from; an entry without a name is a problem, left out, and a name taken
// already (in any letter case) an error.
func addNamed[V any](r *reader, m map[string]V, list []gjson.Result, from []string, what, key string, build func(name, from string) V) error {
	for i, v := range list {
		name := v.Get(key)
		if name.Type != gjson.String || name.String() == "" {
			r.problem(from[i], "a %s without a %s; left out", what, key)
			continue
		}
		if err := unique(m, name.String(), from[i]); err != nil {
			return err
		}
		m[name.String()] = build(name.String(), from[i])
	}
	return nil
}

// unique refuses a name listed twice, in any letter case: RAM keeps names unique
// regardless of case, so such a snapshot is not one account's.
func unique[V any](m map[string]V, name, from string) error {
	if prev, ok := importworld.LookupFold(m, name); ok {
		return fmt.Errorf("%w: %s lists %q and %q: RAM names are unique regardless of letter case", ErrInput, from, prev, name)
	}
	return nil
}

func (r *reader) exists(name string) bool {
	_, err := fs.Stat(r.fsys, name)
	return err == nil
}

func arnAccount(s string) (string, bool) {
	parts := strings.SplitN(s, ":", 5)
	if len(parts) != 5 || parts[0] != "acs" || parts[1] != "ram" || parts[3] == "" || strings.Trim(parts[3], "0123456789") != "" {
		return "", false
	}
	return parts[3], true
}

// role reads a role's GetRole response: its trust policy and session length.
func (r *reader) role(a *importworld.Account, listed gjson.Result, listedFrom string) error {
	name := listed.Get("RoleName").String()
	if err := unique(a.Roles, name, listedFrom); err != nil {
		return err
	}
	name1, ok := file("GetRole", name)
	if !ok {
		r.problem(listedFrom, "role name %q cannot name a file; left out", name)
		return nil
	}
	v, err := r.load(name1)
	if err != nil {
		return err
	}
	if v == nil {
		r.problem(name1, "missing: the role %q and its attachments are left out (its trust policy is only in GetRole)", name)
		return nil
	}
	role := v.Get("Role")
	trust := role.Get("AssumeRolePolicyDocument")
	if trust.Type != gjson.String || trust.String() == "" {
		r.problem(name1, "no Role.AssumeRolePolicyDocument; the role is left out")
		return nil
	}
	rl := &importworld.Role{Name: name, From: name1,
		Trust: &importworld.Text{Name: name, From: name1 + " Role.AssumeRolePolicyDocument", Text: []byte(trust.String())}}
	if d := role.Get("MaxSessionDuration"); d.Exists() {
		n := d.Int()
		if d.Type != gjson.Number || float64(n) != d.Float() || n < 3600 || n > 43200 {
			r.problem(name1, "MaxSessionDuration %s is not 3600 to 43200; the role is left out", d.Raw)
			return nil
		}
		rl.MaxSessionDuration = int(n)
	}
	rl.ServiceLinked = role.Get("IsServiceLinkedRole").Bool()
	a.Roles[name] = rl
	return nil
}

// memberships reads ListGroupsForUser/USER.json and ListUsersForGroup/GROUP.json.
func (r *reader) memberships(a *importworld.Account) error {
	join := func(user, group, from string) {
		if _, ok := importworld.LookupFold(a.Groups, group); !ok {
			r.problem(from, "group %q is not in ListGroups; the membership is left out", group)
			return
		}
		u := a.Users[user]
		if !slices.ContainsFunc(u.Groups, func(g string) bool { return strings.EqualFold(g, group) }) {
			u.Groups = append(u.Groups, group)
		}
	}
	// Without ListGroupsForUser/USER.json the user's groups are known only if every
	// group's ListUsersForGroup is there.
	byGroup := true
	for _, group := range sortedKeys(a.Groups) {
		if name, ok := file("ListUsersForGroup", group); !ok || !r.exists(name) {
			byGroup = false
		}
	}
	for _, user := range sortedKeys(a.Users) {
		name, ok := file("ListGroupsForUser", user)
		if !ok {
			continue
		}
		v, err := r.load(name)
		if err != nil {
			return err
		}
		if v == nil {
			if !byGroup {
				r.problem(name, "missing: the groups of %q are not known (their policies are not imported for the user)", user)
			}
			continue
		}
		for _, g := range v.Get("Groups.Group").Array() {
			join(user, g.Get("GroupName").String(), name)
		}
	}
	for _, group := range sortedKeys(a.Groups) {
		name, ok := file("ListUsersForGroup", group)
		if !ok {
			continue
		}
		v, err := r.load(name)
		if err != nil {
			return err
		}
		if v == nil {
			continue
		}
		if v.Get("IsTruncated").Bool() {
			r.problem(name, "truncated (IsTruncated true): members past this page are left out")
		}
		for _, u := range v.Get("Users.User").Array() {
			user, ok := importworld.LookupFold(a.Users, u.Get("UserName").String())
			if !ok {
				r.problem(name, "user %q is not in ListUsers; the membership is left out", u.Get("UserName").String())
				continue
			}
			join(user, group, name)
		}
	}
	return nil
}

// attachments reads ListPoliciesFor{User,Group,Role}/NAME.json and the documents of the
// custom policies they name.
func (r *reader) attachments(a *importworld.Account) error {
	kinds := []struct {
		api   string
		names []string
		add   func(string, importworld.Attachment)
	}{
		{"ListPoliciesForUser", sortedKeys(a.Users), func(n string, at importworld.Attachment) { a.Users[n].Attached = append(a.Users[n].Attached, at) }},
		{"ListPoliciesForGroup", sortedKeys(a.Groups), func(n string, at importworld.Attachment) { a.Groups[n].Attached = append(a.Groups[n].Attached, at) }},
		{"ListPoliciesForRole", sortedKeys(a.Roles), func(n string, at importworld.Attachment) { a.Roles[n].Attached = append(a.Roles[n].Attached, at) }},
	}
	for _, k := range kinds {
		for _, n := range k.names {
			name, ok := file(k.api, n)
			if !ok {
				continue
			}
			v, err := r.load(name)
			if err != nil {
				return err
			}
			if v == nil {
				r.problem(name, "missing: the policies attached to %q are not known, and none is imported", n)
				continue
			}
			for _, p := range v.Get("Policies.Policy").Array() {
				at := importworld.Attachment{Policy: p.Get("PolicyName").String(), Type: p.Get("PolicyType").String(), From: name}
				if err := r.document(a, at); err != nil {
					return err
				}
				k.add(n, at)
			}
		}
	}
	return nil
}

// document finds the text of an attached policy: GetPolicy/TYPE/NAME.json's default
// version, else GetPolicyVersion/TYPE/NAME.json.
func (r *reader) document(a *importworld.Account, at importworld.Attachment) error {
	key := at.Type + "/" + at.Policy
	if r.looked[key] {
		return nil // read, or looked for and not there, for an earlier attachment
	}
	if r.looked == nil {
		r.looked = map[string]bool{}
	}
	r.looked[key] = true
	for _, src := range []struct{ api, path string }{
		{"GetPolicy", "DefaultPolicyVersion.PolicyDocument"},
		{"GetPolicyVersion", "PolicyVersion.PolicyDocument"},
	} {
		name, ok := file(src.api, at.Type, at.Policy)
		if !ok {
			return nil
		}
		v, err := r.load(name)
		if err != nil {
			return err
		}
		if v == nil {
			continue
		}
		doc := v.Get(src.path)
		if doc.Type != gjson.String || doc.String() == "" {
			r.problem(name, "no %s", src.path)
			continue
		}
		if at.Type == importworld.System {
			if r.system == nil {
				r.system = map[string][]byte{}
			}
			r.system[at.Policy] = []byte(doc.String())
		} else {
			a.Custom[at.Policy] = &importworld.Text{Name: at.Policy, From: name + " " + src.path, Text: []byte(doc.String())}
		}
		return nil
	}
	return nil // a custom policy without a document is reported by importworld; a system one falls back
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
