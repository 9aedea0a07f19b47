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
	"encoding/pem"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	dtoken "github.com/distribution/distribution/v3/registry/auth/token"
	"github.com/go-jose/go-jose/v4"
)

// allAlgs are the algorithms distribution accepts by default.
var allAlgs = []jose.SignatureAlgorithm{jose.EdDSA, jose.RS256, jose.ES256, jose.ES384, jose.ES512, jose.PS256}

// verifyWithDistribution checks raw exactly as the registry does with
// rootcertbundle = the signer's certificate.
func verifyWithDistribution(t testing.TB, s *Signer, raw, issuer, service string) *dtoken.ClaimSet {
	t.Helper()
	tok, err := dtoken.NewToken(raw, allAlgs)
	if err != nil {
		t.Fatalf("distribution cannot parse the token: %v", err)
	}
	roots := x509.NewCertPool()
	roots.AddCert(s.cert)
	claims, err := tok.Verify(dtoken.VerifyOptions{
		TrustedIssuers: []string{issuer}, AcceptedAudiences: []string{service},
		Roots: roots, TrustedKeys: map[string]crypto.PublicKey{},
	})
	if err != nil {
		t.Fatalf("distribution rejects the token: %v", err)
	}
	return claims
}

func TestSignedTokenVerifiesInDistribution(t *testing.T) {
	now := time.Now()
	s, err := NewSigner("", "", now)
	if err != nil {
		t.Fatal(err)
	}
	raw, err := s.Sign(tokenClaims{
		Issuer: "iss", Subject: "acs:ram::1:user/u", Audience: "svc",
		Expiry: now.Add(time.Minute).Unix(), NotBefore: now.Unix(), IssuedAt: now.Unix(), ID: "j",
		Access: []accessClaim{{Type: "repository", Name: "dev/app", Actions: []string{"pull"}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	c := verifyWithDistribution(t, s, raw, "iss", "svc")
	if c.Subject != "acs:ram::1:user/u" || len(c.Access) != 1 || c.Access[0].Actions[0] != "pull" {
		t.Fatalf("claims = %+v", c)
	}
	if s.Algorithm() != "ES256" {
		t.Errorf("generated key signs with %s, want ES256", s.Algorithm())
	}

	// Without the x5c chain the registry falls back to the kid, which it
	// derives from its rootcertbundle with GetJWKThumbprint.
	tok, _ := dtoken.NewToken(raw, allAlgs)
	if got := tok.JWT.Headers[0].KeyID; got != dtoken.GetJWKThumbprint(s.cert.PublicKey) {
		t.Fatalf("kid %q differs from distribution's thumbprint", got)
	}

	// Wrong audience or issuer: rejected.
	tok, _ = dtoken.NewToken(raw, allAlgs)
	roots := x509.NewCertPool()
	roots.AddCert(s.cert)
	if _, err := tok.Verify(dtoken.VerifyOptions{TrustedIssuers: []string{"iss"}, AcceptedAudiences: []string{"other"}, Roots: roots}); err == nil {
		t.Fatal("token accepted for another audience")
	}
}

func TestJWKThumbprintMatchesDistribution(t *testing.T) {
	ec, _ := ecdsa.GenerateKey(elliptic.P384(), rand.Reader)
	rs, _ := rsa.GenerateKey(rand.Reader, 2048)
	_, ed, _ := ed25519.GenerateKey(rand.Reader)
	keys := []crypto.Signer{ec, rs, ed}
	for range 600 { // some P-256 coordinates start with a zero byte, which distribution drops
		k, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		keys = append(keys, k)
	}
	for _, k := range keys {
		if got, want := jwkThumbprint(k.Public()), dtoken.GetJWKThumbprint(k.Public()); got != want || got == "" {
			t.Errorf("%T: thumbprint %q, distribution %q", k, got, want)
		}
	}
}

func TestSignerFromFiles(t *testing.T) {
	dir := t.TempDir()
	rs, _ := rsa.GenerateKey(rand.Reader, 2048)
	other, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	keyFile := writePEM(t, dir, "key.pem", "RSA PRIVATE KEY", x509.MarshalPKCS1PrivateKey(rs))
	certFile := writePEM(t, dir, "cert.pem", "CERTIFICATE", selfSigned(t, rs))
	otherCert := writePEM(t, dir, "other.pem", "CERTIFICATE", selfSigned(t, other))

	s, err := NewSigner(keyFile, certFile, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if s.Algorithm() != "RS256" {
		t.Errorf("RSA key signs with %s", s.Algorithm())
	}
	raw, _ := s.Sign(tokenClaims{Issuer: "i", Audience: "a", Expiry: time.Now().Add(time.Minute).Unix()})
	verifyWithDistribution(t, s, raw, "i", "a")

	if _, err := NewSigner(keyFile, otherCert, time.Now()); err == nil || !strings.Contains(err.Error(), "does not match") {
		t.Fatalf("mismatched pair: error %v", err)
	}
	if _, err := NewSigner(filepath.Join(dir, "missing.pem"), certFile, time.Now()); err == nil {
		t.Fatal("missing key file accepted")
	}
}

// writePEM writes one PEM block to dir/name and returns the path.
func writePEM(t *testing.T, dir, name, typ string, der []byte) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, pem.EncodeToMemory(&pem.Block{Type: typ, Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// selfSigned returns a DER certificate for key, signed by itself.
func selfSigned(t *testing.T, key crypto.Signer) []byte {
	t.Helper()
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "t"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour)}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, key.Public(), key)
	if err != nil {
		t.Fatal(err)
	}
	return der
}
