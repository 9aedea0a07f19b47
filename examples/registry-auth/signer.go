package main

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/pem"
	"fmt"
	"math/big"
	"time"

	"github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"
)

// Signer signs registry tokens. Every token carries the signing
// certificate in its x5c header (verified by distribution against
// auth.token.rootcertbundle) and a kid equal to the key's JWK thumbprint as
// distribution computes it (used when the registry is configured with a
// JWKS or the x5c header is missing).
type Signer struct {
	cert   *x509.Certificate
	kid    string
	alg    jose.SignatureAlgorithm
	signer jose.Signer
}

// NewSigner builds a signer from PEM files, or with a fresh ECDSA P-256
// key and a self-signed certificate when both paths are empty.
func NewSigner(keyFile, certFile string, now time.Time) (*Signer, error) {
	if keyFile == "" && certFile == "" {
		return generateSigner(now)
	}
	key, cert, err := loadKeyPair(keyFile, certFile)
	if err != nil {
		return nil, err
	}
	return newSigner(key, cert)
}

// generateSigner makes an ECDSA P-256 key and a self-signed certificate
// valid from an hour ago for a year.
func generateSigner(now time.Time) (*Signer, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, fmt.Errorf("generate signing key: %w", err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(now.UnixNano()),
		Subject:               pkix.Name{CommonName: "ram registry token signer"},
		NotBefore:             now.Add(-time.Hour),
		NotAfter:              now.AddDate(1, 0, 0),
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, key.Public(), key)
	if err != nil {
		return nil, fmt.Errorf("self-sign signing certificate: %w", err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, fmt.Errorf("parse generated certificate: %w", err)
	}
	return newSigner(key, cert)
}

// newSigner picks the JWS algorithm for key and prepares the headers.
func newSigner(key crypto.Signer, cert *x509.Certificate) (*Signer, error) {
	var alg jose.SignatureAlgorithm
	switch k := key.(type) {
	case *ecdsa.PrivateKey:
		switch k.Curve {
		case elliptic.P256():
			alg = jose.ES256
		case elliptic.P384():
			alg = jose.ES384
		case elliptic.P521():
			alg = jose.ES512
		default:
			return nil, fmt.Errorf("signing key: unsupported curve %s", k.Curve.Params().Name)
		}
	case *rsa.PrivateKey:
		alg = jose.RS256
	case ed25519.PrivateKey:
		alg = jose.EdDSA
	default:
		return nil, fmt.Errorf("signing key: unsupported type %T", key)
	}
	kid := jwkThumbprint(key.Public())
	opts := (&jose.SignerOptions{}).WithType("JWT").
		WithHeader("kid", kid).
		WithHeader("x5c", []string{base64.StdEncoding.EncodeToString(cert.Raw)})
	js, err := jose.NewSigner(jose.SigningKey{Algorithm: alg, Key: key}, opts)
	if err != nil {
		return nil, fmt.Errorf("token signer: %w", err)
	}
	return &Signer{cert: cert, kid: kid, alg: alg, signer: js}, nil
}

// Sign serializes claims as a compact JWS.
func (s *Signer) Sign(claims any) (string, error) {
	tok, err := jwt.Signed(s.signer).Claims(claims).Serialize()
	if err != nil {
		return "", fmt.Errorf("sign token: %w", err)
	}
	return tok, nil
}

// CertPEM returns the signing certificate in PEM, the content of a
// registry's auth.token.rootcertbundle.
func (s *Signer) CertPEM() []byte {
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: s.cert.Raw})
}

// KeyID returns the kid header of issued tokens.
func (s *Signer) KeyID() string { return s.kid }

// Algorithm returns the JWS algorithm of issued tokens, e.g. "ES256".
func (s *Signer) Algorithm() string { return string(s.alg) }
