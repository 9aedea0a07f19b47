package main

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"log/slog"
)

// Secret is a credential that must never be printed or logged: every
// formatting, JSON and slog path renders it as "REDACTED".
type Secret string

const redacted = "REDACTED"

// String implements fmt.Stringer without revealing the secret.
func (Secret) String() string { return redacted }

// GoString implements fmt.GoStringer without revealing the secret.
func (Secret) GoString() string { return redacted }

// LogValue implements slog.LogValuer without revealing the secret.
func (Secret) LogValue() slog.Value { return slog.StringValue(redacted) }

// MarshalJSON renders the secret as "REDACTED".
func (Secret) MarshalJSON() ([]byte, error) { return []byte(`"` + redacted + `"`), nil }

// UnmarshalJSON is needed because MarshalJSON exists; it reads a plain string.
func (s *Secret) UnmarshalJSON(b []byte) error {
	var v string
	if err := json.Unmarshal(b, &v); err != nil {
		return errors.New("secret: want a JSON string") // never echo the input
	}
	*s = Secret(v)
	return nil
}

// Equal reports whether s equals the presented value, in time that does not
// depend on where they differ or on their lengths (both are hashed first).
func (s Secret) Equal(presented string) bool {
	a := sha256.Sum256([]byte(s))
	b := sha256.Sum256([]byte(presented))
	return subtle.ConstantTimeCompare(a[:], b[:]) == 1 && s != ""
}
