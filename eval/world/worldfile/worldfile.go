// Package worldfile holds the world-file format as Go values, for programs that write
// world files (the Terraform and snapshot importers do). A File marshals to the
// "policies" and "directory" of a decision table (the project's decision-tables
// document), which ramsim reads with -world; File.World loads it with package world's
// loader.
package worldfile

import (
	"encoding/json"
	"fmt"
	"io"
)

// File is a world file.
type File struct {
	Description string `json:"description,omitempty"`
	// Policies maps a policy name to its document's text, kept as written.
	Policies  map[string]json.RawMessage `json:"policies"`
	Directory Directory                  `json:"directory"`
}

// Directory is the accounts of a world file.
type Directory struct {
	Accounts map[string]*Account `json:"accounts"`
}

// Account is one account: its users, groups and roles by name, and its Resource
// Directory control-policy levels, nearest first.
type Account struct {
	Users           map[string]*User  `json:"users,omitempty"`
	Groups          map[string]*Group `json:"groups,omitempty"`
	Roles           map[string]*Role  `json:"roles,omitempty"`
	ControlPolicies [][]string        `json:"controlPolicies,omitempty"`
}

// User names its policies and groups.
type User struct {
	Policies []string `json:"policies,omitempty"`
	Groups   []string `json:"groups,omitempty"`
}

// Group names its policies.
type Group struct {
	Policies []string `json:"policies,omitempty"`
}

// Role names its trust policy and policies.
type Role struct {
	Trust              string   `json:"trust"`
	Policies           []string `json:"policies,omitempty"`
	MaxSessionDuration int      `json:"maxSessionDuration,omitempty"`
	ServiceLinked      bool     `json:"serviceLinked,omitempty"`
}

// New returns an empty File.
func New() *File {
	return &File{Policies: map[string]json.RawMessage{}, Directory: Directory{Accounts: map[string]*Account{}}}
}

// Account returns the account of that ID, adding it when missing.
func (f *File) Account(id string) *Account {
	if f.Directory.Accounts == nil {
		f.Directory.Accounts = map[string]*Account{}
	}
	a := f.Directory.Accounts[id]
	if a == nil {
		a = &Account{}
		f.Directory.Accounts[id] = a
	}
	return a
}

// Write writes the file as indented JSON; maps are written in key order, so the same
// world always gives the same bytes.
func (f *File) Write(w io.Writer) error {
	if f == nil {
		return fmt.Errorf("worldfile: nil File")
	}
	// No HTML escaping: "<" written as \u003c would count six characters against a
	// policy's size limit instead of one.
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(f)
}
