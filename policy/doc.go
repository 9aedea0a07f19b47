// Package policy parses Alibaba Cloud RAM policy documents strictly.
//
// A document is Version "1" and a non-empty Statement list. Four kinds of document exist,
// differing in required elements and size ([Kind]): identity policies (attached to users,
// groups and roles), session policies (passed to AssumeRole), control policies (Resource
// Directory) and trust policies (a role's AssumeRolePolicyDocument). Resource-based
// policies are a fifth kind for completeness.
//
// # Strictness
//
// [Parse] rejects everything RAM's policy checker rejects and a little more, and reports
// every problem, not just the first, in document order, each with its JSON Pointer, line
// and column ([Error], [ErrorList]). Each error wraps one exported sentinel per kind of
// problem, so errors.Is(err, policy.ErrInvalidEffect) works on the list; [Code] names the
// kind as RAM's checker does ("InvalidEffect"). To bound the work a hostile document can
// cause, a list holds at most 2 × [Limits].MaxSize + 16 problems: more than any document
// within its size limit has, so only a document already reported PolicyTooLarge is cut
// short, and its PolicyTooLarge error says so. Parsing takes time linear in the input.
//
// Reading happens in a fixed order, because ordinary JSON decoders disagree about
// duplicate keys (encoding/json keeps the last, gjson the first): first a strict reader
// rejects syntax errors, duplicate keys at any depth, over-deep nesting, byte order marks
// and lone surrogates, and records positions; then an embedded JSON Schema
// (policy.schema.json) checks element names, JSON types and required elements; then
// package policy checks values: versions, effects, actions, ARNs, principals, condition
// operators, keys and values, and the limits of [Limits].
//
// Element names, operator names and "Allow"/"Deny" are case-sensitive. Every scalar is a
// JSON string. NotResource, NotPrincipal and Id are rejected. An empty list counts as a
// missing element.
//
// # Canonical form
//
// [Document.MarshalJSON] writes a canonical form: keys in a fixed order, every value list
// as an array, conditions grouped by operator and key in sorted order. Parse(Marshal(d))
// gives back d (positions aside, conditions in canonical order). The canonical text can be
// a few characters longer than the text it came from (a single value becomes a
// one-element array; U+2028 and U+2029 are escaped), so a document at its kind's size
// limit may need a larger Limits.MaxSize to be read back.
package policy
