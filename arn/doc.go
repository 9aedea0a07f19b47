// Package arn parses Alibaba Cloud Service ARNs and compiles ARN wildcard patterns.
//
// An ACS ARN has five colon-separated fields:
//
//	acs:<service>:<region>:<account>:<resource>
//
// for example acs:cr:cn-hangzhou:1234567890123456:repository/ns/app. The region is empty
// for global resources (acs:ram::1234567890123456:role/deployer). The resource is
// everything after the fourth colon, so it may itself hold colons.
//
// [ARN] is a comparable value: two ARNs are equal exactly when their text is equal, so an
// ARN works as a map key. [Pattern] is a different type on purpose: a policy's
// "Resource": "acs:cr:*:*:repository/ns/*" is not an ARN but a pattern over ARNs.
//
// # Principals
//
// RAM identities are ARNs of the service "ram" with an empty region and a numeric account:
//
//	acs:ram::UID:root                 the account (its root identity)
//	acs:ram::UID:user/NAME            a RAM user
//	acs:ram::UID:group/NAME           a RAM user group
//	acs:ram::UID:role/NAME            a RAM role
//	acs:ram::UID:role/NAME/SESSION    a session of a role, as STS AssumeRole returns it
//
// [ARN.Kind] tells them apart. Service principals (ecs.aliyuncs.com) are not ARNs.
//
// # Wildcards
//
// In a [Pattern], '*' matches any run of characters, including none, and crosses ':' and
// '/'; '?' matches exactly one character. Every other character is literal. Matching is
// case-sensitive and takes time linear in the length of the input.
package arn
