package worldfile

import (
	"bytes"
	"fmt"

	"github.com/rampolicy/ram/eval/world"
)

// World loads the file with package world's loader, as `ramsim -world` would load the
// written file: every policy parsed strictly as the kind it is used as, the directory
// built with world.New. It returns the world and the file's named policies.
func (f *File) World(opts ...world.Option) (*world.World, *world.Policies, error) {
	if f == nil {
		return nil, nil, fmt.Errorf("worldfile: nil File")
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return nil, nil, err
	}
	// The file is generated, not read from a stranger: its size is what the input
	// described, and the loader's default bound (16 MiB) must not cut a large account.
	lo := world.LoadOptions{World: opts, MaxBytes: max(int64(buf.Len())+1, 16<<20)}
	return lo.Read(&buf, "imported world")
}
