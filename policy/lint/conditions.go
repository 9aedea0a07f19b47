package lint

import (
	"fmt"
	"strings"

	"github.com/rampolicy/ram/internal/suggest"
)

// conditionKeys checks each condition key whose prefix lint knows (acs, oidc, saml and
// the catalogued services): ConditionKeyCase for a known key in another letter case,
// UnknownConditionKey for a key near a known one (also under a misspelt prefix such as
// "asc:"). A key far from every known one is left alone: services define keys lint does
// not list.
func (l *linter) conditionKeys(i int, st *statement) {
	known := knownKeys()
	for _, c := range st.Conditions {
		key := c.Key
		prefix, name, _ := strings.Cut(key, ":")
		lp := strings.ToLower(prefix)
		// Short names are near too many others (oidc:amr is two edits from oidc:aud).
		typo := maxTypo
		if len(name) < 6 {
			typo = 1
		}
		if !keyPrefixes[lp] {
			// A misspelt prefix: suggest only when the whole key is near a known one.
			if best, _, ok := suggest.Closest(key, known, typo); ok && !strings.EqualFold(best, key) {
				l.add(l.loc.key(i, c.Operator.String(), key), Warning, "UnknownConditionKey", best,
					fmt.Sprintf("condition key %q is not one RAM sets, so the condition never sees a value; did you mean %s?", key, best))
			}
			continue
		}
		at := func() place { return l.loc.key(i, c.Operator.String(), key) }
		canon := key
		for _, t := range taggedKeys {
			if len(key) > len(t) && strings.EqualFold(key[:len(t)], t) {
				canon = t
			}
		}
		if canon != key { // acs:ResourceTag/NAME: check the family, keep the tag name
			if key[:len(canon)] != canon {
				l.add(at(), Suggestion, "ConditionKeyCase", canon+key[len(canon):],
					fmt.Sprintf("%q is written %s%s in Alibaba's documentation (condition keys match in any letter case)", key, canon, key[len(canon):]))
			}
			continue
		}
		if contains(known, key) {
			continue
		}
		if k, ok := containsFold(known, key); ok {
			l.add(at(), Suggestion, "ConditionKeyCase", k,
				fmt.Sprintf("%q is written %s in Alibaba's documentation (condition keys match in any letter case)", key, k))
			continue
		}
		cands := make([]string, 0, len(known))
		for _, k := range known {
			if strings.HasPrefix(strings.ToLower(k), lp+":") {
				cands = append(cands, k)
			}
		}
		if best, _, ok := suggest.Closest(key, cands, typo); ok {
			l.add(at(), Warning, "UnknownConditionKey", best,
				fmt.Sprintf("condition key %q is not one RAM sets, so the condition never sees a value; did you mean %s?", key, best))
		}
	}
}

// keyPrefixes are the prefixes whose keys lint knows.
var keyPrefixes = map[string]bool{"acs": true, "oidc": true, "saml": true, "sts": true, "ram": true, "cr": true}

// knownKeys lists every condition key lint knows.
func knownKeys() []string {
	out := append([]string{}, globalKeys...)
	out = append(out, federationKeys...)
	for _, name := range catalogueOrder {
		out = append(out, catalogue[name].keys...)
	}
	return out
}
