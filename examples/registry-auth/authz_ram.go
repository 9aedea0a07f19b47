package main

import "errors"

// errBindingMissing is returned until the RAM binding is written.
var errBindingMissing = errors.New("the RAM authorizer is not implemented yet: it waits for the ram library's arn, policy and eval packages")

// NewRAMAuthorizer builds the Authorizer backed by the ram library from
// the accounts, users, groups, roles and policies in cfg.
//
// TODO(binding): replace this body with an eval.Directory built from cfg
// (see README.md, "Binding to the ram library").
func NewRAMAuthorizer(cfg *Config) (Authorizer, error) {
	return nil, errBindingMissing
}
