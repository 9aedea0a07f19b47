package main

import (
	"encoding/json"
	"net/http"
)

// writeJSON writes v with the given status and no caching.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

// errorBody is the error format of the token endpoint, the same shape as
// the registry's own errors.
type errorBody struct {
	Errors []errorDetail `json:"errors"`
}

// errorDetail is one error of an errorBody.
type errorDetail struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// writeError writes a registry-style error. Messages must be generic: they
// must never say which policy or credential check failed.
func writeError(w http.ResponseWriter, status int, code, message string) {
	writeJSON(w, status, errorBody{Errors: []errorDetail{{Code: code, Message: message}}})
}

// unauthorized asks for HTTP basic credentials.
func unauthorized(w http.ResponseWriter, realm string) {
	w.Header().Set("WWW-Authenticate", `Basic realm="`+realm+`", charset="UTF-8"`)
	writeError(w, http.StatusUnauthorized, "UNAUTHORIZED", "authentication required")
}
