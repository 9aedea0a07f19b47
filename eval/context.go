package eval

import (
	"strings"
	"unicode/utf8"
)

// Context holds a request's condition keys and values. Keys are matched
// case-insensitively; a key may hold several values. The zero Context is empty and ready
// to use. A Context is read concurrently by evaluations; do not change one while an
// evaluation that uses it runs.
type Context struct {
	entries []contextEntry
}

type contextEntry struct {
	key    string // lower-cased
	name   string // as set
	values []string
}

// NewContext builds a Context from a map. Keys that differ only in letter case are merged.
func NewContext(m map[string][]string) Context {
	var c Context
	for k, v := range m {
		c.Add(k, v...)
	}
	return c
}

// Set replaces the values of key.
func (c *Context) Set(key string, values ...string) {
	if i := c.find(key); i >= 0 {
		c.entries[i].values = values
		return
	}
	c.entries = append(c.entries, contextEntry{key: strings.ToLower(key), name: key, values: values})
}

// Add appends values to key.
func (c *Context) Add(key string, values ...string) {
	if i := c.find(key); i >= 0 {
		c.entries[i].values = append(c.entries[i].values, values...)
		return
	}
	c.entries = append(c.entries, contextEntry{key: strings.ToLower(key), name: key, values: append([]string(nil), values...)})
}

// Get returns the values of key, matched case-insensitively, and whether it is present.
func (c *Context) Get(key string) ([]string, bool) {
	if i := c.find(key); i >= 0 {
		return c.entries[i].values, true
	}
	return nil, false
}

// find returns the index of key's entry, or -1. Entries hold their keys lower-cased with
// strings.ToLower; an ASCII key (the usual acs:SourceIp) is compared with them folding
// its letters on the fly, which is the same for ASCII and allocates nothing, so a Context
// reused across requests does not allocate to replace a value.
func (c *Context) find(key string) int {
	for i := 0; i < len(key); i++ {
		if key[i] >= utf8.RuneSelf {
			return c.index(strings.ToLower(key))
		}
	}
	for i := range c.entries {
		if equalLowerASCII(c.entries[i].key, key) {
			return i
		}
	}
	return -1
}

// index returns the index of an already lower-cased key's entry, or -1.
func (c *Context) index(lk string) int {
	for i := range c.entries {
		if c.entries[i].key == lk {
			return i
		}
	}
	return -1
}

// equalLowerASCII reports whether lower equals the ASCII string s with its letters
// lower-cased.
func equalLowerASCII(lower, s string) bool {
	if len(lower) != len(s) {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if lower[i] != c {
			return false
		}
	}
	return true
}

// lookup finds an already lower-cased key.
func (c *Context) lookup(lk string) ([]string, bool) {
	for i := range c.entries {
		if c.entries[i].key == lk {
			return c.entries[i].values, true
		}
	}
	return nil, false
}

// Len returns the number of keys.
func (c *Context) Len() int { return len(c.entries) }

// Keys returns the keys as they were set, in the order they were first set.
func (c *Context) Keys() []string {
	out := make([]string, len(c.entries))
	for i, e := range c.entries {
		out[i] = e.name
	}
	return out
}
