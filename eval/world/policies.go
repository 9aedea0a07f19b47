package world

import (
	"errors"
	"fmt"
	"strings"
	"sync"

	"github.com/rampolicy/ram/eval"
	"github.com/rampolicy/ram/policy"
)

// Policies are the named policies of a world file, so that a caller can decide with
// policies the directory does not attach (a session policy, a resource policy, an extra
// identity policy) by name. A policy is parsed the first time it is asked for as a kind
// and kept: one name may be parsed as several kinds, each once. The loader parses the
// policies the directory attaches; any other is parsed on first use, so a policy that
// is only ever a session policy fails as one. Policies is safe for concurrent use; a nil
// *Policies has none.
type Policies struct {
	mu     sync.Mutex
	byName map[string]*namedPolicy
	names  []string // sorted
}

// namedPolicy is one policy of a world file: its text and where the text is.
type namedPolicy struct {
	name string
	text []byte
	// file is where the text is, for messages. For a document written inline as an
	// object, file is the world file, ptr its JSON Pointer there and base where it
	// starts: parse positions are shifted to the world file's. For raw text (a JSON
	// string), positions count in the string's value; for a policy file, in that file.
	file string
	ptr  string
	base policy.Position
	raw  bool

	docs map[policy.Kind]*policy.Document
	errs map[policy.Kind]error
	sets map[policy.Kind]*eval.PolicySet
}

func newPolicies() *Policies { return &Policies{byName: map[string]*namedPolicy{}} }

// add records a policy; the loader sorts the names once all are added.
func (p *Policies) add(np *namedPolicy) {
	p.byName[np.name] = np
	p.names = append(p.names, np.name)
}

// Names returns the names of the policies, sorted.
func (p *Policies) Names() []string {
	if p == nil {
		return nil
	}
	return append([]string(nil), p.names...)
}

// Has reports whether a policy of that name is defined.
func (p *Policies) Has(name string) bool {
	if p == nil {
		return false
	}
	_, ok := p.byName[name]
	return ok
}

// Text returns a copy of the text of the named policy as written (for a document written
// inline as an object, the object's text; for raw text, the string's value), as
// AssumeRoleInput.Policy takes it.
func (p *Policies) Text(name string) ([]byte, error) {
	if p == nil || p.byName[name] == nil {
		return nil, fmt.Errorf("%w %q", ErrUnknownPolicy, name)
	}
	return append([]byte(nil), p.byName[name].text...), nil
}

// Policy returns the named policy parsed as kind, for eval.Compile. The error wraps
// ErrUnknownPolicy, or is the parser's policy.ErrorList with positions in the file the
// policy is written in.
func (p *Policies) Policy(name string, kind policy.Kind) (eval.Policy, error) {
	if p == nil {
		return eval.Policy{}, fmt.Errorf("%w %q", ErrUnknownPolicy, name)
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	doc, err := p.doc(name, kind)
	if err != nil {
		return eval.Policy{}, asKind(name, kind, err)
	}
	return eval.Policy{Name: name, Doc: doc}, nil
}

// Set compiles the named policies, parsed as kind, into one set; each policy is compiled
// once per kind however often it is asked for. No names give an empty set.
func (p *Policies) Set(kind policy.Kind, names ...string) (*eval.PolicySet, error) {
	sets := make([]*eval.PolicySet, 0, len(names))
	for _, n := range names {
		s, err := p.set(n, kind)
		if err != nil {
			return nil, err
		}
		sets = append(sets, s)
	}
	return eval.Union(sets...)
}

func (p *Policies) set(name string, kind policy.Kind) (*eval.PolicySet, error) {
	if p == nil {
		return nil, fmt.Errorf("%w %q", ErrUnknownPolicy, name)
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	doc, err := p.doc(name, kind)
	if err != nil {
		return nil, asKind(name, kind, err)
	}
	np := p.byName[name]
	if s := np.sets[kind]; s != nil {
		return s, nil
	}
	s, err := eval.Compile(eval.Policy{Name: name, Doc: doc})
	if err != nil {
		return nil, fmt.Errorf("policy %q as %s: %w", name, kindPhrase(kind), err)
	}
	if np.sets == nil {
		np.sets = map[policy.Kind]*eval.PolicySet{}
	}
	np.sets[kind] = s
	return s, nil
}

// asKind says which policy failed to parse as which kind; an unknown name says so alone.
func asKind(name string, kind policy.Kind, err error) error {
	if errors.Is(err, ErrUnknownPolicy) {
		return err
	}
	return fmt.Errorf("policy %q as %s:\n%w", name, kindPhrase(kind), err)
}

// kindPhrase is "an identity policy", "a trust policy" and so on.
func kindPhrase(kind policy.Kind) string {
	k := kind.String()
	if k != "" && strings.ContainsRune("aeiou", rune(k[0])) {
		return "an " + k + " policy"
	}
	return "a " + k + " policy"
}

// doc parses a policy as kind once; p.mu is held.
func (p *Policies) doc(name string, kind policy.Kind) (*policy.Document, error) {
	np := p.byName[name]
	if np == nil {
		return nil, fmt.Errorf("%w %q", ErrUnknownPolicy, name)
	}
	if doc := np.docs[kind]; doc != nil {
		return doc, nil
	}
	if err := np.errs[kind]; err != nil {
		return nil, err
	}
	doc, err := np.parse(kind)
	if err != nil {
		if np.errs == nil {
			np.errs = map[policy.Kind]error{}
		}
		np.errs[kind] = err
		return nil, err
	}
	if np.docs == nil {
		np.docs = map[policy.Kind]*policy.Document{}
	}
	np.docs[kind] = doc
	return doc, nil
}

// parse parses the text as kind and, for a document written inline, moves every
// position (of its problems and of its statements) to where it is in the world file.
func (np *namedPolicy) parse(kind policy.Kind) (*policy.Document, error) {
	file := np.file
	if np.raw {
		file = "" // positions count in the string's value, not in the file
	}
	doc, err := policy.Options{Kind: kind, Filename: file}.Parse(np.text)
	if np.ptr == "" || np.raw {
		return doc, err
	}
	if err != nil {
		var list policy.ErrorList
		if errors.As(err, &list) {
			for _, e := range list {
				e.Position = np.shift(e.Position)
				e.Pointer = np.ptr + e.Pointer
			}
		}
		return nil, err
	}
	for i := range doc.Statements {
		doc.Statements[i].Pos = np.shift(doc.Statements[i].Pos)
	}
	return doc, nil
}

// shift moves a position in the text to the world file.
func (np *namedPolicy) shift(pos policy.Position) policy.Position {
	if pos.Line == 0 {
		return pos // no position to move
	}
	if pos.Line == 1 {
		pos.Column += np.base.Column - 1
	}
	pos.Line += np.base.Line - 1
	pos.Offset += np.base.Offset
	return pos
}
