package eval

import (
	"slices"
	"unicode"
	"unicode/utf8"

	"github.com/rampolicy/ram/internal/condval"
)

// Context holds a request's condition keys and their values. Keys are matched
// case-insensitively (two keys are one when strings.ToLower makes them equal); a key may
// hold several values, or none. The zero Context is empty and ready to use.
//
// A Context is a value, like a string: assigning or passing one copies it, and the copies
// are independent. A change to one, by any method, is never seen by the other, so a
// service may keep a base Context and derive one per request from it, on any number of
// goroutines, as long as each goroutine changes only its own copy. Set and Add keep
// nothing of the slices they are given, and Get returns a slice of its own.
//
// The first few keys with one value each (acs:SourceIp, acs:SecureTransport, ...) are
// held inside the Context itself, so building the usual request context allocates
// nothing. Further keys, and keys with several values, live in storage that copies share
// and that is never written once shared: a change to it writes new storage (copy on
// write). Adding keys one at a time past the inline ones therefore costs time in the
// number of keys for each key added; a Context is meant for the few keys of one request
// (Request.Validate accepts at most MaxContextKeys).
type Context struct {
	n      int                  // keys held in inline
	inline [inlineKeys]ctxEntry // the first keys, in the order they were first set
	more   []ctxEntry           // the keys after them, in order; never written in place
}

// inlineKeys is how many keys a Context holds without allocating: what a registry or
// gateway request usually carries (source IP, TLS, time, user agent).
const inlineKeys = 4

// ctxEntry is one key and its values.
type ctxEntry struct {
	name  string    // the key as first set
	one   [1]string // the value, when the key has exactly one (many is nil)
	many  []string  // the values otherwise (noValues when none); never written in place
	ascii bool      // name is ASCII: compared eight bytes at a time
	// plain is plainKey(name), worked out when the key is set: Validate's fast pass,
	// which runs on every decision, reads it instead of the key.
	plain bool
	// ipv4 says the entry holds one value and it is an IPv4 address
	// (condval.ParseIPv4), v4 its number: read when the key is set, so that decisions on
	// a Context built beforehand do not read acs:SourceIp again for each IpAddress
	// condition. The two fit in the padding after the flags: an entry stays 64 bytes.
	ipv4 bool
	v4   uint32
}

// oneEntry makes an entry of name holding the one value v.
func oneEntry(name string, ascii bool, v string) ctxEntry {
	e := ctxEntry{name: name, one: [1]string{v}, ascii: ascii, plain: plainKey(name)}
	e.v4, e.ipv4 = condval.ParseIPv4(v)
	return e
}

// noValues is the many of a key present with no values: empty but not nil.
var noValues = []string{}

// values returns the entry's values. The slice is the Context's own: read it, never
// change it.
func (e *ctxEntry) values() []string {
	if e.many != nil {
		return e.many
	}
	return e.one[:]
}

// newEntry makes an entry of name holding a copy of values; ascii says whether name is
// ASCII.
func newEntry(name string, ascii bool, values []string) ctxEntry {
	if len(values) == 1 {
		return oneEntry(name, ascii, values[0])
	}
	e := ctxEntry{name: name, ascii: ascii, plain: plainKey(name)}
	switch len(values) {
	case 0:
		e.many = noValues
	default:
		e.many = slices.Clone(values)
	}
	return e
}

// NewContext builds a Context from a map. Keys that differ only in letter case are merged,
// in the order of the sorted keys, so the result does not depend on map iteration order.
func NewContext(m map[string][]string) Context {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var c Context
	for _, k := range keys {
		c.Add(k, m[k]...)
	}
	return c
}

// Set replaces the values of key with a copy of values; a key set with no values is
// present with none. A key already present keeps the spelling it was first set with.
func (c *Context) Set(key string, values ...string) {
	i, ascii := c.find(key)
	if i < 0 && len(values) == 1 && c.n < inlineKeys {
		// The usual call, a new key with one value while there is room inline: the entry
		// written in place (append(newEntry(...)) builds it and copies it).
		e := &c.inline[c.n]
		*e = ctxEntry{name: key, one: [1]string{values[0]}, ascii: ascii, plain: plainKey(key)}
		if v := values[0]; uint(len(v)-7) <= 15-7 { // as long as 0.0.0.0 to 255.255.255.255
			e.v4, e.ipv4 = condval.ParseIPv4(v) // (skipping the call for "true", dates, ARNs)
		}
		c.n++
		return
	}
	if i >= 0 {
		old := c.entry(i)
		c.put(i, newEntry(old.name, old.ascii, values))
		return
	}
	c.append(newEntry(key, ascii, values))
}

// Add appends a copy of values to those of key, adding the key if it is absent.
func (c *Context) Add(key string, values ...string) {
	i, ascii := c.find(key)
	if i < 0 {
		c.append(newEntry(key, ascii, values))
		return
	}
	if len(values) == 0 {
		return
	}
	old := c.entry(i)
	have := old.values()
	if len(have) == 0 {
		c.put(i, newEntry(old.name, old.ascii, values))
		return
	}
	all := make([]string, 0, len(have)+len(values))
	all = append(append(all, have...), values...)
	c.put(i, ctxEntry{name: old.name, many: all, ascii: old.ascii, plain: old.plain})
}

// Get returns a copy of the values of key, matched case-insensitively, and whether the
// key is present.
func (c *Context) Get(key string) ([]string, bool) {
	if i, _ := c.find(key); i >= 0 {
		return slices.Clone(c.entry(i).values()), true
	}
	return nil, false
}

// Len returns the number of keys.
func (c *Context) Len() int { return c.n + len(c.more) }

// Keys returns the keys as they were first set, in the order they were first set.
func (c *Context) Keys() []string {
	out := make([]string, c.Len())
	for i := range out {
		out[i] = c.entry(i).name
	}
	return out
}

// entry returns the i-th key's entry, for reading only.
func (c *Context) entry(i int) *ctxEntry {
	if i < c.n {
		return &c.inline[i]
	}
	return &c.more[i-c.n]
}

// put replaces the i-th entry: in place when it is inline (the Context's own memory),
// else in a new copy of the shared storage.
func (c *Context) put(i int, e ctxEntry) {
	if i < c.n {
		c.inline[i] = e
		return
	}
	more := slices.Clone(c.more)
	more[i-c.n] = e
	c.more = more
}

// append adds an entry after the others. The shared storage is never appended to in
// place: another copy may hold the same array with room after its end.
func (c *Context) append(e ctxEntry) {
	if c.n < inlineKeys {
		c.inline[c.n] = e // more is empty until inline is full
		c.n++
		return
	}
	more := make([]ctxEntry, len(c.more), len(c.more)+1)
	copy(more, c.more)
	c.more = append(more, e)
}

// find returns the index of key's entry, or -1, and whether key is ASCII.
func (c *Context) find(key string) (int, bool) {
	ascii := isASCII(key)
	for i := range c.Len() {
		e := c.entry(i)
		if e.ascii && ascii {
			// Two ASCII keys are one only if they are as long.
			if len(e.name) == len(key) && asciiFoldEqual(e.name, key) {
				return i, ascii
			}
		} else if keysEqual(e.name, key) {
			return i, ascii
		}
	}
	return -1, ascii
}

// lookup returns the values of a key given lower-cased (strings.ToLower), as the compiled
// conditions hold their keys. It allocates nothing; the slice is the Context's own.
func (c *Context) lookup(lk string) ([]string, bool) {
	if e := c.lookupEntry(lk); e != nil {
		return e.values(), true
	}
	return nil, false
}

// lookupEntry returns the entry of the key that lower-cases to lk, or nil. The entry is
// the Context's own: read it, never change it.
func (c *Context) lookupEntry(lk string) *ctxEntry {
	for i := range c.n {
		// is, spelled out for the inline keys (it is not inlined): the length first.
		e := &c.inline[i]
		if e.ascii {
			if len(e.name) != len(lk) || !asciiLowerIs(e.name, lk) {
				continue
			}
		} else if !keysEqual(e.name, lk) {
			continue
		}
		return e
	}
	for i := range c.more {
		if c.more[i].is(lk) {
			return &c.more[i]
		}
	}
	return nil
}

// is reports whether the entry's key lower-cases to lk. An ASCII key lower-cases to an
// ASCII string as long as itself, so it is lk only if as long as lk, and then only if
// each of its bytes lower-cases to lk's (a byte of lk outside ASCII equals none of them).
// The length is compared here, where it is inlined: most keys differ in length.
func (e *ctxEntry) is(lk string) bool {
	if e.ascii {
		return len(e.name) == len(lk) && asciiLowerIs(e.name, lk)
	}
	return keysEqual(e.name, lk)
}

// asciiLowerIs reports whether lower-casing the ASCII letters of a, which is ASCII, gives
// b, as long as a: eight bytes at a time, lower-casing a's side only (b is lower case
// already, or it cannot be equal).
func asciiLowerIs(a, b string) bool {
	b = b[:len(a)]
	if len(a) < 8 {
		for i := 0; i < len(a); i++ {
			if lowerASCII[a[i]] != b[i] {
				return false
			}
		}
		return true
	}
	for i := 0; i < len(a)-8; i += 8 {
		if lowerWord(load64(a, i)) != load64(b, i) {
			return false
		}
	}
	return lowerWord(load64(a, len(a)-8)) == load64(b, len(a)-8) // overlapping the word before
}

// isASCII reports whether s holds only ASCII bytes.
func isASCII(s string) bool {
	var acc uint64
	if len(s) < 8 {
		for i := 0; i < len(s); i++ {
			acc |= uint64(s[i])
		}
	} else {
		for i := 0; i < len(s)-8; i += 8 {
			acc |= load64(s, i)
		}
		acc |= load64(s, len(s)-8) // the last word, overlapping the one before
	}
	return acc&(ones*0x80) == 0
}

// asciiFoldEqual reports whether a and b, as long as each other with a ASCII, are equal
// once their ASCII letters are lower-cased, eight bytes at a time. A byte of b outside
// ASCII keeps its high bit through lowerWord, so it never equals a byte of a.
func asciiFoldEqual(a, b string) bool {
	b = b[:len(a)]
	if len(a) < 8 {
		for i := 0; i < len(a); i++ {
			if x, y := a[i], b[i]; x != y && (y >= utf8.RuneSelf || lowerASCII[x] != lowerASCII[y]) {
				return false
			}
		}
		return true
	}
	for i := 0; i < len(a)-8; i += 8 {
		if x, y := load64(a, i), load64(b, i); x != y && lowerWord(x) != lowerWord(y) {
			return false
		}
	}
	// The last word, overlapping the one before: its first bytes are equal already.
	x, y := load64(a, len(a)-8), load64(b, len(a)-8)
	return x == y || lowerWord(x) == lowerWord(y)
}

const ones = 0x0101010101010101

// load64 reads eight bytes of s from i, little-endian (the compiler makes it one load).
func load64(s string, i int) uint64 {
	s = s[i : i+8]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

// lowerWord lower-cases the ASCII letters among eight bytes. For a byte b below 0x80,
// b+(0x80-'A') has its high bit set when b >= 'A', and b+(0x80-'Z'-1) when b > 'Z', with
// no carry into the next byte; the difference marks the upper-case letters, whose 0x20
// bit is then set. Bytes of 0x80 and up keep their high bit, whatever the carries do.
func lowerWord(x uint64) uint64 {
	upper := (x + ones*(0x80-'A')) &^ (x + ones*(0x80-'Z'-1)) & (ones * 0x80)
	return x | upper>>2
}

// keysEqual reports whether strings.ToLower(a) == strings.ToLower(b), folding on the fly
// instead of lower-casing into new strings: ASCII bytes by table, the rest rune by rune.
// (strings.ToLower maps each rune with unicode.ToLower, and an invalid byte to U+FFFD,
// which is what decoding yields for it; and lower-casing is idempotent, so a key
// lower-cased beforehand compares the same.)
func keysEqual(a, b string) bool {
	n := min(len(a), len(b))
	for i := 0; i < n; i++ {
		ca, cb := a[i], b[i]
		if ca|cb >= utf8.RuneSelf {
			return runesFoldEqual(a[i:], b[i:])
		}
		if ca != cb && lowerASCII[ca] != lowerASCII[cb] {
			return false
		}
	}
	// Equal so far, in ASCII; any rest lower-cases to at least one more rune.
	return len(a) == len(b)
}

// runesFoldEqual is keysEqual for strings that are not both ASCII.
func runesFoldEqual(a, b string) bool {
	for a != "" && b != "" {
		ra, na := utf8.DecodeRuneInString(a)
		rb, nb := utf8.DecodeRuneInString(b)
		if ra != rb && unicode.ToLower(ra) != unicode.ToLower(rb) {
			return false
		}
		a, b = a[na:], b[nb:]
	}
	return a == "" && b == ""
}

// lowerASCII maps each ASCII byte to its lower case.
var lowerASCII = func() (t [utf8.RuneSelf]byte) {
	for c := range t {
		t[c] = byte(c)
		if 'A' <= c && c <= 'Z' {
			t[c] += 'a' - 'A'
		}
	}
	return t
}()
