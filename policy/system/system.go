package system

import (
	"embed"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/rampolicy/ram/policy"
)

// ErrNotEmbedded is wrapped by the error Lookup and Text return for a name that is not an
// embedded system policy.
var ErrNotEmbedded = errors.New("system policy not embedded")

// Info says where an embedded text comes from.
type Info struct {
	Name string
	Kind policy.Kind // IdentityPolicy, or ControlPolicy for Resource Directory's system control policy; never zero
	// URL is the page the text was copied from.
	URL string
	// Version is the policy version the page showed ("v3"), or "" when the page gave none.
	Version string
	// Verbatim is false for a text written from a documented meaning because no page
	// shows the text itself (see Note).
	Verbatim bool
	Note     string
}

// table lists every embedded policy; texts/NAME.json holds its text.
var table = []Info{
	{Name: "AliyunAIRegistryFullAccess", Kind: policy.IdentityPolicy, URL: "https://help.aliyun.com/zh/ram/developer-reference/aliyunairegistryfullaccess", Version: "v1", Verbatim: true},
	{Name: "AliyunContainerRegistryFullAccess", Kind: policy.IdentityPolicy, URL: "https://www.alibabacloud.com/help/en/acr/user-guide/grant-ram-user-system-policy", Verbatim: true},
	{Name: "AliyunContainerRegistryPullPushPolicy", Kind: policy.IdentityPolicy, URL: "https://help.aliyun.com/zh/ram/developer-reference/aliyuncontainerregistrypullpushpolicy", Verbatim: true},
	{Name: "AliyunContainerRegistryReadOnlyAccess", Kind: policy.IdentityPolicy, URL: "https://www.alibabacloud.com/help/en/acr/user-guide/grant-ram-user-system-policy", Verbatim: true,
		Note: "2026 text (cr:Pull*); older copies allow cr:PullRepository"},
	{Name: "AliyunRAMAccessAnalyzerReadOnlyAccess", Kind: policy.IdentityPolicy, URL: "https://help.aliyun.com/zh/ram/developer-reference/aliyunramaccessanalyzerreadonlyaccess", Version: "v1", Verbatim: true},
	{Name: "AliyunRAMReadOnlyAccess", Kind: policy.IdentityPolicy, URL: "https://www.alibabacloud.com/help/en/ram/developer-reference/aliyunramreadonlyaccess", Version: "v3", Verbatim: true},
	{Name: "AliyunResourceDirectoryReadOnlyAccess", Kind: policy.IdentityPolicy, URL: "https://www.alibabacloud.com/help/en/ram/developer-reference/aliyunresourcedirectoryreadonlyaccess", Version: "v6", Verbatim: true},
	{Name: "AliyunSTSAssumeRoleAccess", Kind: policy.IdentityPolicy, URL: "https://www.alibabacloud.com/help/en/ram/developer-reference/aliyunstsassumeroleaccess", Verbatim: true},
	{Name: "FullAliyunAccess", Kind: policy.ControlPolicy, URL: "https://www.alibabacloud.com/help/en/resource-management/resource-directory/user-guide/control-policy-overview",
		Note: "Resource Directory's system control policy, attached to every folder and account by default; documented as allowing every operation, its text is not published: this one says exactly that"},
}

//go:embed texts/*.json
var texts embed.FS

type entry struct {
	info Info
	once sync.Once
	doc  *policy.Document
	err  error
}

var byName = func() map[string]*entry {
	m := make(map[string]*entry, len(table))
	for _, in := range table {
		m[in.Name] = &entry{info: in}
	}
	return m
}()

// Names returns the names of the embedded policies, sorted.
func Names() []string {
	out := make([]string, 0, len(table))
	for _, in := range table {
		out = append(out, in.Name)
	}
	sort.Strings(out)
	return out
}

// Source returns where the embedded policy of that name comes from.
func Source(name string) (Info, bool) {
	e, ok := byName[name]
	if !ok {
		return Info{}, false
	}
	return e.info, true
}

// Text returns the embedded text of the policy, as published.
func Text(name string) ([]byte, error) {
	e, err := find(name)
	if err != nil {
		return nil, err
	}
	return texts.ReadFile("texts/" + e.info.Name + ".json")
}

// Lookup returns the parsed document of the embedded system policy of that name, parsed
// strictly as its kind. The document is the caller's own copy. A name that is not
// embedded is an error wrapping ErrNotEmbedded.
func Lookup(name string) (*policy.Document, error) {
	e, err := find(name)
	if err != nil {
		return nil, err
	}
	e.once.Do(func() {
		text, err := texts.ReadFile("texts/" + e.info.Name + ".json")
		if err != nil {
			e.err = err
			return
		}
		e.doc, e.err = policy.Options{Kind: e.info.Kind, Filename: "system policy " + e.info.Name}.Parse(text)
	})
	if e.err != nil {
		return nil, e.err
	}
	return e.doc.Clone(), nil // no caller shares the cached one
}

func find(name string) (*entry, error) {
	if e, ok := byName[name]; ok {
		return e, nil
	}
	for _, in := range table {
		if strings.EqualFold(in.Name, name) {
			return nil, fmt.Errorf("%w: %q (the embedded one is spelled %q; names are matched exactly)", ErrNotEmbedded, name, in.Name)
		}
	}
	return nil, fmt.Errorf("%w: %q; supply its text (the importers' SystemPolicies option, ramsim's -system-policy %s=FILE)", ErrNotEmbedded, name, name)
}
