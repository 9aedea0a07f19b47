package terraform

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/tidwall/gjson"

	"github.com/rampolicy/ram/internal/importworld"
)

// control reads the Resource Directory control policies and their attachments into the
// account's levels: the account itself, then Options.ControlPath.
func (r *reader) control(a *importworld.Account, byType map[string][]resource) {
	type cp struct {
		name, address string
	}
	byID := map[string]cp{}   // by the policy's known ID
	byAddr := map[string]cp{} // by resource address
	for _, res := range byType["alicloud_resource_manager_control_policy"] {
		name, ok := r.str(res, "control policy name", "control_policy_name")
		if !ok {
			continue
		}
		doc, ok := r.str(res, "policy document", "policy_document")
		if !ok {
			continue
		}
		if name == "FullAliyunAccess" {
			r.problem(res.address, "a custom control policy named like Resource Directory's system policy FullAliyunAccess; left out")
			continue
		}
		if prev, ok := a.ControlTexts[name]; ok {
			r.problem(res.address, "control policy %q is also created by %s; left out", name, prev.From)
			continue
		}
		// effect_scope All binds the account's root user too; the world applies control
		// policies to RAM users and roles only, so the root's requests would be decided
		// without this policy: say so.
		switch scope := attr(res, "effect_scope"); {
		case scope.unknown:
			r.problem(res.address, "effect_scope is known only after apply; if it is All, the policy also binds the account's root user, which this world does not model")
		case scope.v.String() == "All":
			r.problem(res.address, "effect_scope All also binds the account's root user; this world applies the policy to RAM users and roles only, so the root's requests are decided without it")
		}
		a.ControlTexts[name] = &importworld.Text{Name: name, From: res.address, Text: []byte(doc)}
		c := cp{name: name, address: res.address}
		byAddr[res.address] = c
		if id := attr(res, "id"); id.v.Type == gjson.String {
			byID[id.v.String()] = c
		}
	}
	levels := append([]string{r.account}, r.opts.ControlPath...)
	attached := make([][]string, len(levels))
	found := false
	for _, res := range byType["alicloud_resource_manager_control_policy_attachment"] {
		target, ok := r.str(res, "target", "target_id")
		if !ok {
			continue
		}
		var c cp
		switch id := attr(res, "policy_id"); {
		case id.unknown:
			// A policy created in the same plan: its ID is computed, but the
			// configuration says which resource it comes from.
			addr, ok := r.reference(res, "policy_id")
			if !ok {
				r.problem(res.address, "policy_id is known only after apply and does not refer to one control policy of the configuration; left out")
				continue
			}
			if c, ok = byAddr[addr]; !ok {
				r.problem(res.address, "policy_id refers to %s, which is not in this world; left out", addr)
				continue
			}
		case id.v.Type == gjson.String:
			if c, ok = byID[id.v.String()]; !ok {
				r.problem(res.address, "control policy %s is not in the configuration (a system control policy, or one managed elsewhere); left out", id.v.String())
				continue
			}
		default:
			r.problem(res.address, "no policy_id; left out")
			continue
		}
		i := slices.Index(levels, target)
		switch {
		case i >= 0:
			attached[i] = append(attached[i], c.name)
			found = true
		case strings.Trim(target, "0123456789") == "":
			r.notes = append(r.notes, fmt.Sprintf("%s targets account %s, not %s: it does not bind this world", res.address, target, r.account))
		case len(r.opts.ControlPath) > 0:
			r.notes = append(r.notes, fmt.Sprintf("%s targets %s, which is not on the account's folder path: it does not bind this world", res.address, target))
		default:
			r.problem(res.address, "targets folder %s; without the account's folder path (Options.ControlPath, ramsim -rd-path) it is not known whether it binds the account; left out", target)
		}
	}
	if !found {
		return
	}
	for i, target := range levels {
		level := slices.Clone(attached[i])
		if !slices.Contains(r.opts.DetachedFullAccess, target) {
			level = append([]string{"FullAliyunAccess"}, level...)
			r.notes = append(r.notes, fmt.Sprintf("assumed Resource Directory's default FullAliyunAccess is attached to %s (Options.DetachedFullAccess, ramsim -rd-detached, says otherwise)", target))
		}
		a.Control = append(a.Control, level)
	}
}

// reference returns the address of the one resource that attribute key of res refers to
// in the configuration, or false.
func (r *reader) reference(res resource, key string) (string, bool) {
	refs := r.refs[configAddress(res.address)+"\x00"+key]
	var found []string
	for _, ref := range refs {
		// References list both "TYPE.NAME.id" and "TYPE.NAME"; keep the resources.
		parts := strings.Split(ref, ".")
		if ref == "" || len(parts) != 2 || strings.HasPrefix(ref, "var.") || strings.HasPrefix(ref, "local.") {
			continue
		}
		addr := ref
		if res.module != "" {
			addr = res.module + "." + ref
		}
		if !slices.Contains(found, addr) {
			found = append(found, addr)
		}
	}
	if len(found) != 1 {
		return "", false
	}
	return found[0], true
}

var instanceKey = regexp.MustCompile(`\[[^\]]*\]`)

// configAddress drops instance keys: module.a["x"].TYPE.NAME[0] -> module.a.TYPE.NAME.
func configAddress(addr string) string { return instanceKey.ReplaceAllString(addr, "") }

// configRefs reads the configuration's expressions, by resource address without
// instance keys and attribute: root_module's resources and module_calls' modules. Each
// configured attribute has "" in its list, then the references of its expression.
func configRefs(cfg gjson.Result) map[string][]string {
	out := map[string][]string{}
	var walk func(m gjson.Result, prefix string, depth int)
	walk = func(m gjson.Result, prefix string, depth int) {
		if depth > 100 {
			return
		}
		for _, res := range m.Get("resources").Array() {
			addr := prefix + res.Get("address").String()
			res.Get("expressions").ForEach(func(k, v gjson.Result) bool {
				out[addr+"\x00"+k.String()] = append(out[addr+"\x00"+k.String()], "") // configured
				for _, ref := range v.Get("references").Array() {
					out[addr+"\x00"+k.String()] = append(out[addr+"\x00"+k.String()], ref.String())
				}
				return true
			})
		}
		m.Get("module_calls").ForEach(func(name, call gjson.Result) bool {
			walk(call.Get("module"), prefix+"module."+name.String()+".", depth+1)
			return true
		})
	}
	walk(cfg.Get("root_module"), "", 0)
	return out
}
