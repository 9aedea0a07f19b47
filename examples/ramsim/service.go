package main

import (
	"fmt"
	"strings"

	"github.com/rampolicy/ram/arn"
	"github.com/rampolicy/ram/eval/world"
)

// A -caller or -from names a RAM identity by its ARN, or a service acting for an account
// as trust policies write it, UID@SERVICE (1111111111111111@ecs.aliyuncs.com). ARNs start
// with "acs:" and service names never do.

// isService reports whether s is meant as a service caller rather than an ARN.
func isService(s string) bool {
	if strings.HasPrefix(s, "acs:") {
		return false
	}
	_, err := arn.ParseServicePrincipal(s)
	return err == nil || strings.Contains(s, "@")
}

// worldCaller returns the caller that s names.
func worldCaller(d *world.World, s string) (*world.Caller, error) {
	if isService(s) {
		sp, err := arn.ParseServicePrincipal(s)
		if err != nil {
			return nil, err
		}
		return d.ServiceCaller(sp)
	}
	p, err := arn.Parse(s)
	if err != nil {
		return nil, err
	}
	return d.Caller(p)
}

// reachFrom is Reach from an ARN, or ReachService from UID@SERVICE.
func reachFrom(d *world.World, from string, to arn.ARN, q world.ReachQuery) (world.ChainResult, error) {
	if isService(from) {
		sp, err := arn.ParseServicePrincipal(from)
		if err != nil {
			return world.ChainResult{}, fmt.Errorf("-from: %w", err)
		}
		return d.ReachService(sp, to, q)
	}
	f, err := arn.Parse(from)
	if err != nil {
		return world.ChainResult{}, fmt.Errorf("-from: %w", err)
	}
	return d.Reach(f, to, q)
}

// hopCaller names who made a hop: an ARN, or UID@SERVICE.
func hopCaller(h *world.Hop) string {
	if h.Service.IsValid() {
		return h.Service.String()
	}
	return h.Caller.String()
}
