package evaltest

import (
	"github.com/rampolicy/ram/eval"
	"github.com/rampolicy/ram/eval/world"
	"github.com/rampolicy/ram/policy"
)

// World is the policies and directory of a decision table, loaded to ask it questions
// (ramsim does). Its cases, if any, are checked as RunFile checks them but not run. A
// program that needs no cases can call world.LoadFile directly.
type World struct {
	w *tableWorld
}

// LoadWorld reads a decision table strictly and builds its directory.
func LoadWorld(path string) (*World, error) {
	t, _, err := loadTable(path)
	if err != nil {
		return nil, err
	}
	w, err := newWorld(path, t)
	if err != nil {
		return nil, err
	}
	return &World{w: w}, nil
}

// Directory returns the table's directory, or nil when it has none.
func (w *World) Directory() *world.World { return w.w.dir }

// Policies returns the table's named policies.
func (w *World) Policies() *world.Policies { return w.w.pol }

// PolicySet compiles the table's policy of that name, parsed as kind.
func (w *World) PolicySet(name string, kind policy.Kind) (*eval.PolicySet, error) {
	return w.w.pol.Set(kind, name)
}

// PolicyText returns the text of the table's policy of that name, or nil.
func (w *World) PolicyText(name string) []byte {
	text, _ := w.w.pol.Text(name)
	return text
}
