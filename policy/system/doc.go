// Package system holds the texts of Alibaba Cloud system policies that registry and STS
// users meet, embedded with the page each was copied from and its version.
//
// Attachments in Terraform plans and RAM account snapshots often name system policies
// (AliyunContainerRegistryReadOnlyAccess) without their text. Lookup returns the parsed
// document of an embedded one; for any other name it returns an error wrapping
// ErrNotEmbedded that names the policy. An unknown system policy is never taken as empty
// or as allowing everything: the caller must supply its text (the importers and ramsim
// take it from a file).
//
// # Names
//
// Lookups are exact: RAM's API takes PolicyName together with PolicyType and Alibaba
// documents every system policy under one spelling (the names in this package are the
// documented ones). Whether RAM would accept another letter case is not documented, so a
// name that differs from an embedded one only in letter case is not resolved to it: the
// error says which embedded name was meant, and the caller fixes the spelling.
//
// # Versions
//
// Alibaba changes system policies over time (AliyunContainerRegistryReadOnlyAccess once
// allowed cr:PullRepository, today cr:Pull*). Each text is the version given by Info; an
// account evaluated later may see a newer one.
package system
