package lint

import (
	"fmt"
	"slices"
	"strings"
	"unicode"

	"github.com/rampolicy/ram/internal/wildcard"
	"github.com/rampolicy/ram/policy"
)

// covers reports whether every string that pattern q matches is matched by pattern p.
// It is sound, not complete: true is a proof, false proves nothing. It matches p against
// q's characters where q's own wildcards are symbols that only p's '*' may absorb (and q's
// '?' also p's '?'); a match means every way of filling q's wildcards matches p. fold
// compares ASCII letters case-insensitively, as action matching does. Patterns whose
// product of lengths exceeds maxCells are not compared (false).
func covers(p, q string, fold bool) bool {
	if p == q || fold && strings.EqualFold(p, q) {
		return true
	}
	if strings.Trim(p, "*") == "" && p != "" {
		return true
	}
	if !hasWildcard(q) {
		pc := wildcard.Compile(p, fold)
		return pc.Match(q)
	}
	pr, qr := []rune(p), []rune(q)
	if len(pr)*len(qr) > maxCells {
		return false
	}
	eq := func(a, b rune) bool {
		return a == b || fold && a < 0x80 && b < 0x80 && unicode.ToLower(a) == unicode.ToLower(b)
	}
	// prev[j] / cur[j]: p[:i] covers q[:j].
	prev := make([]bool, len(qr)+1)
	cur := make([]bool, len(qr)+1)
	prev[0] = true
	for i := 1; i <= len(pr); i++ {
		cur[0] = prev[0] && pr[i-1] == '*'
		for j := 1; j <= len(qr); j++ {
			switch c := pr[i-1]; c {
			case '*':
				cur[j] = prev[j] || cur[j-1]
			case '?':
				cur[j] = prev[j-1] && qr[j-1] != '*'
			default:
				cur[j] = prev[j-1] && qr[j-1] != '*' && qr[j-1] != '?' && eq(c, qr[j-1])
			}
		}
		prev, cur = cur, prev
	}
	return prev[len(qr)]
}

// maxCells bounds the work of one covers comparison of two patterns with wildcards.
const maxCells = 1 << 16

// maxWork bounds the work of all covers comparisons of one Lint, in characters compared:
// more than a document within RAM's size limits can need ((6,144 characters)² < 2²⁶), so
// only a huge document built in code stops early, reporting less redundancy, never more.
const maxWork = 1 << 26

// spend charges n units of work to the Lint and reports whether its budget (maxWork)
// still holds. Once it is spent the pairwise checks stop: they then report less, never
// something wrong.
func (l *linter) spend(n int) bool {
	l.work += n
	return l.work <= maxWork
}

// covers is covers, charged to the Lint's work budget; once it is spent, nothing more
// is proved covered.
func (l *linter) covers(p, q string, fold bool) bool {
	n := len(p) + len(q)
	if hasWildcard(q) {
		n += min(len(p)*len(q), maxCells)
	}
	return l.spend(n) && covers(p, q, fold)
}

// duplicates reports repeated and covered values within one statement: DuplicateAction,
// RedundantAction, DuplicateResource, RedundantResource. Each value is reported once, at
// its later occurrence (or at the covered value).
func (l *linter) duplicates(i int, st *statement) {
	l.dupList(i, []string{actionElement(st.NotAction)}, st.Actions, true, "Action", "action")
	l.dupList(i, []string{"Resource"}, st.Resources, false, "Resource", "resource")
}

func (l *linter) dupList(i int, path []string, vals []string, fold bool, code, what string) {
	for j, v := range vals {
		for k, w := range vals {
			if !l.spend(1 + len(v) + len(w)) {
				return
			}
			if k == j {
				continue
			}
			same := v == w || fold && strings.EqualFold(v, w)
			if same && k < j {
				l.add(l.loc.value(i, path, j), Warning, "Duplicate"+code, "",
					fmt.Sprintf("%s %q is listed twice in the statement (also at %s)", what, v, l.loc.value(i, path, k).ptr))
				break
			}
			if !same && l.covers(w, v, fold) {
				l.add(l.loc.value(i, path, j), Suggestion, "Redundant"+code, "",
					fmt.Sprintf("%s %q is covered by %q in the same statement", what, v, w))
				break
			}
		}
	}
}

// statements compares statements in pairs: DuplicateStatement, RedundantStatement. A
// statement is reported once, against the first statement that covers it.
func (l *linter) statements() {
	sts := l.doc.Statements
	for j := range sts {
		b := &sts[j]
		dup := false
		for k := 0; k < j && !dup; k++ {
			if !l.spend(pairCost(&sts[k], b)) {
				return
			}
			if equalStatements(&sts[k], b) {
				l.add(l.loc.stmt(j), Warning, "DuplicateStatement", "",
					fmt.Sprintf("the statement repeats %s", stmtPointer(k)))
				dup = true
			}
		}
		for k := range sts {
			if dup || k == j {
				continue
			}
			if !l.spend(pairCost(&sts[k], b)) {
				return
			}
			a := &sts[k]
			// Mutual cover (equal up to spelling) is reported once, on the later statement;
			// an equal statement is a duplicate of the earlier one, reported above.
			if !equalStatements(a, b) && l.coversStatement(a, b) && (k < j || !l.coversStatement(b, a)) {
				l.add(l.loc.stmt(j), Warning, "RedundantStatement", "",
					fmt.Sprintf("the statement is redundant: %s has the same effect, no condition, and covers all its actions, resources and principals", stmtPointer(k)))
				break
			}
		}
	}
}

// pairCost is the work of comparing two statements: their lists compared pairwise.
func pairCost(a, b *statement) int {
	n := 1 + len(a.Actions)*len(b.Actions) + len(a.Resources)*len(b.Resources) + len(a.Conditions)*len(b.Conditions)
	if a.Principal != nil && b.Principal != nil {
		n += len(a.Principal.RAM)*len(b.Principal.RAM) + len(a.Principal.Service)*len(b.Principal.Service) +
			len(a.Principal.Federated)*len(b.Principal.Federated)
	}
	return n
}

// coversStatement reports whether statement a decides every request b decides, the same
// way: same effect, no conditions on a, both with Action (not NotAction), and a covering
// each of b's actions, resources and principals.
func (l *linter) coversStatement(a, b *statement) bool {
	if a.Effect != b.Effect || len(a.Conditions) > 0 || a.NotAction || b.NotAction {
		return false
	}
	if (a.Resources == nil) != (b.Resources == nil) || (a.Principal == nil) != (b.Principal == nil) {
		return false
	}
	if !l.coversAll(a.Actions, b.Actions, true) || !l.coversAll(a.Resources, b.Resources, false) {
		return false
	}
	if a.Principal != nil {
		pa, pb := principalKinds(a.Principal), principalKinds(b.Principal)
		for n := range pa {
			for _, v := range pb[n].values {
				if !slices.Contains(pa[n].values, v) && !(pa[n].name == "RAM" && slices.Contains(pa[n].values, "*")) {
					return false
				}
			}
		}
	}
	return true
}

func (l *linter) coversAll(a, b []string, fold bool) bool {
	for _, q := range b {
		ok := false
		for _, p := range a {
			if l.covers(p, q, fold) {
				ok = true
				break
			}
		}
		if !ok {
			return false
		}
	}
	return true
}

// equalStatements reports whether two statements say the same thing: Sid and positions
// aside, the same effect, values (as sets; actions in any letter case), principals and
// conditions.
func equalStatements(a, b *statement) bool {
	if a.Effect != b.Effect || a.NotAction != b.NotAction || (a.Principal == nil) != (b.Principal == nil) ||
		(a.Resources == nil) != (b.Resources == nil) {
		return false
	}
	if !sameSet(a.Actions, b.Actions, true) || !sameSet(a.Resources, b.Resources, false) {
		return false
	}
	if a.Principal != nil {
		pa, pb := principalKinds(a.Principal), principalKinds(b.Principal)
		for n := range pa {
			if !sameSet(pa[n].values, pb[n].values, false) {
				return false
			}
		}
	}
	return sameConditions(a.Conditions, b.Conditions)
}

func sameSet(a, b []string, fold bool) bool {
	return subset(a, b, fold) && subset(b, a, fold)
}

func subset(a, b []string, fold bool) bool {
	for _, x := range a {
		if !slices.ContainsFunc(b, func(y string) bool { return x == y || fold && strings.EqualFold(x, y) }) {
			return false
		}
	}
	return true
}

func sameConditions(a, b []policy.Condition) bool {
	match := func(x, y policy.Condition) bool {
		return x.Operator == y.Operator && strings.EqualFold(x.Key, y.Key) && sameSet(x.Values, y.Values, false)
	}
	for _, x := range a {
		if !slices.ContainsFunc(b, func(y policy.Condition) bool { return match(x, y) }) {
			return false
		}
	}
	for _, y := range b {
		if !slices.ContainsFunc(a, func(x policy.Condition) bool { return match(x, y) }) {
			return false
		}
	}
	return true
}
