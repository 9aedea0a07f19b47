package lint

import (
	"github.com/rampolicy/ram/policy"
)

// dangerous reports Allow statements that grant too much: AllowAll, AllowRAMFullAccess,
// AllowPassRoleAll, NotActionWithAllow. A statement gets the widest of the first three
// that applies, not all of them.
func (l *linter) dangerous(i int, st *statement) {
	if st.Effect != policy.EffectAllow {
		return
	}
	if st.NotAction {
		l.add(l.loc.stmt(i), SecurityWarning, "NotActionWithAllow", "",
			"Allow with NotAction allows every action not listed, of every service, including actions added later; list the actions to allow instead")
		return
	}
	note := ""
	if len(st.Conditions) > 0 {
		note = " (only its conditions limit it)"
	}
	// Every action is service:Name and every resource acs:service:region:account:resource,
	// so "*:*" and "acs:*:*:*:*" stand for all of them.
	anyAction := func(a string) bool { return covers(a, "*:*", true) }
	if l.grants(i, st, anyAction, "acs:*:*:*:*", SecurityWarning, "AllowAll",
		"the statement allows every action on every resource: full administrator access"+note) {
		return
	}
	if l.grants(i, st, func(a string) bool { return covers(a, "ram:*", true) }, "acs:ram:*:*:*", SecurityWarning, "AllowRAMFullAccess",
		"the statement allows ram:* on every RAM resource: whoever holds it can grant itself any permission"+note) {
		return
	}
	l.grants(i, st, func(a string) bool { return covers(a, "ram:PassRole", true) }, "acs:ram:*:*:role/*", SecurityWarning, "AllowPassRoleAll",
		"the statement allows ram:PassRole on every role: whoever holds it can hand any role, with all its permissions, to a service it controls"+note)
}

// grants reports, at the first action that passes hit, when some resource covers every
// resource that pattern all matches.
func (l *linter) grants(i int, st *statement, hit func(string) bool, all string, sev Severity, code, msg string) bool {
	wide := false
	for _, r := range st.Resources {
		wide = wide || covers(r, all, false)
	}
	if !wide {
		return false
	}
	for j, a := range st.Actions {
		if hit(a) {
			l.add(l.loc.value(i, []string{"Action"}, j), sev, code, "", msg)
			return true
		}
	}
	return false
}
