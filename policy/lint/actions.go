package lint

import (
	"fmt"
	"strings"

	"github.com/rampolicy/ram/internal/suggest"
)

// maxTypo is the largest edit distance at which lint offers "did you mean".
const maxTypo = 2

func hasWildcard(s string) bool { return strings.ContainsAny(s, "*?") }

// actionElement names the element that holds a statement's actions.
func actionElement(notAction bool) string {
	if notAction {
		return "NotAction"
	}
	return "Action"
}

// actions checks each action against the catalogue: UnknownAction, ActionCase.
func (l *linter) actions(i int, st *statement) {
	elem := []string{actionElement(st.NotAction)}
	for j, a := range st.Actions {
		svc, name, ok := strings.Cut(a, ":")
		if !ok || hasWildcard(svc) || hasWildcard(name) {
			continue // "*", or a pattern: the catalogue may be incomplete, so nothing is proved
		}
		cat := catalogue[strings.ToLower(svc)]
		if cat == nil {
			continue // unknown services are not errors; see services
		}
		if contains(cat.actions, name) {
			continue
		}
		at := l.loc.value(i, elem, j)
		if canon, ok := containsFold(cat.actions, name); ok {
			if svc != cat.name || name != canon {
				l.add(at, Suggestion, "ActionCase", cat.name+":"+canon,
					fmt.Sprintf("%s is written %s:%s in Alibaba's documentation (actions match in any letter case)", a, cat.name, canon))
			}
			continue
		}
		if best, _, ok := suggest.Closest(name, cat.actions, maxTypo); ok {
			l.add(at, Error, "UnknownAction", cat.name+":"+best,
				fmt.Sprintf("%s is not a %s action; did you mean %s:%s?", a, cat.name, cat.name, best))
			continue
		}
		l.add(at, Warning, "UnknownAction", "",
			fmt.Sprintf("%s is not in lint's catalogue of %s actions; check the name against the service's RAM authorization page", a, cat.name))
	}
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

func containsFold(list []string, s string) (string, bool) {
	for _, v := range list {
		if strings.EqualFold(v, s) {
			return v, true
		}
	}
	return "", false
}

// services reports service codes that are no service but a misspelling of a catalogued
// one: UnknownService, for actions and resources. A code is reported only when it is not
// a known service code, is near a catalogued service, and the rest of the value fits that
// service (rc:GetRepository, acs:rc:*:*:repository/...): near misses between the hundreds
// of real service codes (mns and ens, vpn and vpc) prove nothing.
func (l *linter) services(i int, st *statement) {
	elem := []string{actionElement(st.NotAction)}
	for j, a := range st.Actions {
		svc, name, ok := strings.Cut(a, ":")
		if !ok {
			continue
		}
		fits := func(cat *service) bool {
			_, ok := containsFold(cat.actions, name)
			return ok
		}
		if best, ok := unknownService(svc, fits); ok {
			l.add(l.loc.value(i, elem, j), Warning, "UnknownService", best+a[len(svc):],
				fmt.Sprintf("%q is not a RAM service code; did you mean %s?", svc, best))
		}
	}
	for j, r := range st.Resources {
		f := strings.SplitN(r, ":", 5)
		if len(f) < 5 || f[0] != "acs" {
			continue
		}
		typ, _, _ := strings.Cut(f[4], "/")
		fits := func(cat *service) bool {
			return contains(cat.resourceTypes, typ)
		}
		if best, ok := unknownService(f[1], fits); ok {
			l.add(l.loc.value(i, []string{"Resource"}, j), Warning, "UnknownService", "acs:"+best+r[4+len(f[1]):],
				fmt.Sprintf("%q is not a RAM service code; did you mean %s?", f[1], best))
		}
	}
}

// unknownService returns the catalogued service a code was probably meant to be: the code
// is neither catalogued nor a known service, is near the catalogued service, and the rest
// of the value fits it.
func unknownService(svc string, fits func(*service) bool) (string, bool) {
	low := strings.ToLower(svc)
	if low == "" || hasWildcard(low) || catalogue[low] != nil || contains(knownServices, low) {
		return "", false
	}
	best, _, ok := suggest.Closest(low, catalogueOrder, maxTypo)
	if !ok || !fits(catalogue[best]) {
		return "", false
	}
	return best, true
}

// catalogueOrder lists the catalogued services in a fixed order, so that a tie between
// suggestions is decided the same way every time (catalogued services first).
var catalogueOrder = []string{"cr", "ram", "sts"}
