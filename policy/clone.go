package policy

import "slices"

// Clone returns a deep copy of the document: changing one never changes the other. A
// nil Document clones to nil.
func (d *Document) Clone() *Document {
	if d == nil {
		return nil
	}
	out := &Document{Kind: d.Kind, Version: d.Version, Statements: make([]Statement, len(d.Statements))}
	for i, s := range d.Statements {
		s.Actions = slices.Clone(s.Actions)
		s.Resources = slices.Clone(s.Resources) // keeps nil (no Resource element) nil
		if s.Principal != nil {
			p := *s.Principal
			p.RAM, p.Service, p.Federated = slices.Clone(p.RAM), slices.Clone(p.Service), slices.Clone(p.Federated)
			s.Principal = &p
		}
		if s.Conditions != nil {
			s.Conditions = slices.Clone(s.Conditions)
			for j := range s.Conditions {
				s.Conditions[j].Values = slices.Clone(s.Conditions[j].Values)
			}
		}
		out.Statements[i] = s
	}
	return out
}
