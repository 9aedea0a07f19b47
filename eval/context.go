package eval

import "strings"

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
	lk := strings.ToLower(key)
	for i := range c.entries {
		if c.entries[i].key == lk {
			c.entries[i].values = values
			return
		}
	}
	c.entries = append(c.entries, contextEntry{key: lk, name: key, values: values})
}

// Add appends values to key.
func (c *Context) Add(key string, values ...string) {
	lk := strings.ToLower(key)
	for i := range c.entries {
		if c.entries[i].key == lk {
			c.entries[i].values = append(c.entries[i].values, values...)
			return
		}
	}
	c.entries = append(c.entries, contextEntry{key: lk, name: key, values: append([]string(nil), values...)})
}

// Get returns the values of key, matched case-insensitively, and whether it is present.
func (c *Context) Get(key string) ([]string, bool) {
	return c.lookup(strings.ToLower(key))
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
