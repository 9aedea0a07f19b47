package policy

import "strings"

// Op is a condition operator without its set prefix.
type Op uint8

// The operators of RAM's five families. Anything else (Null, ...IfExists, Arn*, Binary*)
// is rejected as ErrInvalidConditionOperator.
const (
	StringEquals Op = 1 + iota
	StringNotEquals
	StringEqualsIgnoreCase
	StringNotEqualsIgnoreCase
	StringLike
	StringNotLike
	NumericEquals
	NumericNotEquals
	NumericLessThan
	NumericLessThanEquals
	NumericGreaterThan
	NumericGreaterThanEquals
	DateEquals
	DateNotEquals
	DateLessThan
	DateLessThanEquals
	DateGreaterThan
	DateGreaterThanEquals
	Bool
	IPAddress
	NotIPAddress
	opCount
)

var opNames = [opCount]string{"", "StringEquals", "StringNotEquals", "StringEqualsIgnoreCase",
	"StringNotEqualsIgnoreCase", "StringLike", "StringNotLike", "NumericEquals", "NumericNotEquals",
	"NumericLessThan", "NumericLessThanEquals", "NumericGreaterThan", "NumericGreaterThanEquals",
	"DateEquals", "DateNotEquals", "DateLessThan", "DateLessThanEquals", "DateGreaterThan",
	"DateGreaterThanEquals", "Bool", "IpAddress", "NotIpAddress"}

// String returns the operator's name as written in policies.
func (o Op) String() string {
	if o > 0 && o < opCount {
		return opNames[o]
	}
	return "invalid"
}

// Family is the kind of value an operator compares.
type Family uint8

// The operator families.
const (
	FamilyString Family = 1 + iota
	FamilyNumeric
	FamilyDate
	FamilyBool
	FamilyIP
)

// Family returns the operator's family.
func (o Op) Family() Family {
	switch {
	case o >= StringEquals && o <= StringNotLike:
		return FamilyString
	case o >= NumericEquals && o <= NumericGreaterThanEquals:
		return FamilyNumeric
	case o >= DateEquals && o <= DateGreaterThanEquals:
		return FamilyDate
	case o == Bool:
		return FamilyBool
	case o == IPAddress || o == NotIPAddress:
		return FamilyIP
	}
	return 0
}

// Negated reports whether the operator is a negation (StringNot*, NumericNotEquals,
// DateNotEquals, NotIpAddress): it holds when the request value matches none of the
// policy values, and when the key is absent.
func (o Op) Negated() bool {
	switch o {
	case StringNotEquals, StringNotEqualsIgnoreCase, StringNotLike, NumericNotEquals, DateNotEquals, NotIPAddress:
		return true
	}
	return false
}

// SetPrefix is a condition operator's set prefix.
type SetPrefix uint8

// The set prefixes.
const (
	NoPrefix     SetPrefix = iota
	ForAllValues           // every request value must satisfy the operator; true when absent
	ForAnyValue            // some request value must satisfy the operator; false when absent
)

// Operator is a full condition operator: an optional set prefix and an Op.
type Operator struct {
	Set SetPrefix
	Op  Op
}

// String returns the operator as written in policies, e.g. "ForAllValues:StringEquals".
func (o Operator) String() string {
	switch o.Set {
	case ForAllValues:
		return "ForAllValues:" + o.Op.String()
	case ForAnyValue:
		return "ForAnyValue:" + o.Op.String()
	}
	return o.Op.String()
}

// ParseOperator reads an operator name. Names are case-sensitive.
func ParseOperator(s string) (Operator, bool) {
	var o Operator
	if rest, ok := strings.CutPrefix(s, "ForAllValues:"); ok {
		o.Set, s = ForAllValues, rest
	} else if rest, ok := strings.CutPrefix(s, "ForAnyValue:"); ok {
		o.Set, s = ForAnyValue, rest
	}
	for i := StringEquals; i < opCount; i++ {
		if opNames[i] == s {
			o.Op = i
			return o, true
		}
	}
	return Operator{}, false
}
