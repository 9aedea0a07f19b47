// Package snapshot reads a folder of RAM OpenAPI responses, as the Alibaba Cloud CLI
// (`aliyun ram ...`) prints them, and writes the account they describe as a world file
// (package worldfile). examples/ramsim/collect-snapshot.sh collects such a folder; its
// layout is in README.md next to this file.
//
// Responses are read with gjson by path, tolerant of fields this package does not use
// (the API adds fields over time); the documents in them (a role's
// AssumeRolePolicyDocument, a policy version's PolicyDocument, both JSON strings) are
// parsed strictly as trust and identity policies, and their errors name the file.
//
// A system policy's text comes from the snapshot's GetPolicy/System/NAME.json when it is
// there (the version the account sees), else from package system, else from
// Options.SystemPolicies; with none of them it is an error. A role without its GetRole
// response, a custom policy without its document, a list whose last page is truncated:
// each is a Problem, and what it concerns is left out, never guessed.
package snapshot
