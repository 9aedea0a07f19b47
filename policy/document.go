package policy

// Document is a policy. It is plain data: get one from Parse or json.Unmarshal, or build
// one in code. Every way in applies the same rules: Parse and UnmarshalJSON check the
// text, and Validate (which eval.Compile calls) checks a Document however it was made,
// with the same value rules and the same errors. Parse never returns a Document that
// fails its checks.
type Document struct {
	// Kind decides the rules (required elements, Principal, size). Parse sets it; a
	// Document built in code or unmarshalled must have it set (the zero Kind is an error).
	Kind       Kind
	Version    string // always "1" for a valid document
	Statements []Statement
}

// Statement is one statement of a document.
type Statement struct {
	Sid    string // optional label, reported in explanations
	Effect Effect
	// Actions holds the Action values, or the NotAction values when NotAction is true.
	Actions   []string
	NotAction bool
	// Resources holds the Resource values; nil when the element is absent (trust policies).
	Resources []string
	// Principal is set for trust and resource-based policies.
	Principal *Principal
	// Conditions in document order; all must hold.
	Conditions []Condition
	// Pos is where the statement's object starts in the parsed text; zero for a statement
	// built in code. Marshalling ignores it.
	Pos Position
}

// Position is a place in a document's text.
type Position struct {
	Offset int // byte offset
	Line   int // 1-based line
	Column int // 1-based column, in characters
}

// Principal is a trust or resource policy's Principal element. Each list's values are
// alternatives; any match admits the caller.
type Principal struct {
	RAM       []string // "*", acs:ram::UID:root, acs:ram::UID:user/NAME, acs:ram::UID:role/NAME
	Service   []string // service names such as ecs.aliyuncs.com
	Federated []string // acs:ram::UID:saml-provider/NAME or acs:ram::UID:oidc-provider/NAME
}

// Condition is one key under one operator, with the policy's values for it (OR'ed).
type Condition struct {
	Operator Operator
	Key      string // as written; matched case-insensitively
	Values   []string
}

// Effect is a statement's effect. The zero value is invalid.
type Effect uint8

// The effects.
const (
	EffectAllow Effect = 1 + iota
	EffectDeny
)

// String returns "Allow", "Deny" or "invalid".
func (e Effect) String() string {
	switch e {
	case EffectAllow:
		return "Allow"
	case EffectDeny:
		return "Deny"
	}
	return "invalid"
}

// MarshalText writes the effect as RAM spells it; the zero Effect is an error.
func (e Effect) MarshalText() ([]byte, error) {
	if e != EffectAllow && e != EffectDeny {
		return nil, ErrInvalidEffect
	}
	return []byte(e.String()), nil
}
