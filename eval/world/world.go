package world

import (
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/rampolicy/ram/arn"
	"github.com/rampolicy/ram/eval"
	"github.com/rampolicy/ram/policy"
)

// Account describes one account of a World.
type Account struct {
	ID     string // the account UID, digits
	Users  []User
	Groups []Group
	Roles  []Role
	// Control lists the Resource Directory control-policy levels, nearest first; each
	// level's policies must allow on their own.
	Control [][]eval.Policy
}

// User is a RAM user: its own policies and the groups it belongs to.
type User struct {
	Name     string
	Policies []eval.Policy
	Groups   []string
}

// Group is a RAM user group and its policies.
type Group struct {
	Name     string
	Policies []eval.Policy
}

// Role is a RAM role: its trust policy, its policies, its longest session and whether a
// service owns it.
type Role struct {
	Name     string
	Trust    eval.Policy // a trust policy: every statement has a Principal
	Policies []eval.Policy
	// MaxSessionDuration in seconds, 3,600 to 43,200; zero means 3,600.
	MaxSessionDuration int
	ServiceLinked      bool
}

// World is a set of accounts with their users, groups, roles and policies. It answers
// who may do what, who may assume which role, and who can reach what through role
// chains. It is immutable and safe for concurrent use.
type World struct {
	accounts map[string]*account
	ids      []string  // sorted account IDs
	defs     []Account // the accounts as given to New, copied, for Accounts
	opts     options

	graph *graph      // trust graph for reach and who-can
	allow *allowFacts // what identity policies can allow, for who-can (whocan_index.go)
}

type account struct {
	id      string
	users   map[string]*user // by lower-cased name
	groups  map[string][]eval.Policy
	roles   map[string]*role
	control []*eval.PolicySet
}

type user struct {
	arn arn.ARN
	ev  *eval.Evaluator
}

type role struct {
	arn           arn.ARN
	acct          *account
	trust         *eval.PolicySet
	trustRAM      []string // the RAM principals of the trust's Allow statements
	trustService  []string // the Service principals of the trust's Allow statements
	policies      *eval.PolicySet
	ev            *eval.Evaluator
	maxDuration   int
	serviceLinked bool
}

// options are the World's knobs.
type options struct {
	chainCap bool
}

// Option changes how a World behaves.
type Option func(*options)

// WithChainedSessionCap caps the duration of a session obtained by a role session (a
// chained AssumeRole) at 3,600 seconds, as AWS does. Alibaba documents no such cap, so it
// is off by default.
func WithChainedSessionCap() Option { return func(o *options) { o.chainCap = true } }

// New checks and compiles the accounts. It fails, naming the place, on account IDs that
// are not digits or repeat, names that are empty or collide when letter case is ignored,
// unknown groups, policies that do not compile, two different policies of one name on
// one principal, trust policies that are not trust policies, and invalid session
// durations. The error wraps ErrWorld.
func New(accounts []Account, opts ...Option) (*World, error) {
	d := &World{accounts: map[string]*account{}}
	for _, o := range opts {
		if o != nil {
			o(&d.opts)
		}
	}
	n := 0
	for _, a := range accounts {
		n += len(a.Users) + len(a.Roles)
	}
	cache := newCompileCache(n)
	for _, a := range accounts {
		if a.ID == "" || strings.Trim(a.ID, "0123456789") != "" {
			return nil, fmt.Errorf("%w: %w", ErrWorld, &placed{account: a.ID, err: fmt.Errorf("account ID %q is not digits", a.ID)})
		}
		if d.accounts[a.ID] != nil {
			return nil, fmt.Errorf("%w: account %s appears twice", ErrWorld, a.ID)
		}
		acct, err := newAccount(a, cache)
		if err != nil {
			return nil, fmt.Errorf("%w: account %s: %w", ErrWorld, a.ID, err)
		}
		d.accounts[a.ID] = acct
		d.ids = append(d.ids, a.ID)
		d.defs = append(d.defs, a.clone())
	}
	sort.Strings(d.ids)
	d.graph = newGraph(d)
	d.allow = cache.capture.f
	return d, nil
}

// compileCache compiles each policy once however many principals it is attached to,
// and unites each distinct list of policies once however many principals have it: in
// a large account most users share their groups' policies, and one immutable set serves
// them all.
//
// It also captures, for who-can, the Allow statements of the identity sets it makes
// (whocan_facts.go): each set is compiled here from exactly those documents.
type compileCache struct {
	one     map[eval.Policy]compiled
	sets    map[string]*eval.PolicySet // by the list's policies' numbers, in order
	key     []byte                     // scratch for a list's key
	capture capturer
	facts   []int32 // scratch: an identity list's document numbers
}

// compiled is a policy's set, the number that names it in a list's key, and its
// document's number in the captured facts (-1 until an identity set holds it).
type compiled struct {
	set  *eval.PolicySet
	num  int32
	fact int32
}

// newCompileCache returns a cache for a world of about principals users and roles.
func newCompileCache(principals int) *compileCache {
	return &compileCache{one: map[eval.Policy]compiled{}, sets: map[string]*eval.PolicySet{},
		capture: capturer{f: &allowFacts{bySet: make(map[*eval.PolicySet][]int32, principals)}}}
}

// identitySet is set for the identity policies of a user or role: it also captures the
// set's Allow statements for who-can.
func (c *compileCache) identitySet(policies []eval.Policy) (*eval.PolicySet, error) {
	return c.compile(policies, true)
}

func (c *compileCache) set(policies []eval.Policy) (*eval.PolicySet, error) {
	return c.compile(policies, false)
}

func (c *compileCache) compile(policies []eval.Policy, identity bool) (*eval.PolicySet, error) {
	c.facts = c.facts[:0]
	sets := make([]*eval.PolicySet, 0, len(policies))
	c.key = c.key[:0]
	var seen map[string]*policy.Document
	for i, p := range policies {
		if p.Name == "" || p.Doc == nil {
			return nil, errors.New("a policy needs a name and a document")
		}
		if i > 0 { // one policy cannot repeat; more are checked by name
			if seen == nil {
				seen = make(map[string]*policy.Document, len(policies))
				seen[policies[0].Name] = policies[0].Doc
			}
			if prev, ok := seen[p.Name]; ok {
				if prev != p.Doc {
					return nil, fmt.Errorf("two different policies named %q", p.Name)
				}
				continue // the same policy attached twice (to a user and its group)
			}
			seen[p.Name] = p.Doc
		}
		one, ok := c.one[p]
		if !ok {
			set, err := eval.Compile(p)
			if err != nil {
				return nil, err
			}
			one = compiled{set, int32(len(c.one)), -1}
			c.one[p] = one
		}
		if identity {
			if one.fact < 0 {
				one.fact = c.capture.document(p.Doc)
				c.one[p] = one
			}
			c.facts = append(c.facts, one.fact)
		}
		sets = append(sets, one.set)
		c.key = strconv.AppendInt(append(c.key, ' '), int64(one.num), 10)
	}
	if len(sets) == 1 {
		return c.captured(sets[0], identity), nil // what uniting it alone gives: the set itself
	}
	if u, ok := c.sets[string(c.key)]; ok { // no allocation for the lookup
		return c.captured(u, identity), nil
	}
	u, err := eval.Union(sets...)
	if err != nil {
		return nil, err
	}
	c.sets[string(c.key)] = u
	return c.captured(u, identity), nil
}

// captured records, for an identity set, the documents it was compiled from (c.facts).
func (c *compileCache) captured(ps *eval.PolicySet, identity bool) *eval.PolicySet {
	if identity {
		c.capture.set(ps, c.facts)
	}
	return ps
}

// placed is an error of New with the account and principal it is about, so that a world
// file's loader can point at the place in the file; it reads as the error it wraps.
type placed struct {
	account string
	kind    string // "users", "groups", "roles", "controlPolicies" or "" for the account
	name    string // the principal's name, or the control level's index
	err     error
}

func (p *placed) Error() string { return p.err.Error() }
func (p *placed) Unwrap() error { return p.err }

func checkName(kind, name string, seen map[string]string) error {
	if name == "" || strings.ContainsAny(name, "/*?:") || strings.TrimSpace(name) != name {
		return fmt.Errorf("%s name %q is empty or holds '/', '*', '?', ':' or outer white space", kind, name)
	}
	lk := strings.ToLower(name)
	if prev, ok := seen[lk]; ok {
		return fmt.Errorf("%s names %q and %q collide: RAM names ignore letter case", kind, prev, name)
	}
	seen[lk] = name
	return nil
}

func newAccount(a Account, cache *compileCache) (*account, error) {
	acct := &account{id: a.ID, users: make(map[string]*user, len(a.Users)),
		groups: make(map[string][]eval.Policy, len(a.Groups)), roles: make(map[string]*role, len(a.Roles))}
	for i, level := range a.Control {
		ps, err := cache.set(level)
		if err != nil {
			return nil, &placed{a.ID, "controlPolicies", strconv.Itoa(i), fmt.Errorf("control level %d: %w", i, err)}
		}
		acct.control = append(acct.control, ps)
	}
	seen := make(map[string]string, len(a.Groups))
	for _, g := range a.Groups {
		if err := checkName("group", g.Name, seen); err != nil {
			return nil, &placed{a.ID, "groups", g.Name, err}
		}
		acct.groups[strings.ToLower(g.Name)] = g.Policies
	}
	seen = make(map[string]string, len(a.Users))
	for _, u := range a.Users {
		if err := checkName("user", u.Name, seen); err != nil {
			return nil, &placed{a.ID, "users", u.Name, err}
		}
		policies := append([]eval.Policy(nil), u.Policies...)
		for _, gn := range u.Groups {
			g, ok := acct.groups[strings.ToLower(gn)]
			if !ok {
				return nil, &placed{a.ID, "users", u.Name, fmt.Errorf("user %q: unknown group %q", u.Name, gn)}
			}
			policies = append(policies, g...)
		}
		ps, err := cache.identitySet(policies)
		if err != nil {
			return nil, &placed{a.ID, "users", u.Name, fmt.Errorf("user %q: %w", u.Name, err)}
		}
		acct.users[strings.ToLower(u.Name)] = &user{
			arn: arn.MustParse("acs:ram::" + a.ID + ":user/" + u.Name),
			ev:  eval.NewEvaluator(eval.Config{IdentityPolicies: ps, ControlPolicies: acct.control}),
		}
	}
	seen = make(map[string]string, len(a.Roles))
	for _, r := range a.Roles {
		if err := checkName("role", r.Name, seen); err != nil {
			return nil, &placed{a.ID, "roles", r.Name, err}
		}
		rl, err := newRole(acct, r, cache)
		if err != nil {
			return nil, &placed{a.ID, "roles", r.Name, fmt.Errorf("role %q: %w", r.Name, err)}
		}
		acct.roles[strings.ToLower(r.Name)] = rl
	}
	return acct, nil
}

func newRole(acct *account, r Role, cache *compileCache) (*role, error) {
	rl := &role{arn: arn.MustParse("acs:ram::" + acct.id + ":role/" + r.Name), acct: acct,
		maxDuration: r.MaxSessionDuration, serviceLinked: r.ServiceLinked}
	if rl.maxDuration == 0 {
		rl.maxDuration = 3600
	}
	if rl.maxDuration < 3600 || rl.maxDuration > 43200 {
		return nil, fmt.Errorf("maxSessionDuration %d is outside 3600..43200", r.MaxSessionDuration)
	}
	if r.Trust.Doc == nil {
		return nil, errors.New("no trust policy")
	}
	for i, s := range r.Trust.Doc.Statements {
		if s.Principal == nil {
			return nil, fmt.Errorf("trust policy %q statement %d has no Principal: not a trust policy", r.Trust.Name, i)
		}
	}
	trust, err := cache.set([]eval.Policy{r.Trust})
	if err != nil {
		return nil, fmt.Errorf("trust policy: %w", err)
	}
	rl.trust = trust
	for _, s := range r.Trust.Doc.Statements {
		if s.Effect == policy.EffectAllow {
			rl.trustRAM = append(rl.trustRAM, s.Principal.RAM...)
			rl.trustService = append(rl.trustService, s.Principal.Service...)
		}
	}
	if rl.policies, err = cache.identitySet(r.Policies); err != nil {
		return nil, err
	}
	rl.ev = eval.NewEvaluator(eval.Config{IdentityPolicies: rl.policies, ControlPolicies: acct.control, ServiceLinked: r.ServiceLinked})
	return rl, nil
}

// role finds a role by account and name, the name compared case-insensitively.
func (d *World) role(account, name string) *role {
	if d == nil {
		return nil
	}
	if a := d.accounts[account]; a != nil {
		return a.roles[strings.ToLower(name)]
	}
	return nil
}

// TrustPolicy returns the trust policy of the role named by a role ARN, or nil.
func (d *World) TrustPolicy(roleARN arn.ARN) *eval.PolicySet {
	if roleARN.Kind() != arn.KindRole {
		return nil
	}
	if r := d.role(roleARN.Account(), roleARN.Name()); r != nil {
		return r.trust
	}
	return nil
}

// Principals returns every user and role of the world, users as
// acs:ram::UID:user/NAME and roles as acs:ram::UID:role/NAME, sorted.
func (d *World) Principals() []arn.ARN {
	if d == nil {
		return nil
	}
	var out []arn.ARN
	for _, id := range d.ids {
		a := d.accounts[id]
		for _, u := range a.users {
			out = append(out, u.arn)
		}
		for _, r := range a.roles {
			out = append(out, r.arn)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Compare(out[j]) < 0 })
	return out
}
