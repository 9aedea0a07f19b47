package main

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"math/big"
	"net"
	"net/http"
	"testing"
	"time"
)

// TestEndToEndTLS serves over HTTPS on loopback: the client's push and
// pull succeed through the TLS realm, and acs:SecureTransport is "true".
func TestEndToEndTLS(t *testing.T) {
	cfg := loadTestConfig(t, "fake.yaml")
	pool := x509.NewCertPool()
	cfg.TLSCertFile, cfg.TLSKeyFile = writeServerCert(t, t.TempDir(), pool)
	fake := &fakeAuthorizer{rules: plumbingRules}
	srv, _ := startTestServer(t, cfg, fake)

	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.TLSClientConfig = &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}
	c := client{host: hostOf(t, srv.URL), transport: tr}
	img, err := c.push(t, "dev/tls:v1", "AKDEV0000001", "dev-secret-000001")
	if err != nil {
		t.Fatalf("push over TLS: %v", err)
	}
	got, err := c.pull(t, "dev/tls:v1", "AKREADER0001", "reader-secret-0001")
	if err != nil || got != mustDigest(t, img) {
		t.Fatalf("pull over TLS: %v, %v", got, err)
	}
	if rc := fake.lastCall().Context; rc[keySecureTransport][0] != "true" {
		t.Fatalf("acs:SecureTransport = %v, want true", rc[keySecureTransport])
	}
	if srv.Realm != srv.URL+"/token" || srv.URL[:8] != "https://" {
		t.Fatalf("realm %q for URL %q", srv.Realm, srv.URL)
	}
}

// writeServerCert writes a self-signed certificate for 127.0.0.1 and its
// key to dir, adds the certificate to pool, and returns the file paths.
func writeServerCert(t *testing.T, dir string, pool *x509.CertPool) (certFile, keyFile string) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: "127.0.0.1"},
		IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)},
		NotBefore:   time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, key.Public(), key)
	if err != nil {
		t.Fatal(err)
	}
	cert, _ := x509.ParseCertificate(der)
	pool.AddCert(cert)
	keyDER, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	return writePEM(t, dir, "tls-cert.pem", "CERTIFICATE", der), writePEM(t, dir, "tls-key.pem", "PRIVATE KEY", keyDER)
}
