package main

import (
	"bytes"
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"fmt"
	"math/big"
	"os"
)

// loadKeyPair reads a PEM private key (PKCS#8, SEC 1 or PKCS#1) and a PEM
// certificate and checks that they belong together.
func loadKeyPair(keyFile, certFile string) (crypto.Signer, *x509.Certificate, error) {
	key, err := loadPrivateKey(keyFile)
	if err != nil {
		return nil, nil, err
	}
	raw, err := os.ReadFile(certFile)
	if err != nil {
		return nil, nil, fmt.Errorf("read signing certificate: %w", err)
	}
	block, _ := pem.Decode(raw)
	if block == nil || block.Type != "CERTIFICATE" {
		return nil, nil, fmt.Errorf("signing certificate %s: no PEM CERTIFICATE block", certFile)
	}
	cert, err := x509.ParseCertificate(block.Bytes)
	if err != nil {
		return nil, nil, fmt.Errorf("signing certificate %s: %w", certFile, err)
	}
	pub, ok := cert.PublicKey.(interface{ Equal(crypto.PublicKey) bool })
	if !ok || !pub.Equal(key.Public()) {
		return nil, nil, fmt.Errorf("signing certificate %s does not match key %s", certFile, keyFile)
	}
	return key, cert, nil
}

// loadPrivateKey reads the first PEM private key block of path.
func loadPrivateKey(path string) (crypto.Signer, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read signing key: %w", err)
	}
	for block, rest := pem.Decode(raw); block != nil; block, rest = pem.Decode(rest) {
		var k any
		switch block.Type {
		case "PRIVATE KEY":
			k, err = x509.ParsePKCS8PrivateKey(block.Bytes)
		case "EC PRIVATE KEY":
			k, err = x509.ParseECPrivateKey(block.Bytes)
		case "RSA PRIVATE KEY":
			k, err = x509.ParsePKCS1PrivateKey(block.Bytes)
		default:
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("signing key %s: %w", path, err)
		}
		s, ok := k.(crypto.Signer)
		if !ok {
			return nil, fmt.Errorf("signing key %s: %T cannot sign", path, k)
		}
		return s, nil
	}
	return nil, fmt.Errorf("signing key %s: no PEM private key block", path)
}

// jwkThumbprint computes a SHA-256 JWK thumbprint the way distribution's
// token.GetJWKThumbprint does (big-endian integers without left padding),
// so that the kid matches the key IDs the registry derives from its
// rootcertbundle.
func jwkThumbprint(pub crypto.PublicKey) string {
	b64 := base64.RawURLEncoding.EncodeToString
	var canon string
	switch k := pub.(type) {
	case *ecdsa.PublicKey:
		point, err := k.Bytes() // 0x04 || X || Y, fixed width
		if err != nil {
			return ""
		}
		n := (len(point) - 1) / 2
		x, y := bytes.TrimLeft(point[1:1+n], "\x00"), bytes.TrimLeft(point[1+n:], "\x00")
		canon = fmt.Sprintf(`{"crv":"%s","kty":"EC","x":"%s","y":"%s"}`, k.Params().Name, b64(x), b64(y))
	case *rsa.PublicKey:
		canon = fmt.Sprintf(`{"e":"%s","kty":"RSA","n":"%s"}`,
			b64(big.NewInt(int64(k.E)).Bytes()), b64(k.N.Bytes()))
	case ed25519.PublicKey:
		canon = fmt.Sprintf(`{"crv":"Ed25519","kty":"OKP","x":"%s"}`, b64(k))
	default:
		return ""
	}
	sum := sha256.Sum256([]byte(canon))
	return b64(sum[:])
}
