package policy

// Kind is the kind of a policy document; it decides which elements are required and the
// size limit. The zero Kind is not a kind: a Document or Options without one is an error,
// never silently an identity policy.
type Kind uint8

// The document kinds.
const (
	IdentityPolicy Kind = 1 + iota // attached to users, groups and roles; 6,144 characters
	SessionPolicy                  // passed to AssumeRole; 2,048 characters
	ControlPolicy                  // Resource Directory control policy; 4,096 characters
	TrustPolicy                    // a role's trust policy; Principal required, Resource optional; 4,096 characters
	ResourcePolicy                 // resource-based policy; Principal and Resource required; 6,144 characters
)

var kindNames = [...]string{"unset", "identity", "session", "control", "trust", "resource"}

// String returns the kind's name as decision tables write it ("identity", "trust", ...),
// "unset" for the zero Kind.
func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "invalid"
}

// ParseKind returns the kind named by s, as String writes it.
func ParseKind(s string) (Kind, bool) {
	for i, n := range kindNames[1:] {
		if n == s {
			return Kind(i + 1), true
		}
	}
	return 0, false
}

// article returns "a" or "an" for the kind's name.
func (k Kind) article() string {
	if k == IdentityPolicy {
		return "an"
	}
	return "a"
}

// valid reports whether k is one of the kinds.
func (k Kind) valid() bool { return k >= IdentityPolicy && k <= ResourcePolicy }

// hasPrincipal reports whether statements of the kind carry a Principal.
func (k Kind) hasPrincipal() bool { return k == TrustPolicy || k == ResourcePolicy }

// needsResource reports whether statements of the kind must have a Resource.
func (k Kind) needsResource() bool { return k != TrustPolicy }

// Limits bounds what a document may hold. A limit that is exceeded is an error, never a
// silent truncation. The zero value of a field means its default.
//
// These are RAM's own limits and nothing more: the size of the document bounds every list
// and every pattern in it, and matching a pattern takes time linear in its length, so no
// count of statements, values or wildcards and no pattern length rejects a document.
type Limits struct {
	// MaxSize is the most characters (Unicode code points) outside insignificant white
	// space, escapes counted as written. Defaults: identity and resource 6,144, session
	// 2,048, control and trust 4,096.
	MaxSize int
	// MaxDepth bounds the nesting of arrays and objects. Default 32.
	MaxDepth int
}

// DefaultLimits returns the limits that Parse applies to a document of the kind.
func DefaultLimits(k Kind) Limits {
	size := 6144
	switch k {
	case SessionPolicy:
		size = 2048
	case ControlPolicy, TrustPolicy:
		size = 4096
	}
	return Limits{MaxSize: size, MaxDepth: 32}
}

func (l Limits) withDefaults(k Kind) Limits {
	d := DefaultLimits(k)
	if l.MaxSize > 0 {
		d.MaxSize = l.MaxSize
	}
	if l.MaxDepth > 0 {
		d.MaxDepth = l.MaxDepth
	}
	return d
}
