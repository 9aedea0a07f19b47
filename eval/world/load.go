package world

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/rampolicy/ram/eval"
	"github.com/rampolicy/ram/internal/jsontree"
	"github.com/rampolicy/ram/policy"
)

// LoadOptions says how to read a world file. The zero value reads strictly and refuses
// policy files to Read.
//
// A world file is a JSON object: the "policies" and "directory" of a decision table
// (the project's decision-tables document), so every decision table is a world file:
//
//	{ "description": "free text",
//	  "policies":  { "NAME": DOCUMENT, ... },
//	  "directory": { "accounts": { "UID": {
//	      "users":  { "alice": { "policies": ["NAME"], "groups": ["devs"] } },
//	      "groups": { "devs":  { "policies": ["NAME"] } },
//	      "roles":  { "deployer": { "trust": "NAME", "policies": ["NAME"],
//	                                "maxSessionDuration": 3600, "serviceLinked": false } },
//	      "controlPolicies": [ ["NAME"], ["NAME", "NAME"] ] } } } }
//
// A DOCUMENT is a RAM policy document written inline as an object; its raw text as a
// JSON string (to write what an object cannot carry, such as duplicate keys); or
// {"file": "PATH"}, a policy file: PATH is slash-separated, relative to the world file's
// folder, and must stay inside the file system the world is loaded from (RAM rejects a
// "file" element in a document, so the form is never a document RAM accepts).
//
// Reading is strict: a duplicate key anywhere (inside policies too), an unknown member
// or one in a wrong letter case, a value of the wrong type and a name no policy or group
// has are errors. A decision table's "cases" member is an unknown member too, unless
// LoadOptions.AllowCases.
type LoadOptions struct {
	// AllowCases accepts a top-level "cases" member, as a decision table has, and skips
	// it (it must still be strict JSON). Without it, "cases" is an unknown member: cases
	// in a file read as a world would silently never run.
	AllowCases bool
	// FS is where Read finds policy files (Load and LoadFile use their own); the name
	// given to Read places the world file in it. Nil refuses policy files.
	FS fs.FS
	// MaxBytes bounds the world file and each policy file; 0 means 16 MiB.
	MaxBytes int64
	// World holds the options of New.
	World []Option
}

const defaultMaxBytes = 16 << 20

// maxDepth bounds the nesting of a world file: a policy's own limit is 32, and the file
// adds two levels above it.
const maxDepth = 64

// Load reads the world file name of fsys (a slash-separated path, as fs.FS takes it):
// its policies, and its directory built with New. It returns the world and the file's
// named policies. Every error is a *LoadError naming the file, the JSON Pointer, the
// line and the column.
func Load(fsys fs.FS, name string) (*World, *Policies, error) {
	return LoadOptions{}.Load(fsys, name)
}

// LoadFile is Load for a file of the operating system; its policy files must be in its
// folder or below it.
func LoadFile(path string) (*World, *Policies, error) {
	return LoadOptions{}.LoadFile(path)
}

// Load is Load with options.
func (o LoadOptions) Load(fsys fs.FS, name string) (*World, *Policies, error) {
	if fsys == nil {
		return nil, nil, &LoadError{File: name, Msg: "nil file system"}
	}
	l := &loader{opts: o, fsys: fsys, name: name, display: func(n string) string { return n }}
	src, err := l.readFile(name)
	if err != nil {
		return nil, nil, &LoadError{File: name, Msg: "cannot read the world file", Err: err}
	}
	return l.load(src)
}

// LoadFile is LoadFile with options.
func (o LoadOptions) LoadFile(file string) (*World, *Policies, error) {
	dir := filepath.Dir(file)
	// os.Root, not os.DirFS: a symbolic link inside the folder cannot lead out of it.
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, nil, &LoadError{File: file, Msg: "cannot read the world file", Err: err}
	}
	defer root.Close()
	name := filepath.Base(file)
	l := &loader{opts: o, fsys: root.FS(), name: name,
		display: func(n string) string { return filepath.Join(dir, filepath.FromSlash(n)) }}
	src, err := l.readFile(name)
	if err != nil {
		return nil, nil, &LoadError{File: file, Msg: "cannot read the world file", Err: err}
	}
	return l.load(src)
}

// Read reads a world file from r; name names it in errors and, with o.FS, places it
// there so that its policy files are found relative to it.
func (o LoadOptions) Read(r io.Reader, name string) (*World, *Policies, error) {
	if r == nil {
		return nil, nil, &LoadError{File: name, Msg: "nil reader"}
	}
	l := &loader{opts: o, fsys: o.FS, name: name, display: func(n string) string { return n }}
	src, err := l.readAll(r)
	if err != nil {
		return nil, nil, &LoadError{File: name, Msg: "cannot read the world file", Err: err}
	}
	return l.load(src)
}

// loader reads one world file.
type loader struct {
	opts    LoadOptions
	fsys    fs.FS
	name    string              // the world file's name in fsys
	display func(string) string // how a file of fsys is named in messages
	src     []byte
	pol     *Policies
}

func (l *loader) max() int64 {
	if l.opts.MaxBytes > 0 {
		return l.opts.MaxBytes
	}
	return defaultMaxBytes
}

func (l *loader) readFile(name string) ([]byte, error) {
	f, err := l.fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return l.readAll(f)
}

// readAll reads at most max bytes, so that a huge file is refused before it is held.
func (l *loader) readAll(r io.Reader) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(r, l.max()+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > l.max() {
		return nil, fmt.Errorf("larger than %d bytes", l.max())
	}
	return b, nil
}

// errAt is a problem at a node (or a member's key) of the world file.
func (l *loader) errAt(offset int, ptr string, err error, format string, args ...any) *LoadError {
	line, col := jsontree.Position(l.src, offset)
	return &LoadError{File: l.display(l.name), Pointer: ptr, Line: line, Column: col, Msg: fmt.Sprintf(format, args...), Err: err}
}

func (l *loader) load(src []byte) (*World, *Policies, error) {
	l.src, l.pol = src, newPolicies()
	res := jsontree.Parse(src, maxDepth)
	if len(res.Errors) > 0 {
		e := res.Errors[0]
		return nil, nil, l.errAt(e.Offset, e.Pointer, nil, "%s", e.Msg)
	}
	root := res.Root
	allowed := []string{"description", "policies", "directory"}
	if l.opts.AllowCases {
		allowed = append(allowed, "cases")
	}
	if err := l.object(root, "", allowed); err != nil {
		return nil, nil, err
	}
	if n := root.Get("description"); n != nil && n.Kind != jsontree.String {
		return nil, nil, l.errAt(n.Offset, "/description", nil, "must be a string")
	}
	if err := l.policies(root.Get("policies")); err != nil {
		return nil, nil, err
	}
	var accounts []Account
	if dir := root.Get("directory"); dir != nil {
		var err error
		if accounts, err = l.directory(dir); err != nil {
			return nil, nil, err
		}
	}
	w, err := New(accounts, l.opts.World...)
	if err != nil {
		return nil, nil, l.worldError(root, err)
	}
	return w, l.pol, nil
}

// object checks that n is an object whose members are all in allowed, spelt exactly.
func (l *loader) object(n *jsontree.Node, ptr string, allowed []string) error {
	if n.Kind != jsontree.Object {
		return l.errAt(n.Offset, ptr, nil, "must be an object, not %s", n.Kind)
	}
	for _, f := range n.Fields {
		ok := false
		for _, a := range allowed {
			ok = ok || a == f.Key
		}
		if !ok && ptr == "" && f.Key == "cases" {
			return l.errAt(f.KeyOffset, "/cases", nil, "a world file has no cases; to read a decision table as a world, set LoadOptions.AllowCases")
		}
		if !ok {
			return l.errAt(f.KeyOffset, jsontree.Pointer(ptr, f.Key), nil, "unknown member %q (want one of %s)",
				f.Key, strings.Join(allowed, ", "))
		}
	}
	return nil
}

// policies records every policy of the file; policy files are read now.
func (l *loader) policies(n *jsontree.Node) error {
	if n == nil {
		return nil
	}
	if n.Kind != jsontree.Object {
		return l.errAt(n.Offset, "/policies", nil, "must be an object of named policies, not %s", n.Kind)
	}
	pos := jsontree.NewPositions(l.src) // members in document order: one pass over the text
	for _, f := range n.Fields {
		ptr := jsontree.Pointer("/policies", f.Key)
		v := f.Value
		np := &namedPolicy{name: f.Key, file: l.display(l.name), ptr: ptr}
		switch {
		case v.Kind == jsontree.String:
			np.text, np.raw = []byte(v.Text), true
		case v.Kind == jsontree.Object && len(v.Fields) == 1 && v.Fields[0].Key == "file":
			if err := l.policyFile(np, v.Fields[0].Value, ptr+"/file"); err != nil {
				return err
			}
		case v.Kind == jsontree.Object:
			np.text = l.src[v.Offset:valueEnd(l.src, v.Offset)]
			line, col := pos.At(v.Offset)
			np.base = policy.Position{Offset: v.Offset, Line: line, Column: col}
		default:
			return l.errAt(v.Offset, ptr, nil, "a policy is a document (an object), its raw text (a string) or {\"file\": PATH}, not %s", v.Kind)
		}
		l.pol.add(np)
	}
	sort.Strings(l.pol.names)
	return nil
}

// policyFile reads the policy file named by n, relative to the world file's folder.
func (l *loader) policyFile(np *namedPolicy, n *jsontree.Node, ptr string) error {
	if n.Kind != jsontree.String || n.Text == "" {
		return l.errAt(n.Offset, ptr, nil, "must be a non-empty path")
	}
	p := n.Text
	if l.fsys == nil {
		return l.errAt(n.Offset, ptr, nil, "policy file %q: no file system to read it from", p)
	}
	name := path.Join(path.Dir(l.name), p)
	if path.IsAbs(p) || strings.ContainsAny(p, "\\\x00") || !fs.ValidPath(name) {
		return l.errAt(n.Offset, ptr, nil, "policy file %q must be a relative, slash-separated path that stays inside the world's folder", p)
	}
	text, err := l.readFile(name)
	if err != nil {
		return l.errAt(n.Offset, ptr, err, "cannot read policy file %q", p)
	}
	np.text, np.file, np.ptr = text, l.display(name), ""
	return nil
}

// valueEnd returns the offset just past the object or array starting at start. src is
// valid JSON (the strict reader read it), so counting brackets outside strings is exact.
func valueEnd(src []byte, start int) int {
	depth := 0
	for i := start; i < len(src); i++ {
		switch src[i] {
		case '"':
			for i++; i < len(src) && src[i] != '"'; i++ {
				if src[i] == '\\' {
					i++
				}
			}
		case '{', '[':
			depth++
		case '}', ']':
			if depth--; depth == 0 {
				return i + 1
			}
		}
	}
	return len(src)
}

// directory reads the accounts, resolving every policy by name as the kind it is used as.
func (l *loader) directory(n *jsontree.Node) ([]Account, error) {
	if err := l.object(n, "/directory", []string{"accounts"}); err != nil {
		return nil, err
	}
	accts := n.Get("accounts")
	if accts == nil {
		return nil, nil
	}
	if accts.Kind != jsontree.Object {
		return nil, l.errAt(accts.Offset, "/directory/accounts", nil, "must be an object of accounts by ID, not %s", accts.Kind)
	}
	var out []Account
	for _, f := range accts.Fields {
		a, err := l.account(f.Key, f.Value, jsontree.Pointer("/directory/accounts", f.Key))
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, nil
}

func (l *loader) account(id string, n *jsontree.Node, ptr string) (Account, error) {
	a := Account{ID: id}
	if err := l.object(n, ptr, []string{"users", "groups", "roles", "controlPolicies"}); err != nil {
		return a, err
	}
	err := l.members(n.Get("groups"), ptr+"/groups", []string{"policies"}, func(name string, m *jsontree.Node, mp string) error {
		ps, err := l.policyList(m.Get("policies"), mp+"/policies", policy.IdentityPolicy)
		a.Groups = append(a.Groups, Group{Name: name, Policies: ps})
		return err
	})
	if err != nil {
		return a, err
	}
	err = l.members(n.Get("users"), ptr+"/users", []string{"policies", "groups"}, func(name string, m *jsontree.Node, mp string) error {
		ps, err := l.policyList(m.Get("policies"), mp+"/policies", policy.IdentityPolicy)
		if err != nil {
			return err
		}
		groups, err := l.strings(m.Get("groups"), mp+"/groups")
		a.Users = append(a.Users, User{Name: name, Policies: ps, Groups: groups})
		return err
	})
	if err != nil {
		return a, err
	}
	err = l.members(n.Get("roles"), ptr+"/roles", []string{"trust", "policies", "maxSessionDuration", "serviceLinked"},
		func(name string, m *jsontree.Node, mp string) error {
			r, err := l.role(name, m, mp)
			a.Roles = append(a.Roles, r)
			return err
		})
	if err != nil {
		return a, err
	}
	if c := n.Get("controlPolicies"); c != nil {
		cp := ptr + "/controlPolicies"
		if c.Kind != jsontree.Array {
			return a, l.errAt(c.Offset, cp, nil, "must be an array of levels, each an array of policy names")
		}
		for i, level := range c.Elems {
			ps, err := l.policyList(level, cp+"/"+strconv.Itoa(i), policy.ControlPolicy)
			if err != nil {
				return a, err
			}
			a.Control = append(a.Control, ps)
		}
	}
	return a, nil
}

func (l *loader) role(name string, m *jsontree.Node, mp string) (Role, error) {
	r := Role{Name: name}
	t := m.Get("trust")
	if t == nil {
		return r, l.errAt(m.Offset, mp, nil, "role %q has no trust policy (member \"trust\")", name)
	}
	trust, err := l.policyRef(t, mp+"/trust", policy.TrustPolicy)
	if err != nil {
		return r, err
	}
	r.Trust = trust
	if r.Policies, err = l.policyList(m.Get("policies"), mp+"/policies", policy.IdentityPolicy); err != nil {
		return r, err
	}
	if d := m.Get("maxSessionDuration"); d != nil {
		v, err := strconv.Atoi(d.Text)
		if d.Kind != jsontree.Number || err != nil {
			return r, l.errAt(d.Offset, mp+"/maxSessionDuration", nil, "must be a whole number of seconds")
		}
		r.MaxSessionDuration = v
	}
	if s := m.Get("serviceLinked"); s != nil {
		if s.Kind != jsontree.Bool {
			return r, l.errAt(s.Offset, mp+"/serviceLinked", nil, "must be true or false")
		}
		r.ServiceLinked = s.Text == "true"
	}
	return r, nil
}

// members calls f for every member of an object of named entities, each an object with
// the allowed members.
func (l *loader) members(n *jsontree.Node, ptr string, allowed []string, f func(string, *jsontree.Node, string) error) error {
	if n == nil {
		return nil
	}
	if n.Kind != jsontree.Object {
		return l.errAt(n.Offset, ptr, nil, "must be an object by name, not %s", n.Kind)
	}
	for _, m := range n.Fields {
		mp := jsontree.Pointer(ptr, m.Key)
		if err := l.object(m.Value, mp, allowed); err != nil {
			return err
		}
		if err := f(m.Key, m.Value, mp); err != nil {
			return err
		}
	}
	return nil
}

// strings reads an array of strings; nil for an absent member.
func (l *loader) strings(n *jsontree.Node, ptr string) ([]string, error) {
	if n == nil {
		return nil, nil
	}
	if n.Kind != jsontree.Array {
		return nil, l.errAt(n.Offset, ptr, nil, "must be an array of strings, not %s", n.Kind)
	}
	out := make([]string, 0, len(n.Elems))
	for i, e := range n.Elems {
		if e.Kind != jsontree.String {
			return nil, l.errAt(e.Offset, ptr+"/"+strconv.Itoa(i), nil, "must be a string, not %s", e.Kind)
		}
		out = append(out, e.Text)
	}
	return out, nil
}

func (l *loader) policyList(n *jsontree.Node, ptr string, kind policy.Kind) ([]eval.Policy, error) {
	if n == nil {
		return nil, nil
	}
	if _, err := l.strings(n, ptr); err != nil {
		return nil, err
	}
	out := make([]eval.Policy, 0, len(n.Elems))
	for i, e := range n.Elems {
		p, err := l.policyRef(e, ptr+"/"+strconv.Itoa(i), kind)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, nil
}

// policyRef resolves a policy name as kind. One document per name and kind, so the
// world compiles each policy once however many principals it is attached to.
func (l *loader) policyRef(n *jsontree.Node, ptr string, kind policy.Kind) (eval.Policy, error) {
	if n.Kind != jsontree.String {
		return eval.Policy{}, l.errAt(n.Offset, ptr, nil, "must be a policy name (a string), not %s", n.Kind)
	}
	if !l.pol.Has(n.Text) {
		e := l.errAt(n.Offset, ptr, nil, "unknown policy %q: \"policies\" has no such name", n.Text)
		e.cause = fmt.Errorf("%w: %w", ErrWorld, ErrUnknownPolicy)
		return eval.Policy{}, e
	}
	l.pol.mu.Lock()
	doc, err := l.pol.doc(n.Text, kind)
	l.pol.mu.Unlock()
	if err != nil {
		return eval.Policy{}, l.errAt(n.Offset, ptr, err, "policy %q does not parse as %s", n.Text, kindPhrase(kind))
	}
	return eval.Policy{Name: n.Text, Doc: doc}, nil
}

// worldError points New's error at the account or principal it is about.
func (l *loader) worldError(root *jsontree.Node, err error) error {
	ptr, off := "/directory", 0
	dir := root.Get("directory")
	if dir != nil {
		off = dir.Offset
	}
	var pl *placed
	if accts := member(dir, "accounts"); errors.As(err, &pl) && accts != nil {
		if a := accts.Field(pl.account); a != nil {
			ptr, off = jsontree.Pointer("/directory/accounts", a.Key), a.KeyOffset
			if pl.kind == "controlPolicies" {
				ptr += "/controlPolicies/" + pl.name
				off = a.Value.Offset
			} else if kind := member(a.Value, pl.kind); kind != nil {
				if m := kind.Field(pl.name); m != nil {
					ptr, off = jsontree.Pointer(ptr+"/"+pl.kind, m.Key), m.KeyOffset
				}
			}
		}
	}
	// The message without New's "world: invalid world: ": LoadError says it.
	e := l.errAt(off, ptr, nil, "%s", strings.TrimPrefix(err.Error(), ErrWorld.Error()+": "))
	e.cause = err
	return e
}

// member is n's member of that key when n is an object, or nil.
func member(n *jsontree.Node, key string) *jsontree.Node {
	if n == nil || n.Kind != jsontree.Object {
		return nil
	}
	return n.Get(key)
}
