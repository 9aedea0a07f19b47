package snapshot

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/tidwall/gjson"

	"github.com/rampolicy/ram/eval/world/worldfile"
	"github.com/rampolicy/ram/internal/importworld"
)

// Errors the import wraps.
var (
	// ErrInput: a response file is missing, unreadable or not the API's JSON.
	ErrInput = errors.New("unusable snapshot response")
	// ErrNoAccount: no account ID was given and the snapshot does not say it.
	ErrNoAccount = errors.New("the account of the snapshot is not known")
	// ErrPolicy: a policy document of the snapshot is rejected.
	ErrPolicy = importworld.ErrPolicy
)

// MaxFileBytes bounds each response file.
const MaxFileBytes = 64 << 20

// Options says what the snapshot does not.
type Options struct {
	// AccountID is the snapshot's account; when empty, GetCallerIdentity.json's
	// AccountId or the roles' ARNs say it.
	AccountID string
	// SystemPolicies supplies texts of system policies the snapshot names but holds
	// no GetPolicy response for and that are not embedded.
	SystemPolicies map[string][]byte
}

// Problem is something the snapshot does not resolve; it is left out of the world.
type Problem struct {
	File string
	Msg  string
}

func (p Problem) String() string { return p.File + ": " + p.Msg }

// Import is what Read found.
type Import struct {
	AccountID  string
	World      *worldfile.File
	Unresolved []Problem
}

// ReadDir reads the snapshot folder dir.
func ReadDir(dir string, opts Options) (*Import, error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrInput, err)
	}
	defer root.Close()
	return Read(root.FS(), opts)
}

// Read reads a snapshot from a file system laid out as README.md says.
func Read(fsys fs.FS, opts Options) (*Import, error) {
	if fsys == nil {
		return nil, fmt.Errorf("%w: nil file system", ErrInput)
	}
	r := &reader{fsys: fsys}
	acct, err := r.read(opts)
	if err != nil {
		return nil, err
	}
	f := worldfile.New()
	f.Description = "imported from a RAM snapshot of account " + acct.ID
	sup := importworld.Supplied{System: map[string][]byte{}}
	for k, v := range opts.SystemPolicies {
		sup.System[k] = v
	}
	for k, v := range r.system { // the account's own copies win over supplied and embedded ones
		sup.System[k] = v
	}
	problems, err := importworld.Build(f, acct, sup)
	if err != nil {
		return nil, err
	}
	for _, p := range problems {
		r.problem(p.From, "%s", p.Msg)
	}
	return &Import{AccountID: acct.ID, World: f, Unresolved: r.out}, nil
}

type reader struct {
	fsys   fs.FS
	out    []Problem
	system map[string][]byte
	looked map[string]bool // TYPE/NAME of the policies whose documents were looked for
}

func (r *reader) problem(file, format string, args ...any) {
	r.out = append(r.out, Problem{File: file, Msg: fmt.Sprintf(format, args...)})
}

// load reads one response; a missing file is (nil, nil).
func (r *reader) load(name string) (*gjson.Result, error) {
	f, err := r.fsys.Open(name)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %w", ErrInput, name, err)
	}
	defer f.Close()
	buf, err := io.ReadAll(io.LimitReader(f, MaxFileBytes+1))
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %w", ErrInput, name, err)
	}
	if len(buf) > MaxFileBytes {
		return nil, fmt.Errorf("%w: %s is over %d bytes", ErrInput, name, MaxFileBytes)
	}
	if !gjson.ValidBytes(buf) {
		return nil, fmt.Errorf("%w: %s is not JSON", ErrInput, name)
	}
	v := gjson.ParseBytes(buf)
	if !v.IsObject() {
		return nil, fmt.Errorf("%w: %s is not a JSON object", ErrInput, name)
	}
	if code := v.Get("Code"); code.Exists() && v.Get("Message").Exists() {
		return nil, fmt.Errorf("%w: %s is an error response: %s: %s", ErrInput, name, code.String(), v.Get("Message").String())
	}
	return &v, nil
}

var pageName = regexp.MustCompile(`^([A-Za-z]+)(?:\.([0-9]+))?\.json$`)

// list reads every page of a list call (API.json, or API.1.json, API.2.json, ...) and
// returns the items at itemPath. A last page with IsTruncated true is a problem.
func (r *reader) list(api, itemPath string) ([]gjson.Result, []string, error) {
	entries, err := fs.ReadDir(r.fsys, ".")
	if err != nil {
		return nil, nil, fmt.Errorf("%w: %w", ErrInput, err)
	}
	type page struct {
		n    int
		name string
	}
	var pages []page
	for _, e := range entries {
		m := pageName.FindStringSubmatch(e.Name())
		if m == nil || m[1] != api || e.IsDir() {
			continue
		}
		n := 0
		if m[2] != "" {
			n, _ = strconv.Atoi(m[2])
		}
		pages = append(pages, page{n, e.Name()})
	}
	sort.Slice(pages, func(i, j int) bool { return pages[i].n < pages[j].n })
	var items []gjson.Result
	var from []string
	for i, p := range pages {
		v, err := r.load(p.name)
		if err != nil {
			return nil, nil, err
		}
		if i == len(pages)-1 && v.Get("IsTruncated").Bool() {
			r.problem(p.name, "the last page is truncated (IsTruncated true): the list is incomplete")
		}
		for _, it := range v.Get(itemPath).Array() {
			items = append(items, it)
			from = append(from, p.name)
		}
	}
	return items, from, nil
}

// file names a per-entity response: API/NAME.json. Names are RAM names (letters,
// digits, . @ _ -), so they are file names as they are; any other is refused.
func file(api string, parts ...string) (string, bool) {
	for _, p := range parts {
		if p == "" || p == "." || p == ".." || strings.ContainsAny(p, `/\`) {
			return "", false
		}
	}
	return path.Join(append([]string{api}, parts...)...) + ".json", true
}
