package eval

import "github.com/rampolicy/ram/internal/wildcard"

// Names of RAM entities (users, groups, roles, policies) are unique regardless of letter
// case, and Alibaba's own documents write one role both as created and in lower case:
// role/ResourceDirectoryAccountAccessRole and role/resourcedirectoryaccountaccessrole,
// role/aliyunreservedsso* for roles created as AliyunReservedSSO-.... A case-sensitive
// match would let a Deny written one way miss the role written the other, a wrong Allow.
// So, as semantics.md decides:
//
//   - a resource of service ram (acs:ram:...) matches Resource patterns ignoring ASCII
//     letter case; every other resource is matched exactly;
//   - String operators on acs:PrincipalARN compare ignoring ASCII letter case.
//
// Whether a match folds is decided by the request's resource, not by the pattern: "*"
// and acs:* match ram and other resources alike, and only the ram ones fold.

// ramPrefixLen is len("acs:ram:").
const ramPrefixLen = len("acs:ram:")

// isRAMResource reports whether a resource is of service ram: "acs:" then the service
// "ram" (in any letter case, as the whole ARN is compared that way) and a colon.
func isRAMResource(res string) bool {
	return len(res) >= ramPrefixLen && res[:4] == "acs:" &&
		res[4]|0x20 == 'r' && res[5]|0x20 == 'a' && res[6]|0x20 == 'm' && res[7] == ':'
}

// patternReach says which resources a Resource pattern can match: ram resources (folding
// case), other resources (exactly), or both. The index files a pattern's tokens by it.
type patternReach struct {
	ram, other bool
}

// reachOf works a pattern's reach out from its literal prefix (the text before its first
// wildcard), which every match starts with (exactly for other resources, ignoring case
// for ram ones).
func reachOf(p *wildcard.Pattern) patternReach {
	lit := p.LiteralPrefix() // the pattern does not fold: its own spelling
	return patternReach{
		// A ram resource folded starts with "acs:ram:"; it can match when one of that and
		// the folded prefix extends the other.
		ram: foldExtends(lit, "acs:ram:"),
		// An exact match starts with lit: it is some other resource unless lit already
		// makes it a ram one.
		other: !isRAMResource(lit),
	}
}

// foldExtends reports whether s lower-cased and lower (already lower case) agree on
// their common length, that is one of them extends the other. Loading calls it for every
// Resource pattern, so it does not lower-case s into a new string.
func foldExtends(s, lower string) bool {
	for i := 0; i < len(s) && i < len(lower); i++ {
		if foldByte(s[i]) != lower[i] {
			return false
		}
	}
	return true
}

// appendRAMPatterns appends to a statement's Resource patterns the patterns a ram
// resource is matched with: each one that can match a ram resource, again, folding ASCII
// case. A statement none of whose patterns can gets nothing more: no ram resource
// matches it.
func appendRAMPatterns(exact []wildcard.Pattern) []wildcard.Pattern {
	out := exact
	for i := range exact {
		if reachOf(&exact[i]).ram {
			out = append(out, wildcard.Compile(exact[i].String(), true))
		}
	}
	return out
}

// resourcePatterns returns the patterns a statement matches the request's resource with:
// the Resource patterns as written, or for a ram resource their folding forms.
func (s *statement) resourcePatterns(st *reqState) []wildcard.Pattern {
	if st.ramResource {
		return s.resources[s.nres:]
	}
	return s.resources[:s.nres]
}
