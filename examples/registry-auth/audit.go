package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
)

// Auditor writes one JSON line per authorization decision and per failed
// login. It never receives secrets: only access key IDs, ARNs and outcomes.
type Auditor struct {
	log *slog.Logger
}

// NewAuditor writes JSON lines to w.
func NewAuditor(w io.Writer) *Auditor {
	return &Auditor{log: slog.New(slog.NewJSONHandler(w, nil))}
}

// openAuditSink returns the writer named by Config.Audit: "stderr",
// "stdout" or a file path opened for appending. close releases it.
func openAuditSink(dest string) (w io.Writer, close func() error, err error) {
	switch dest {
	case "", "stderr":
		return os.Stderr, func() error { return nil }, nil
	case "stdout":
		return os.Stdout, func() error { return nil }, nil
	}
	f, err := os.OpenFile(dest, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600)
	if err != nil {
		return nil, nil, fmt.Errorf("open audit log: %w", err)
	}
	return f, f.Close, nil
}

// AuditRecord is one decision: who asked to do what to which resource,
// the outcome, and the statements that decided it.
type AuditRecord struct {
	RequestID string
	SourceIP  string
	Principal string // ARN
	Scope     string // registry scope that led to the check, if any
	Action    string // RAM action
	Resource  string
	Decision  string // Allow, ImplicitDeny or ExplicitDeny
	DecidedBy []string
	// Err says why a check could not be evaluated as asked (and was
	// therefore denied); nil otherwise.
	Err error
}

// Decision logs rec as a "decision" line.
func (a *Auditor) Decision(ctx context.Context, rec AuditRecord) {
	decidedBy := rec.DecidedBy
	if decidedBy == nil {
		decidedBy = []string{}
	}
	attrs := []slog.Attr{
		slog.String("request_id", rec.RequestID),
		slog.String("source_ip", rec.SourceIP),
		slog.String("principal", rec.Principal),
		slog.String("scope", rec.Scope),
		slog.String("action", rec.Action),
		slog.String("resource", rec.Resource),
		slog.String("decision", rec.Decision),
		slog.Any("decided_by", decidedBy),
	}
	if rec.Err != nil {
		// Bounded: a session policy's errors can be thousands of lines.
		attrs = append(attrs, slog.String("error", clip(strings.ReplaceAll(rec.Err.Error(), "\n", "; "), 4*maxMessageBytes)))
	}
	a.log.LogAttrs(ctx, slog.LevelInfo, "decision", attrs...)
}

// LoginFailure logs a failed login. accessKeyID is what the client sent
// as user name; the presented secret is never passed here.
func (a *Auditor) LoginFailure(ctx context.Context, requestID, endpoint, sourceIP, accessKeyID string) {
	a.log.LogAttrs(ctx, slog.LevelWarn, "login failed",
		slog.String("request_id", requestID),
		slog.String("endpoint", endpoint),
		slog.String("source_ip", sourceIP),
		slog.String("access_key_id", accessKeyID),
	)
}

// InvalidScope logs a scope that could not be parsed or mapped to RAM and
// was therefore granted nothing.
func (a *Auditor) InvalidScope(ctx context.Context, requestID, principal, scope string) {
	a.log.LogAttrs(ctx, slog.LevelInfo, "scope not granted",
		slog.String("request_id", requestID),
		slog.String("principal", principal),
		slog.String("scope", scope),
		slog.String("reason", "no RAM equivalent"),
	)
}
