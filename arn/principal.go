package arn

import "fmt"

// NewRoot returns the ARN of an account's root identity, acs:ram::ACCOUNT:root.
func NewRoot(account string) (ARN, error) { return identity(account, "root", KindRoot) }

// NewUser returns the ARN of a RAM user, acs:ram::ACCOUNT:user/NAME.
func NewUser(account, name string) (ARN, error) { return identity(account, "user/"+name, KindUser) }

// NewGroup returns the ARN of a RAM user group, acs:ram::ACCOUNT:group/NAME.
func NewGroup(account, name string) (ARN, error) { return identity(account, "group/"+name, KindGroup) }

// NewRole returns the ARN of a RAM role, acs:ram::ACCOUNT:role/NAME.
func NewRole(account, name string) (ARN, error) { return identity(account, "role/"+name, KindRole) }

// NewRoleSession returns the ARN of a session of a role, acs:ram::ACCOUNT:role/ROLE/SESSION,
// as STS AssumeRole returns it.
func NewRoleSession(account, role, session string) (ARN, error) {
	return identity(account, "role/"+role+"/"+session, KindRoleSession)
}

// identity builds and checks a RAM identity ARN of the wanted kind.
func identity(account, resource string, want Kind) (ARN, error) {
	s := "acs:ram::" + account + ":" + resource
	a, err := Parse(s)
	if err != nil {
		return ARN{}, err
	}
	if a.Kind() != want {
		return ARN{}, &ParseError{Input: s, Offset: 0, Msg: fmt.Sprintf("not a %s ARN: the account must be digits and names non-empty without '/', '*' or '?'", want), Err: ErrInvalidField}
	}
	return a, nil
}
