package eval

import (
	"strings"

	"github.com/rampolicy/ram/internal/wildcard"
)

// PolicySet is a compiled, indexed set of policies: the unit of one evaluation step
// (a principal's identity policies, a session policy, one control-policy level, a
// resource policy). It is immutable and safe for concurrent use; a nil *PolicySet is an
// empty set.
//
// The index lets a decision look only at statements that could match. Each statement is
// filed under exactly one key, chosen at compile time as the most selective it has:
//
//   - byAction: the exact action, when every action of the statement is a literal;
//   - byService: the service, when every action's service is a literal (cr:Get*);
//   - byToken: for every resource pattern, one complete token of its literal text. A token
//     is a run between ':' and '/' that the pattern spells out with a delimiter (or the
//     pattern's anchored start or end) on both sides, so every matching resource holds it
//     as a whole token: acs:cr:*:123:repository/ns7/* is filed under "ns7";
//   - always: statements with none of these (NotAction, '*' actions with '*' resources).
//
// A decision therefore visits the statements filed under its action, its service and its
// resource's tokens, and the always list; its cost does not grow with statements that
// cannot match.
type PolicySet struct {
	names     []string
	stmts     []statement
	byAction  map[string][]int32
	byService map[string][]int32
	byToken   map[string][]int32
	always    []int32
}

func isDelim(c byte) bool { return c == ':' || c == '/' }

// completeTokens returns the tokens of a pattern that every matching text holds whole.
func completeTokens(p *wildcard.Pattern) []string {
	runs, aStart, aEnd := p.Segments()
	var out []string
	for i, run := range runs {
		startOK := i == 0 && aStart
		endOK := i == len(runs)-1 && aEnd
		parts := strings.FieldsFunc(run, func(r rune) bool { return r == ':' || r == '/' })
		// Map each part back to its place in run to see what bounds it.
		pos := 0
		for _, part := range parts {
			j := strings.Index(run[pos:], part) + pos
			pos = j + len(part)
			leftOK := j > 0 && isDelim(run[j-1]) || j == 0 && startOK
			rightOK := pos < len(run) && isDelim(run[pos]) || pos == len(run) && endOK
			if leftOK && rightOK {
				out = append(out, part)
			}
		}
	}
	return out
}

// indexKeys lists the candidate keys of a statement in each dimension; nil means the
// statement cannot be filed in that dimension.
type indexKeys struct {
	actions, services, tokens []string
}

func keysOf(s *statement) indexKeys {
	var k indexKeys
	if !s.notAction {
		exact, svc := true, true
		for i := range s.actions {
			lit, ok := s.actions[i].Literal()
			if !ok {
				exact = false
			} else {
				k.actions = append(k.actions, lit)
			}
			prefix := s.actions[i].LiteralPrefix()
			name, _, hasColon := strings.Cut(prefix, ":")
			if !hasColon {
				svc = false
			} else {
				k.services = appendUnique(k.services, name)
			}
		}
		if !exact {
			k.actions = nil
		}
		if !svc {
			k.services = nil
		}
	}
	if !s.anyRes {
		for i := range s.resources {
			toks := completeTokens(&s.resources[i])
			if len(toks) == 0 {
				k.tokens = nil
				break
			}
			// One token per pattern is enough; the choice is made later by frequency.
			k.tokens = append(k.tokens, strings.Join(toks, "\x00"))
		}
	}
	return k
}

func appendUnique(list []string, s string) []string {
	for _, v := range list {
		if v == s {
			return list
		}
	}
	return append(list, s)
}

func (ps *PolicySet) buildIndex() {
	keys := make([]indexKeys, len(ps.stmts))
	freqAction, freqService, freqToken := map[string]int{}, map[string]int{}, map[string]int{}
	for i := range ps.stmts {
		keys[i] = keysOf(&ps.stmts[i])
		for _, a := range keys[i].actions {
			freqAction[a]++
		}
		for _, s := range keys[i].services {
			freqService[s]++
		}
		for _, t := range keys[i].tokens {
			for _, tok := range strings.Split(t, "\x00") {
				freqToken[tok]++
			}
		}
	}
	ps.byAction, ps.byService, ps.byToken = map[string][]int32{}, map[string][]int32{}, map[string][]int32{}
	for i := range ps.stmts {
		k := keys[i]
		// Cost of each filing: how many statements share the buckets it would be found in.
		const none = int(^uint(0) >> 1)
		costA, costS, costT := none, none, none
		var toks []string
		if k.actions != nil {
			costA = 0
			for _, a := range k.actions {
				costA += freqAction[a]
			}
		}
		if k.services != nil {
			costS = 0
			for _, s := range k.services {
				costS += freqService[s]
			}
		}
		if k.tokens != nil {
			costT = 0
			for _, t := range k.tokens {
				best := ""
				for _, tok := range strings.Split(t, "\x00") {
					if best == "" || freqToken[tok] < freqToken[best] {
						best = tok
					}
				}
				toks = appendUnique(toks, best)
				costT += freqToken[best]
			}
		}
		id := int32(i)
		switch {
		case costA == none && costS == none && costT == none:
			ps.always = append(ps.always, id)
		case costA <= costS && costA <= costT:
			for _, a := range k.actions {
				ps.byAction[a] = appendID(ps.byAction[a], id)
			}
		case costS <= costT:
			for _, s := range k.services {
				ps.byService[s] = appendID(ps.byService[s], id)
			}
		default:
			for _, t := range toks {
				ps.byToken[t] = appendID(ps.byToken[t], id)
			}
		}
	}
}

func appendID(list []int32, id int32) []int32 {
	if n := len(list); n > 0 && list[n-1] == id {
		return list
	}
	return append(list, id)
}
