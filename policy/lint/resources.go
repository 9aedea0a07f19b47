package lint

import (
	"fmt"
	"strings"
	"unicode"

	"github.com/rampolicy/ram/internal/suggest"
)

// resources checks the shape of each resource ARN: MalformedARN, UnknownResourceType.
// Placeholders and masked IDs are left to their own checks, so that one mistake is
// reported once.
func (l *linter) resources(i int, st *statement) {
	for j, r := range st.Resources {
		if r == "*" {
			continue
		}
		at := l.loc.value(i, []string{"Resource"}, j)
		if strings.IndexFunc(r, unicode.IsSpace) >= 0 {
			l.add(at, Error, "MalformedARN", "",
				fmt.Sprintf("resource %q holds white space, which no ARN does, so it matches nothing (a '/' was probably meant)", r))
			continue
		}
		f := strings.SplitN(r, ":", 5)
		if len(f) < 5 || f[0] != "acs" {
			l.add(at, Error, "MalformedARN", "",
				fmt.Sprintf("resource %q is not acs:service:region:account:resource", r))
			continue
		}
		if placeholder(r) != "" {
			continue
		}
		svc, region, account, res := f[1], f[2], f[3], f[4]
		if !isPatternWord(svc) {
			fix := ""
			if isPatternWord(strings.ToLower(svc)) {
				fix = "acs:" + strings.ToLower(svc) + r[4+len(svc):]
			}
			l.add(at, Error, "MalformedARN", fix,
				fmt.Sprintf("the service %q of %q must be lower-case letters, digits and '-' (resources match case-sensitively)", svc, r))
			continue
		}
		if !isPatternWord(region) {
			l.add(at, Warning, "MalformedARN", "",
				fmt.Sprintf("the region %q of %q is not a region ID (lower-case letters, digits and '-', or *)", region, r))
		}
		if account != "system" && !isPatternDigits(account) && maskedID(account) == "" {
			l.add(at, Error, "MalformedARN", "",
				fmt.Sprintf("the account %q of %q must be the account ID (digits), * or empty", account, r))
		}
		l.resourceType(at, svc, res, r)
	}
}

// resourceType checks the first path segment of a catalogued service's resource.
func (l *linter) resourceType(at place, svc, res, r string) {
	cat := catalogue[svc]
	if cat == nil || len(cat.resourceTypes) == 0 {
		return
	}
	typ, _, _ := strings.Cut(res, "/")
	if typ == "" || hasWildcard(typ) {
		return
	}
	if strings.Contains(res, ":") {
		l.add(at, Warning, "MalformedARN", "",
			fmt.Sprintf("%q has more than five fields: %s resources hold no ':' after the account", r, svc))
		return
	}
	if contains(cat.resourceTypes, typ) {
		return
	}
	prefix := r[:len(r)-len(res)]
	if canon, ok := containsFold(cat.resourceTypes, typ); ok && svc != "ram" {
		l.add(at, Error, "UnknownResourceType", prefix+canon+res[len(typ):],
			fmt.Sprintf("%s resource type %q is written %q; resources match case-sensitively, so this matches nothing", svc, typ, canon))
		return
	} else if ok {
		return // RAM resources match ASCII-case-insensitively
	}
	// Plurals are the usual slip (repositories/), three edits from the singular.
	if best, _, ok := suggest.Closest(typ, cat.resourceTypes, maxTypo+1); ok {
		l.add(at, Error, "UnknownResourceType", prefix+best+res[len(typ):],
			fmt.Sprintf("%s has no resource type %q, so %q matches nothing; did you mean %s/?", svc, typ, r, best))
		return
	}
	l.add(at, Warning, "UnknownResourceType", "",
		fmt.Sprintf("%q is not a %s resource type lint knows (%s)", typ, svc, strings.Join(cat.resourceTypes, ", ")))
}

// isPatternWord reports whether s is lower-case letters, digits, '-' and wildcards
// (possibly empty).
func isPatternWord(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-' || c == '*' || c == '?') {
			return false
		}
	}
	return true
}

// isPatternDigits reports whether s is digits and wildcards (possibly empty).
func isPatternDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; !('0' <= c && c <= '9' || c == '*' || c == '?') {
			return false
		}
	}
	return true
}

// reach checks that a statement's actions can act on its resources: NeverApplies when no
// resource can be acted on, UnmatchedResource for each one that cannot. It decides only
// when every action names a catalogued service without wildcards and every resource
// names a service without wildcards: then the catalogue says which services' resources
// the actions act on.
func (l *linter) reach(i int, st *statement) {
	if st.NotAction || len(st.Resources) == 0 || len(st.Actions) == 0 {
		return
	}
	targets := map[string]bool{}
	var actionSvcs []string
	for _, a := range st.Actions {
		svc, _, ok := strings.Cut(a, ":")
		cat := catalogue[strings.ToLower(svc)]
		if !ok || cat == nil {
			return
		}
		if !contains(actionSvcs, cat.name) {
			actionSvcs = append(actionSvcs, cat.name)
		}
		for _, t := range cat.resourceServices {
			targets[t] = true
		}
	}
	var unmatched []int
	for j, r := range st.Resources {
		f := strings.SplitN(r, ":", 5)
		if r == "*" || len(f) < 5 || hasWildcard(f[1]) || strings.HasPrefix(f[0], "*") {
			return
		}
		if !targets[f[1]] {
			unmatched = append(unmatched, j)
		}
	}
	var ts []string
	for _, s := range catalogueOrder {
		if targets[s] {
			ts = append(ts, s)
		}
	}
	what := fmt.Sprintf("%s actions act only on %s resources", strings.Join(actionSvcs, " and "), strings.Join(ts, " and "))
	if len(unmatched) == len(st.Resources) {
		l.add(l.loc.stmt(i), Error, "NeverApplies", "",
			fmt.Sprintf("the statement can never apply: %s, and none of its resources is one", what))
		return
	}
	for _, j := range unmatched {
		l.add(l.loc.value(i, []string{"Resource"}, j), Warning, "UnmatchedResource", "",
			fmt.Sprintf("no action of the statement can act on %q: %s", st.Resources[j], what))
	}
}
