package main

import (
	"fmt"
	"strings"
	"time"
)

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
	// Account is the UID of the account that owns the user or role.
	Account string
	// Name is the RAM user name, or the role name for a role session.
	Name string
	// SessionName is the role session name; empty for users.
	SessionName string
	// ARN is the caller's RAM ARN: acs:ram::UID:user/NAME or
	// acs:ram::UID:assumed-role/ROLE/SESSION.
	ARN string
	// Session is binding-owned state returned by Authorizer.AssumeRole for
	// role sessions; nil for users.
	Session any
	// Expires is when a role session's credentials end; zero for users.
	// Tokens issued to a session never outlive it.
	Expires time.Time
}

// userARN returns the RAM ARN of user name in account.
func userARN(account, name string) string {
	return "acs:ram::" + account + ":user/" + name
}

// roleARN returns the RAM ARN of role name in account.
func roleARN(account, name string) string {
	return "acs:ram::" + account + ":role/" + name
}

// roleSessionARN returns the RAM ARN of a session of role in account.
func roleSessionARN(account, role, session string) string {
	return "acs:ram::" + account + ":assumed-role/" + role + "/" + session
}

// parseRoleARN splits acs:ram::UID:role/NAME into its account and role name.
func parseRoleARN(s string) (account, name string, err error) {
	parts := strings.SplitN(s, ":", 5)
	if len(parts) != 5 || parts[0] != "acs" || parts[1] != "ram" || parts[2] != "" {
		return "", "", fmt.Errorf("role ARN %q: want acs:ram::ACCOUNT:role/NAME", s)
	}
	name, ok := strings.CutPrefix(parts[4], "role/")
	if !ok || parts[3] == "" || name == "" || strings.Contains(name, "/") {
		return "", "", fmt.Errorf("role ARN %q: want acs:ram::ACCOUNT:role/NAME", s)
	}
	return parts[3], name, nil
}
