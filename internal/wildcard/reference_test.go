package wildcard

import "unicode/utf8"

// refMatch is the obviously-correct reference: recursive matching over code points, with
// memoisation so that fuzzing does not time out. It defines the semantics the fast matcher
// must reproduce.
func refMatch(pattern, s string, fold bool) bool {
	p, t := decode(pattern), decode(s)
	if fold {
		for i := range p {
			if 'A' <= p[i] && p[i] <= 'Z' {
				p[i] += 'a' - 'A'
			}
		}
		for i := range t {
			if 'A' <= t[i] && t[i] <= 'Z' {
				t[i] += 'a' - 'A'
			}
		}
	}
	memo := map[[2]int]bool{}
	var m func(i, j int) bool
	m = func(i, j int) bool {
		k := [2]int{i, j}
		if v, ok := memo[k]; ok {
			return v
		}
		var r bool
		switch {
		case i == len(p):
			r = j == len(t)
		case p[i] == '*':
			r = m(i+1, j) || (j < len(t) && m(i, j+1))
		case j == len(t):
			r = false
		case p[i] == '?' || p[i] == t[j]:
			r = m(i+1, j+1)
		}
		memo[k] = r
		return r
	}
	return m(0, 0)
}

// decode splits s into code points, each invalid byte a distinct value of its own.
func decode(s string) []rune {
	var out []rune
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 {
			r = utf8.MaxRune + 1 + rune(s[i])
		}
		out = append(out, r)
		i += n
	}
	return out
}
