package evaltest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"strings"

	"github.com/rampolicy/ram/internal/jsontree"
)

// The cases of a decision table (see the package documentation); its policies and
// directory are a world file, read by package world. Field names are matched exactly:
// checkFields runs on the strict tree before encoding/json, whose case-insensitive
// matching therefore never applies.
type table struct {
	Cases []tableCase `json:"cases"`
	// hasDirectory: the file has a "directory" member. Without one, a request's
	// principal is only the request's (no directory decides who it is).
	hasDirectory bool
}

type tableCase struct {
	Name   string `json:"name"`
	Expect string `json:"expect"`

	Principal      string                `json:"principal"`
	Policies       []string              `json:"policies"`
	SessionPolicy  string                `json:"sessionPolicy"`
	ResourcePolicy string                `json:"resourcePolicy"`
	Action         string                `json:"action"`
	Resource       string                `json:"resource"`
	Context        map[string]stringList `json:"context"`
	DecidedBy      []tableRef            `json:"decidedBy"`

	AssumeRole *tableAssume `json:"assumeRole"`
	Then       *tableThen   `json:"then"`
	FailedHop  *int         `json:"failedHop"`

	Reach *tableReach `json:"reach"`
	Hops  *int        `json:"hops"`

	WhoCan     *tableWhoCan `json:"whoCan"`
	Principals []string     `json:"principals"`

	Analyze *tableAnalyze `json:"analyze"`

	Parse json.RawMessage `json:"parse"`
	Kind  string          `json:"kind"`
	At    *string         `json:"at"`

	line int // where the case starts in its file
}

type tableRef struct {
	Policy    string `json:"policy"`
	Statement int    `json:"statement"`
}

type tableAssume struct {
	Caller string `json:"caller"`
	// Federated, instead of Caller, makes the first hop AssumeRoleWithSAML or
	// AssumeRoleWithOIDC (by the provider's type); later hops are made by its session.
	Federated *tableFederated `json:"federated"`
	Chain     []tableHop      `json:"chain"`
}

// tableFederated is the identity provider and the verified claims of a federated hop.
type tableFederated struct {
	Provider string                `json:"provider"`
	Claims   map[string]stringList `json:"claims"`
}

type tableHop struct {
	RoleArn         string                `json:"roleArn"`
	SessionName     string                `json:"sessionName"`
	ExternalID      string                `json:"externalId"`
	Policy          string                `json:"policy"`
	DurationSeconds int                   `json:"durationSeconds"`
	SourceIdentity  string                `json:"sourceIdentity"`
	Context         map[string]stringList `json:"context"`
}

type tableThen struct {
	Action    string                `json:"action"`
	Resource  string                `json:"resource"`
	Context   map[string]stringList `json:"context"`
	Expect    string                `json:"expect"`
	DecidedBy []tableRef            `json:"decidedBy"`
}

type tableReach struct {
	From    string                `json:"from"`
	To      string                `json:"to"`
	MaxHops int                   `json:"maxHops"`
	Context map[string]stringList `json:"context"`
}

type tableWhoCan struct {
	Action   string                `json:"action"`
	Resource string                `json:"resource"`
	Context  map[string]stringList `json:"context"`
	MaxHops  int                   `json:"maxHops"`
}

// tableAnalyze is a change-safety check of package eval/analyze; expect is PASS, FAIL or
// Error:CODE.
type tableAnalyze struct {
	Check     string   `json:"check"` // noNewAccess, accessNotGranted or noExternalAccess
	Kind      string   `json:"kind"`
	Old       []string `json:"old"`
	New       []string `json:"new"`
	Policies  []string `json:"policies"`
	Actions   []string `json:"actions"`
	Resources []string `json:"resources"`
	Accounts  []string `json:"accounts"`
}

// stringList is a context value: a string or a list of strings.
type stringList []string

func (s *stringList) UnmarshalJSON(b []byte) error {
	var one string
	if err := json.Unmarshal(b, &one); err == nil {
		*s = []string{one}
		return nil
	}
	var many []string
	if err := json.Unmarshal(b, &many); err != nil {
		return fmt.Errorf("a context value must be a string or a list of strings, not %s", b)
	}
	*s = many
	return nil
}

// The exact field names of each object of the format.
// The world's members (policies, directory) are package world's to check.
var fieldSets = map[string][]string{
	"file": {"description", "policies", "directory", "cases"},
	"case": {"name", "expect", "principal", "policies", "sessionPolicy", "resourcePolicy", "action",
		"resource", "context", "decidedBy", "assumeRole", "then", "failedHop", "reach", "hops", "whoCan",
		"principals", "parse", "kind", "at", "analyze"},
	"ref":       {"policy", "statement"},
	"assume":    {"caller", "federated", "chain"},
	"federated": {"provider", "claims"},
	"hop":       {"roleArn", "sessionName", "externalId", "policy", "durationSeconds", "sourceIdentity", "context"},
	"then":      {"action", "resource", "context", "expect", "decidedBy"},
	"reach":     {"from", "to", "maxHops", "context"},
	"whoCan":    {"action", "resource", "context", "maxHops"},
	"analyze":   {"check", "kind", "old", "new", "policies", "actions", "resources", "accounts"},
}

// loadTable reads a decision table strictly: no duplicate keys anywhere (the policies
// inside included), no unknown or wrongly spelt fields.
func loadTable(path string) (*table, []byte, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, err
	}
	res := jsontree.Parse(src, 64)
	if len(res.Errors) > 0 {
		e := res.Errors[0]
		line, col := jsontree.Position(src, e.Offset)
		return nil, src, fmt.Errorf("%s:%d:%d: %s %s", path, line, col, e.Pointer, e.Msg)
	}
	if err := checkFields(res.Root, "file", ""); err != nil {
		line, col := jsontree.Position(src, err.offset)
		return nil, src, fmt.Errorf("%s:%d:%d: %s", path, line, col, err.msg)
	}
	var t table
	if err := json.NewDecoder(bytes.NewReader(src)).Decode(&t); err != nil {
		return nil, src, fmt.Errorf("%s: %w", path, err)
	}
	t.hasDirectory = res.Root.Kind == jsontree.Object && res.Root.Get("directory") != nil
	// Case positions for messages, from the strict tree: one pass over the text, however
	// many cases (looking each case up in the text again cost time quadratic in the file).
	if cases := res.Root.Get("cases"); cases != nil && cases.Kind == jsontree.Array {
		pos := jsontree.NewPositions(src)
		for i := range t.Cases[:min(len(t.Cases), len(cases.Elems))] {
			t.Cases[i].line, _ = pos.At(cases.Elems[i].Offset)
		}
	}
	names := map[string]bool{}
	for _, c := range t.Cases {
		if c.Name == "" {
			return nil, src, fmt.Errorf("%s:%d: a case has no name", path, c.line)
		}
		if names[c.Name] {
			return nil, src, fmt.Errorf("%s:%d: two cases named %q", path, c.line, c.Name)
		}
		names[c.Name] = true
	}
	return &t, src, nil
}

type fieldError struct {
	offset int
	msg    string
}

func checkFields(n *jsontree.Node, set, ptr string) *fieldError {
	if n == nil || n.Kind != jsontree.Object {
		return nil // wrong types are encoding/json's to report
	}
	allowed := fieldSets[set]
	for _, f := range n.Fields {
		if !contains(allowed, f.Key) {
			return &fieldError{f.KeyOffset, fmt.Sprintf("%s: unknown field %q in %s (want one of %s)",
				jsontree.Pointer(ptr, f.Key), f.Key, set, strings.Join(allowed, ", "))}
		}
		p := jsontree.Pointer(ptr, f.Key)
		var err *fieldError
		switch set + "." + f.Key {
		case "file.cases":
			err = eachElem(f.Value, p, "case")
		case "case.decidedBy", "then.decidedBy":
			err = eachElem(f.Value, p, "ref")
		case "case.assumeRole":
			err = checkFields(f.Value, "assume", p)
		case "assume.chain":
			err = eachElem(f.Value, p, "hop")
		case "assume.federated":
			err = checkFields(f.Value, "federated", p)
		case "case.then", "case.reach", "case.whoCan", "case.analyze":
			err = checkFields(f.Value, f.Key, p)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func eachElem(n *jsontree.Node, ptr, set string) *fieldError {
	if n == nil || n.Kind != jsontree.Array {
		return nil
	}
	for i, e := range n.Elems {
		if err := checkFields(e, set, fmt.Sprintf("%s/%d", ptr, i)); err != nil {
			return err
		}
	}
	return nil
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// policyText returns the text of a table policy: a JSON string holds raw text; an object
// is its own text.
func policyText(raw json.RawMessage) []byte {
	t := bytes.TrimSpace(raw)
	if len(t) > 0 && t[0] == '"' {
		var s string
		if json.Unmarshal(t, &s) == nil {
			return []byte(s)
		}
	}
	return t
}

func sortedStrings(s []string) []string {
	out := append([]string(nil), s...)
	sort.Strings(out)
	return out
}
