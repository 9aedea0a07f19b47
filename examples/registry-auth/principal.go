package main

import "time"

// PrincipalKind tells which kind of RAM identity a Principal is.
type PrincipalKind uint8

// Principal kinds that can log in to the token service.
const (
	KindUser PrincipalKind = iota + 1
	KindRoleSession
)

// Principal is an authenticated caller.
type Principal struct {
	Kind PrincipalKind
	// ARN is the caller's RAM ARN: acs:ram::UID:user/NAME for a user; for a
	// role session, the ARN the Authorizer named it by
	// (acs:ram::UID:role/ROLE/SESSION with the ram library).
	ARN string
	// Session is binding-owned state returned by Authorizer.AssumeRole for
	// role sessions; nil for users.
	Session any
	// Expires is when a role session's credentials end; zero for users.
	// Tokens issued to a session never outlive it.
	Expires time.Time
}
