package analyze

import "unicode"

// The validity automata of the request fields the analysis ranges over.

// anyString: every string (context values), or every non-empty one.
type anyString struct{ nonEmpty bool }

func (anyString) start() int          { return 0 }
func (anyString) step(int, rune) int  { return 1 }
func (a anyString) accept(s int) bool { return s == 1 || !a.nonEmpty }
func (anyString) literals() string    { return "" }
func (anyString) classes() []func(rune) bool {
	return []func(rune) bool{func(rune) bool { return true }}
}

// actionValid: a request action as package eval accepts it: SERVICE:NAME, SERVICE of
// ASCII letters, digits and '-', NAME non-empty without ':', '*', '?' or white space,
// and ASCII unless the evaluator accepts more (see probe.go). Letters are folded by every action pattern, so only lower-case letters serve as
// representatives (an upper-case letter behaves as its lower-case form everywhere).
type actionValid struct{}

func isServiceByte(r rune) bool {
	return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9' || r == '-'
}

func isNameByte(r rune) bool {
	if r >= 0x80 {
		return nonASCIIActions && !unicode.IsSpace(r)
	}
	return r != ':' && r != '*' && r != '?' && r != ' ' && !('\t' <= r && r <= '\r')
}

func (actionValid) start() int { return 0 }
func (actionValid) step(s int, r rune) int {
	switch s {
	case 0:
		if isServiceByte(r) {
			return 1
		}
	case 1:
		if isServiceByte(r) {
			return 1
		}
		if r == ':' {
			return 2
		}
	case 2, 3:
		if isNameByte(r) {
			return 3
		}
	}
	return -1
}
func (actionValid) accept(s int) bool { return s == 3 }
func (actionValid) literals() string  { return ":" }
func (actionValid) classes() []func(rune) bool {
	return []func(rune) bool{
		func(r rune) bool { return 'a' <= r && r <= 'z' || '0' <= r && r <= '9' || r == '-' },
		func(r rune) bool { return r < 0x80 && isNameByte(r) && !isServiceByte(r) },
		func(r rune) bool { return r >= 0x80 && isNameByte(r) },
	}
}

// ramPrefix is the prefix of resources matched ASCII-case-insensitively (semantics.md,
// "Names of RAM entities"): resources of service ram.
const ramPrefix = "acs:ram:"

// resourceValid: a non-empty resource; ram selects the resources that start with
// ramPrefix, !ram the others. States 0..len(ramPrefix) count the prefix read so far;
// diverged is a resource that left the prefix.
type resourceValid struct{ ram bool }

const diverged = len(ramPrefix) + 1

func (resourceValid) start() int { return 0 }
func (v resourceValid) step(s int, r rune) int {
	switch {
	case s == diverged:
		return diverged
	case s == len(ramPrefix):
		if v.ram {
			return s
		}
		return -1
	case r == rune(ramPrefix[s]) || ramServiceFolds && 4 <= s && s < 7 && unicode.ToLower(r) == rune(ramPrefix[s]) && r < 0x80:
		if s+1 == len(ramPrefix) && !v.ram {
			return -1
		}
		return s + 1
	}
	if v.ram {
		return -1
	}
	return diverged
}
func (v resourceValid) accept(s int) bool {
	if v.ram {
		return s == len(ramPrefix)
	}
	return s > 0
}
func (resourceValid) literals() string { return ramPrefix + "ACSRAM" }
func (resourceValid) classes() []func(rune) bool {
	return []func(rune) bool{func(rune) bool { return true }}
}

// principalValid: the ARN of a RAM caller that a Request may name and whose
// acs:PrincipalARN is itself: acs:ram::UID:root, acs:ram::UID:user/NAME or
// acs:ram::UID:role/NAME (a role ARN stands for a session of the role). Names are
// non-empty, without '/', '*', '?', control characters or white space (arn.Parse).
type principalValid struct{}

// The states after "acs:ram::" (states 0..9 read it).
const (
	pvAcct1 = 9 + iota // first account digit
	pvAcct             // more digits or ':'
	pvRest             // after the account's ':'
	pvR
	pvRo
	pvRoo
	pvRoot // accepting
	pvRol
	pvRole
	pvU
	pvUs
	pvUse
	pvUser
	pvName1 // first name character
	pvName  // accepting
)

const principalPrefix = "acs:ram::"

func isNameRune(r rune) bool {
	return r != '/' && r != '*' && r != '?' && !unicode.IsControl(r) && !unicode.IsSpace(r)
}

func (principalValid) start() int { return 0 }
func (principalValid) step(s int, r rune) int {
	if s < len(principalPrefix) {
		if r == rune(principalPrefix[s]) {
			if s+1 == len(principalPrefix) {
				return pvAcct1
			}
			return s + 1
		}
		return -1
	}
	switch s {
	case pvAcct1, pvAcct:
		if '0' <= r && r <= '9' {
			return pvAcct
		}
		if r == ':' && s == pvAcct {
			return pvRest
		}
		return -1
	case pvName1, pvName:
		if isNameRune(r) {
			return pvName
		}
		return -1
	case pvRoot:
		return -1
	}
	if n, ok := principalTrie[s][r]; ok {
		return n
	}
	return -1
}
func (principalValid) accept(s int) bool { return s == pvRoot || s == pvName }
func (principalValid) literals() string  { return principalPrefix + "rootuserl/:" }
func (principalValid) classes() []func(rune) bool {
	return []func(rune) bool{
		func(r rune) bool { return '0' <= r && r <= '9' },
		func(r rune) bool { return isNameRune(r) && !('0' <= r && r <= '9') },
	}
}

// principalTrie spells root, user/ and role/ after the account.
var principalTrie = map[int]map[rune]int{
	pvRest: {'r': pvR, 'u': pvU}, pvR: {'o': pvRo}, pvRo: {'o': pvRoo, 'l': pvRol},
	pvRoo: {'t': pvRoot}, pvRol: {'e': pvRole}, pvRole: {'/': pvName1},
	pvU: {'s': pvUs}, pvUs: {'e': pvUse}, pvUse: {'r': pvUser}, pvUser: {'/': pvName1},
}

// both accepts the strings two automata accept.
type both struct{ a, b validity }

const bothShift = 1 << 20 // states of b stay below it (sameAccount's do)

func (v both) start() int { return v.a.start()*bothShift + v.b.start() }
func (v both) step(s int, r rune) int {
	x, y := v.a.step(s/bothShift, r), v.b.step(s%bothShift, r)
	if x < 0 || y < 0 {
		return -1
	}
	return x*bothShift + y
}
func (v both) accept(s int) bool { return v.a.accept(s/bothShift) && v.b.accept(s%bothShift) }
func (v both) literals() string  { return v.a.literals() + v.b.literals() }
func (v both) classes() []func(rune) bool {
	return []func(rune) bool{func(rune) bool { return true }} // both use one class: every rune
}

// sameAccount accepts the resources in account's own account as eval reads them: not
// an ARN ("acs:" does not start it), fewer than four colons, or an account field (between
// the third and fourth colon) that is empty, "*", the account, or "system" in a RAM
// resource. Any other account makes the request cross-account, which a principal's
// policies alone never allow.
type sameAccount struct{ account string }

// States: 0..3 read "acs:" so far; 4 free (not an ARN, or past the account field);
// 10+k: after "acs:" with k more colons (k < 2); field states encode the read length
// and which words are still possible.
const (
	saFree   = 4
	saColons = 10
	saField  = 100 // + 8*len + mask (mask: bit0 "", bit1 "*", bit2 account, bit3 system)
	saRAMBit = 1 << 18
)

func (v sameAccount) words(ram bool) []string {
	w := []string{"", "*", v.account}
	if ram {
		w = append(w, "system")
	}
	return w
}

func (v sameAccount) start() int { return 0 }
func (v sameAccount) step(s int, r rune) int {
	ram := s&saRAMBit != 0
	s &^= saRAMBit
	tag := func(n int) int {
		if ram {
			return n | saRAMBit
		}
		return n
	}
	switch {
	case s < 4:
		if r == rune("acs:"[s]) {
			if s == 3 {
				return saColons
			}
			return s + 1
		}
		return saFree
	case s == saFree:
		return saFree
	case s >= saColons && s < saField:
		// Track "ram:" as the service, for the system account.
		k := (s - saColons) % 10
		prog := (s - saColons) / 10 // progress on "ram:" within the service field, 4 = no
		if r == ':' {
			if k == 0 && prog == 3 {
				ram = true
			}
			if k == 1 {
				return tag(saField + 15) // len 0, every word possible
			}
			return tag(saColons + k + 1)
		}
		if k == 0 && prog < 3 && r == rune("ram"[prog]) {
			return tag(saColons + k + 10*(prog+1))
		}
		if k == 0 {
			return tag(saColons + 40)
		}
		return tag(s)
	case s >= saField:
		n, mask := (s-saField)/16, (s-saField)%16
		if r == ':' {
			for i, w := range v.words(ram) {
				if mask&(1<<i) != 0 && len(w) == n {
					return saFree
				}
			}
			return -1 // another account: cross-account
		}
		next := 0
		for i, w := range v.words(ram) {
			if mask&(1<<i) != 0 && n < len(w) && rune(w[n]) == r {
				next |= 1 << i
			}
		}
		if n+1 >= 1<<12 {
			return tag(saField + (1<<12)*16) // too long for any word; keeps the state finite
		}
		return tag(saField + (n+1)*16 + next)
	}
	return -1
}
func (v sameAccount) accept(int) bool  { return true } // ending before the account field's colon is fine
func (v sameAccount) literals() string { return "acs:ram:*system" + v.account }
func (v sameAccount) classes() []func(rune) bool {
	return []func(rune) bool{func(rune) bool { return true }}
}
