package main

import (
	"net"
	"net/http"
	"strconv"
	"time"
)

// RAM condition keys set on every request.
const (
	keySourceIP        = "acs:SourceIp"
	keySecureTransport = "acs:SecureTransport"
	keyCurrentTime     = "acs:CurrentTime"
)

// requestContext derives the RAM condition keys from the connection itself:
// the peer address (forwarding headers are not trusted), whether TLS was
// used, and now in UTC ISO 8601.
func requestContext(r *http.Request, now time.Time) RequestContext {
	ip := r.RemoteAddr
	if host, _, err := net.SplitHostPort(r.RemoteAddr); err == nil {
		ip = host
	}
	return RequestContext{
		keySourceIP:        {ip},
		keySecureTransport: {strconv.FormatBool(r.TLS != nil)},
		keyCurrentTime:     {now.UTC().Format(time.RFC3339)},
	}
}
