package eval

import (
	"fmt"
	"math/bits"
	"strings"
	"unicode/utf8"

	"github.com/rampolicy/ram/arn"
	"github.com/rampolicy/ram/internal/syntax"
)

// Request limits. A request over a limit is invalid, and an invalid request is denied.
const (
	MaxActionLength   = 256  // bytes in Action
	MaxResourceLength = 2048 // bytes in Resource
	MaxContextKeys    = 64   // keys in Context
	MaxContextValues  = 1000 // values under one key
	MaxValueLength    = 2048 // bytes in one context value
	// MaxContextBytes bounds the bytes of all context values together. Evaluation cost is
	// (StringLike patterns on a key) x (bytes of its values): each match is linear, but a
	// policy may hold hundreds of patterns, so the request side must be bounded too.
	MaxContextBytes = 8192
)

// Request is one call to decide: who (Principal), what (Action, as service:Name, ASCII
// and without wildcards) on which resource (an ARN, or "*" for actions without resource
// granularity), and the condition keys of the call.
//
// Evaluate keeps no reference to a Request: one built on the stack for each call stays
// there, and building it, its Context included, allocates nothing for the usual few keys
// with one value each.
type Request struct {
	// Principal is the caller: an account root, a user, or a role session (a role ARN
	// stands for a session of that role). The zero ARN is an anonymous caller: it has no
	// account, so the cross-account rule does not apply, and no acs:PrincipalARN.
	Principal arn.ARN
	// Provider, when set, makes the caller a federated identity, as in STS
	// AssumeRoleWithSAML and AssumeRoleWithOIDC: the identity provider's ARN,
	// acs:ram::UID:saml-provider/NAME or acs:ram::UID:oidc-provider/NAME. Such a caller has
	// no identity, session or control policies: the resource policy (a role's trust
	// policy) alone decides, and only a Federated principal naming the provider admits it.
	// Principal must then be zero.
	Provider arn.ARN
	// Service, when set, makes the caller an Alibaba Cloud service acting for an account,
	// as when ECS assumes the role of an instance for the instance's account:
	// UID@SERVICE, such as 1111111111111111@ecs.aliyuncs.com (the bare SERVICE form, which
	// names no account, is invalid here). Like a federated caller it has no identity,
	// session or control policies and no acs:PrincipalARN: the resource policy (a role's
	// trust policy) alone decides. Only a Service principal admits it, SERVICE when UID is
	// the resource's account, UID@SERVICE when the UIDs are equal; no RAM principal does,
	// not even "*". Principal and Provider must then be zero.
	Service  arn.ServicePrincipal
	Action   string
	Resource string
	Context  Context
}

// Validate reports whether the request's fields are well formed; the error wraps
// ErrInvalidRequest and names the field.
//
// Its two passes run on every decision (Evaluate calls them itself): first wellFormed,
// one cheap pass over the fields that accepts the usual request (an ASCII action and
// ASCII key prefixes); only a request it cannot vouch for goes through problem, the full
// check that names what is wrong.
func (r *Request) Validate() error {
	if r == nil {
		return errNil("*Request")
	}
	if r.wellFormed() {
		return nil
	}
	return r.problem()
}

// wellFormed reports true only for requests that problem accepts. It may report false for
// some that problem accepts too (an action name with characters syntax.ActionProblem
// allows but this pass does not vouch for, a key prefix outside ASCII...): problem then
// decides. It allocates nothing.
func (r *Request) wellFormed() bool {
	if r.Principal.IsValid() && !r.Principal.IsPrincipal() || r.Provider.IsValid() || r.Service.IsValid() {
		return false
	}
	if len(r.Action) > MaxActionLength || !plainAction(r.Action) {
		return false
	}
	if r.Resource == "" || len(r.Resource) > MaxResourceLength || r.Context.Len() > MaxContextKeys {
		return false
	}
	total := 0
	c := &r.Context
	for i := range c.n {
		if !c.inline[i].wellFormed(&total) {
			return false
		}
	}
	for i := range c.more {
		if !c.more[i].wellFormed(&total) {
			return false
		}
	}
	return total <= MaxContextBytes
}

// wellFormed is Request.wellFormed for one context key: a plain key, and values within
// the limits, their bytes added to total.
func (e *ctxEntry) wellFormed(total *int) bool {
	if !e.plain { // plainKey(e.name), worked out by Set and Add
		return false
	}
	if e.many == nil { // one value, the usual case
		*total += len(e.one[0])
		return len(e.one[0]) <= MaxValueLength
	}
	if len(e.many) > MaxContextValues {
		return false
	}
	for _, v := range e.many {
		if len(v) > MaxValueLength {
			return false
		}
		*total += len(v)
	}
	return true
}

// plainAction reports that a is service:Name with the service of ASCII letters, digits
// and '-', and the name non-empty ASCII without ':', wildcards or white space. Such an
// action holds no wildcard and syntax.ActionProblem has nothing to say about it
// (its only non-ASCII rule, unicode.IsSpace, is the six ASCII spaces for ASCII).
func plainAction(a string) bool {
	// The service's bytes up to the first byte that cannot be one, which must be the
	// first colon: one pass over the service, no separate search for the colon.
	i := 0
	for i < len(a) && actionBytes[a[i]]&actionService != 0 {
		i++
	}
	if i == 0 || i >= len(a)-1 || a[i] != ':' {
		return false
	}
	return plainActionName(a[i+1:])
}

// plainActionName reports that the name of a plain action has only bytes actionBytes
// allows in a name, eight at a time. It also refuses the ASCII controls below 0x20, which
// the table allows: such a name then goes to the full check, which decides exactly.
func plainActionName(n string) bool {
	if len(n) < 8 {
		name := uint8(actionName)
		for i := 0; i < len(n); i++ {
			name &= actionBytes[n[i]]
		}
		return name != 0
	}
	for i := 0; i < len(n)-8; i += 8 {
		if !plainNameWord(load64(n, i)) {
			return false
		}
	}
	return plainNameWord(load64(n, len(n)-8)) // overlapping the word before
}

// plainNameWord reports that none of eight bytes is outside ASCII, a control or space
// (below 0x21), ':', '*' or '?'. Each test is exact about whether any byte hits.
func plainNameWord(x uint64) bool {
	const hi = ones * 0x80
	// ':' (0x3a) and '*' (0x2a) differ only in bit 0x10: with it set, one test finds both.
	colonStar, question := (x|ones*0x10)^(ones*':'), x^(ones*'?')
	bad := x | (x-ones*0x21)&^x | // outside ASCII; below 0x21
		(colonStar-ones)&^colonStar | (question-ones)&^question // a zero byte
	return bad&hi == 0
}

// actionBytes classifies bytes for plainAction.
const (
	actionService = 1 << iota // may appear in a plain service
	actionName                // may appear in a plain action name
)

var actionBytes = func() (t [256]uint8) {
	for c := 0; c < utf8.RuneSelf; c++ {
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' {
			t[c] |= actionService
		}
		if c != ':' && c != '*' && c != '?' && c != ' ' && !('\t' <= c && c <= '\r') {
			t[c] |= actionName
		}
	}
	return t
}()

// plainName reports that s is non-empty and holds no '/', '*' or '?'.
func plainName(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c == '/' || c == '*' || c == '?' {
			return false
		}
	}
	return s != ""
}

// plainKey reports that k is prefix:name with a non-empty ASCII prefix free of white
// space and a non-empty name: syntax.KeyProblem accepts it.
func plainKey(k string) bool {
	// The prefix's bytes up to the first byte that cannot be one, which must be the first
	// colon (as in plainAction).
	i := 0
	for i < len(k) && keyPrefixByte[k[i]] {
		i++
	}
	return i > 0 && i < len(k)-1 && k[i] == ':'
}

// keyPrefixByte marks the bytes plainKey allows in a key's prefix: ASCII other than
// white space and ':'.
var keyPrefixByte = func() (t [256]bool) {
	for c := 0; c < utf8.RuneSelf; c++ {
		t[c] = c != ':' && c != ' ' && !('\t' <= c && c <= '\r')
	}
	return t
}()

// problem is the full check: the first problem of the request, or nil.
func (r *Request) problem() error {
	bad := func(format string, args ...any) error {
		return fmt.Errorf("%w: %s", ErrInvalidRequest, fmt.Sprintf(format, args...))
	}
	if r.Principal.IsValid() && !r.Principal.IsPrincipal() {
		return bad("principal %q is not an account root, user, role or role session", r.Principal)
	}
	if r.Provider.IsValid() {
		if r.Principal.IsValid() {
			return bad("a request has a principal or a provider, not both")
		}
		if !IsProvider(r.Provider) {
			return bad("provider %q is not acs:ram::UID:saml-provider/NAME or acs:ram::UID:oidc-provider/NAME", r.Provider)
		}
	}
	if r.Service.IsValid() {
		if r.Principal.IsValid() || r.Provider.IsValid() {
			return bad("a request has one caller: a principal, a provider or a service")
		}
		if r.Service.Account() == "" {
			return bad("service caller %q acts for no account; want UID@SERVICE", r.Service)
		}
	}
	if len(r.Action) > MaxActionLength {
		return bad("action is %d bytes; at most %d", len(r.Action), MaxActionLength)
	}
	if r.Action == "*" || strings.ContainsAny(r.Action, "*?") {
		return bad("action %q holds a wildcard; a request names one action", r.Action)
	}
	if i := nonASCII(r.Action); i >= 0 {
		return bad("action %q holds a character outside ASCII at byte %d; RAM's action names are ASCII", r.Action, i)
	}
	if msg := syntax.ActionProblem(r.Action); msg != "" {
		return bad("action %q: %s", r.Action, msg)
	}
	if r.Resource == "" {
		return bad("resource is empty")
	}
	if len(r.Resource) > MaxResourceLength {
		return bad("resource is %d bytes; at most %d", len(r.Resource), MaxResourceLength)
	}
	if n := r.Context.Len(); n > MaxContextKeys {
		return bad("context has %d keys; at most %d", n, MaxContextKeys)
	}
	for i := range r.Context.Len() {
		e := r.Context.entry(i)
		values := e.values()
		if msg := syntax.KeyProblem(e.name); msg != "" {
			return bad("context key %q: %s", e.name, msg)
		}
		if len(values) > MaxContextValues {
			return bad("context key %q has %d values; at most %d", e.name, len(values), MaxContextValues)
		}
		for _, v := range values {
			if len(v) > MaxValueLength {
				return bad("a value of context key %q is %d bytes; at most %d", e.name, len(v), MaxValueLength)
			}
		}
	}
	total := 0
	for i := range r.Context.Len() {
		for _, v := range r.Context.entry(i).values() {
			total += len(v)
		}
	}
	if total > MaxContextBytes {
		return bad("context values hold %d bytes; at most %d", total, MaxContextBytes)
	}
	return nil
}

// nonASCII returns the offset of the first byte of s outside ASCII, or -1. A request's
// action must be ASCII: patterns fold ASCII letters only, so a Deny on cr:ü* would not
// cover cr:Übersicht, and RAM names no action outside ASCII.
func nonASCII(s string) int {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return i
		}
	}
	return -1
}

// resourceAccount returns the account field of a resource written as an ARN, or "" for
// an empty or '*' account and for resources that are not ARNs.
func resourceAccount(res string) string {
	if !strings.HasPrefix(res, "acs:") {
		return ""
	}
	// The third and fourth colons ("acs:" holds the first) bound the account. This runs
	// on every allowed decision: the colons are found eight bytes at a time.
	colons, start := 1, 0
	i := len("acs:")
	for ; i+8 <= len(res); i += 8 {
		for m := colonBytes(load64(res, i)); m != 0; m &= m - 1 {
			j := i + bits.TrailingZeros64(m)/8
			if colons++; colons == 3 {
				start = j + 1
			} else if colons == 4 {
				return accountOf(res, start, j)
			}
		}
	}
	for ; i < len(res); i++ {
		if res[i] != ':' {
			continue
		}
		if colons++; colons == 3 {
			start = i + 1
		} else if colons == 4 {
			return accountOf(res, start, i)
		}
	}
	return ""
}

// colonBytes marks with 0x80 the bytes of x that are ':', exactly: a byte of y is zero
// when its low seven bits add nothing to 0x7f and its own high bit is clear.
func colonBytes(x uint64) uint64 {
	const low7 = ones * 0x7f
	y := x ^ (ones * ':')
	return ^((y&low7 + low7) | y | low7)
}

// accountOf returns the account field res[start:end] of an ARN resource, or "" when it
// names the principal's own account.
func accountOf(res string, start, end int) string {
	// "*" and "" name the principal's own account.
	if acct := res[start:end]; acct != "*" {
		return acct
	}
	return ""
}

// crossAccountOf is crossAccount(own, resourceAccount(res), res) without extracting the
// account: it runs on every Allow that no resource policy decided, and the usual resource
// is in the principal's own account. It finds the start of the account field (after the
// third colon) and compares the principal's account with the bytes there in place; only
// a resource whose account differs goes on to the exact reading.
func crossAccountOf(own, res string) bool {
	if own == "" || len(res) < len("acs:") || res[:4] != "acs:" {
		return false
	}
	// The second and third colons, eight bytes at a time.
	colons, i := 1, len("acs:")
	start := -1
scan:
	for ; i+8 <= len(res); i += 8 {
		for m := colonBytes(load64(res, i)); m != 0; m &= m - 1 {
			if colons++; colons == 3 {
				start = i + bits.TrailingZeros64(m)/8 + 1
				break scan
			}
		}
	}
	if start < 0 {
		for ; i < len(res); i++ {
			if res[i] == ':' {
				if colons++; colons == 3 {
					start = i + 1
					break
				}
			}
		}
		if start < 0 {
			return false // no account field: resourceAccount reads ""
		}
	}
	// own is a parsed ARN's account field, so it holds no colon: when res holds own and
	// then a colon at start, that colon is the fourth and the accounts are equal.
	if end := start + len(own); end < len(res) && res[end] == ':' && res[start:end] == own {
		return false
	}
	return crossAccount(own, resourceAccount(res), res)
}

// crossAccount reports whether a principal of account own asks for a resource of
// account resAcct (from resourceAccount) in another account: the rule that A and B must
// both allow. A RAM resource of the account "system" is not another account's: Alibaba's
// system policies live there (acs:ram:*:system:policy/NAME), and the system policy
// AliyunCloudSSOReadOnlyAccess grants ram:GetPolicy on them, which the rule would
// otherwise make impossible. The exception only lifts this rule, which can only deny:
// "system" is still not the root's own account, so a root is not allowed there without
// evaluation.
func crossAccount(own, resAcct, res string) bool {
	if own == "" || resAcct == "" || resAcct == own {
		return false
	}
	return resAcct != "system" || !isRAMResource(res)
}

// isAssumeRole reports whether the action is sts:AssumeRole in any letter case.
// The length first: it rules out nearly every action without a call.
func isAssumeRole(action string) bool {
	return len(action) == len("sts:AssumeRole") && strings.EqualFold(action, "sts:AssumeRole")
}

// IsProvider reports whether p names an identity provider:
// acs:ram::UID:saml-provider/NAME or acs:ram::UID:oidc-provider/NAME, UID digits.
func IsProvider(p arn.ARN) bool {
	typ, name, _ := strings.Cut(p.Resource(), "/")
	acct := p.Account()
	return p.Service() == "ram" && p.Region() == "" && acct != "" && strings.Trim(acct, "0123456789") == "" &&
		(typ == "saml-provider" || typ == "oidc-provider") && plainName(name)
}
