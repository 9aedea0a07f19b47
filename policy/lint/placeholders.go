package lint

import (
	"fmt"
	"strings"
)

// placeholder returns the first placeholder in s, or "": <name>, ${name}, {#name} and
// $name, the forms Alibaba's documentation and templates use for values to fill in.
// RAM has no policy variables, so each is literal text that no request carries.
func placeholder(s string) string {
	if p := placeholders(s, 1); len(p) > 0 {
		return p[0]
	}
	return ""
}

// placeholders returns up to max placeholders of s, in order.
func placeholders(s string, max int) []string {
	var out []string
	for i := 0; i < len(s) && len(out) < max; i++ {
		if p := placeholderAt(s, i); p != "" {
			out = append(out, p)
			i += len(p) - 1
		}
	}
	return out
}

// placeholderAt returns the placeholder that starts at s[i], or "". A placeholder is at
// most maxPlaceholder bytes long, which keeps the search linear in s.
func placeholderAt(s string, i int) string {
	rest := s[i:min(len(s), i+maxPlaceholder)]
	switch {
	case rest[0] == '<':
		if j := strings.IndexByte(rest, '>'); j > 1 && !strings.ContainsAny(rest[1:j], "<\"") {
			return rest[:j+1]
		}
	case strings.HasPrefix(rest, "{#"), strings.HasPrefix(rest, "${"):
		if j := strings.IndexByte(rest, '}'); j > 2 {
			return rest[:j+1]
		}
	case rest[0] == '$':
		j := 1
		for j < len(rest) && (isLetter(rest[j]) || rest[j] == '_' || j > 1 && '0' <= rest[j] && rest[j] <= '9') {
			j++
		}
		if j > 1 {
			return rest[:j]
		}
	}
	return ""
}

// maxPlaceholder is the longest placeholder recognised, in bytes.
const maxPlaceholder = 64

func isLetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

// maskedID returns the first ID masked as Alibaba's documentation masks IDs (letters or
// digits followed by four or more '*', as in 123456789012****), or "".
func maskedID(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] != '*' || i == 0 || !isAlnum(s[i-1]) {
			continue
		}
		j := i
		for j < len(s) && s[j] == '*' {
			j++
		}
		if j-i >= 4 {
			k := i
			for k > 0 && isAlnum(s[k-1]) {
				k--
			}
			return s[k:j]
		}
		i = j
	}
	return ""
}

func isAlnum(c byte) bool { return isLetter(c) || '0' <= c && c <= '9' }

// placeholders reports Placeholder and MaskedID in every value of a statement. In an
// action, resource or principal they are errors: the value matches nothing, or (a masked
// ID's '*' being a wildcard) far more than meant. In a condition value they are warnings.
func (l *linter) placeholders(i int, st *statement) {
	check := func(at func() place, v, where string, sev Severity) {
		if ps := placeholders(v, 4); len(ps) > 0 {
			what := "the placeholder " + ps[0]
			if len(ps) > 1 {
				what = "the placeholders " + strings.Join(ps, ", ")
			}
			l.add(at(), sev, "Placeholder", "",
				fmt.Sprintf("%s %q holds %s: replace it with the real value (RAM has no policy variables; it is literal text)", where, v, what))
			return
		}
		if m := maskedID(v); m != "" {
			l.add(at(), sev, "MaskedID", "",
				fmt.Sprintf("%s %q holds %s, an ID masked as documentation masks it: '*' is a wildcard here, so it matches every ID that starts with %s", where, v, m, strings.TrimRight(m, "*")))
		}
	}
	elem := actionElement(st.NotAction)
	for j, a := range st.Actions {
		check(func() place { return l.loc.value(i, []string{elem}, j) }, a, "action", Error)
	}
	for j, r := range st.Resources {
		check(func() place { return l.loc.value(i, []string{"Resource"}, j) }, r, "resource", Error)
	}
	if p := st.Principal; p != nil {
		for _, k := range principalKinds(p) {
			for j, v := range k.values {
				check(func() place { return l.loc.value(i, []string{"Principal", k.name}, j) }, v, k.name+" principal", Error)
			}
		}
	}
	for _, c := range st.Conditions {
		op := c.Operator.String()
		for j, v := range c.Values {
			check(func() place {
				return l.loc.value(i, []string{"Condition", op, c.Key}, j)
			}, v, "condition value", Warning)
		}
	}
}
