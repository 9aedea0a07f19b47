package policy

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
)

// MarshalJSON writes the document in canonical form: Version then Statement; in each
// statement Sid (when set), Effect, Action or NotAction, Resource (when set), Principal
// (when set), Condition (when set); every value list as an array; principal kinds in the
// order RAM, Service, Federated; operators and keys sorted. Two conditions with the same
// operator and the same key are an error: one JSON object cannot hold them.
func (d *Document) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteString(`{"Version":`)
	writeString(&b, d.Version)
	b.WriteString(`,"Statement":[`)
	for i := range d.Statements {
		if i > 0 {
			b.WriteByte(',')
		}
		if err := d.Statements[i].write(&b); err != nil {
			return nil, fmt.Errorf("policy: statement %d: %w", i, err)
		}
	}
	b.WriteString("]}")
	return b.Bytes(), nil
}

// String returns the canonical JSON text, or an error message for a document that cannot
// be written (see MarshalJSON).
func (d *Document) String() string {
	b, err := d.MarshalJSON()
	if err != nil {
		return "!" + err.Error()
	}
	return string(b)
}

func (s *Statement) write(b *bytes.Buffer) error {
	b.WriteByte('{')
	if s.Sid != "" {
		b.WriteString(`"Sid":`)
		writeString(b, s.Sid)
		b.WriteByte(',')
	}
	eff, err := s.Effect.MarshalText()
	if err != nil {
		return err
	}
	b.WriteString(`"Effect":`)
	writeString(b, string(eff))
	if s.NotAction {
		b.WriteString(`,"NotAction":`)
	} else {
		b.WriteString(`,"Action":`)
	}
	writeList(b, s.Actions)
	if s.Resources != nil {
		b.WriteString(`,"Resource":`)
		writeList(b, s.Resources)
	}
	if p := s.Principal; p != nil {
		b.WriteString(`,"Principal":{`)
		sep := ""
		for _, kv := range []struct {
			k string
			v []string
		}{{"RAM", p.RAM}, {"Service", p.Service}, {"Federated", p.Federated}} {
			if len(kv.v) > 0 {
				fmt.Fprintf(b, `%s"%s":`, sep, kv.k)
				writeList(b, kv.v)
				sep = ","
			}
		}
		b.WriteByte('}')
	}
	if len(s.Conditions) > 0 {
		if err := writeConditions(b, s.Conditions); err != nil {
			return err
		}
	}
	b.WriteByte('}')
	return nil
}

func writeConditions(b *bytes.Buffer, conds []Condition) error {
	byOp := map[string]map[string][]string{}
	for _, c := range conds {
		op := c.Operator.String()
		if byOp[op] == nil {
			byOp[op] = map[string][]string{}
		}
		if _, dup := byOp[op][c.Key]; dup {
			return fmt.Errorf("two conditions %s on key %q", op, c.Key)
		}
		byOp[op][c.Key] = c.Values
	}
	b.WriteString(`,"Condition":{`)
	for i, op := range sortedKeys(byOp) {
		if i > 0 {
			b.WriteByte(',')
		}
		writeString(b, op)
		b.WriteString(":{")
		for j, k := range sortedKeys(byOp[op]) {
			if j > 0 {
				b.WriteByte(',')
			}
			writeString(b, k)
			b.WriteByte(':')
			writeList(b, byOp[op][k])
		}
		b.WriteByte('}')
	}
	b.WriteByte('}')
	return nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func writeList(b *bytes.Buffer, vs []string) {
	b.WriteByte('[')
	for i, v := range vs {
		if i > 0 {
			b.WriteByte(',')
		}
		writeString(b, v)
	}
	b.WriteByte(']')
}

// writeString writes s as a JSON string without HTML escaping, so that '<', '>' and '&'
// stay as written.
func writeString(b *bytes.Buffer, s string) {
	enc := json.NewEncoder(b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s)       // a string always encodes
	b.Truncate(b.Len() - 1) // Encode appends a newline
}
