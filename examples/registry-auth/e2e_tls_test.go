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
	"slices"
	"testing"
	"time"
)

// TestEndToEndTLS serves over HTTPS on loopback with a policy that allows
// user ci only over TLS: the client's push and pull succeed through the TLS
// realm, and the same request over plain HTTP is denied.
func TestEndToEndTLS(t *testing.T) {
	const id, secret = "LTAItestTLS00001", "test-tls-secret-0001"
	cfg := loadTestConfig(t, "testdata/tls.yaml")
	pool := x509.NewCertPool()
	cfg.TLSCertFile, cfg.TLSKeyFile = writeServerCert(t, t.TempDir(), pool)
	authz := newTestAuthorizer(t, cfg)
	srv, audit := startTestServer(t, cfg, authz)

	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.TLSClientConfig = &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}
	c := client{host: hostOf(t, srv.URL), transport: tr}
	img, err := c.push(t, "dev/tls:v1", id, secret)
	if err != nil {
		t.Fatalf("push over TLS: %v", err)
	}
	got, err := c.pull(t, "dev/tls:v1", id, secret)
	if err != nil || got != mustDigest(t, img) {
		t.Fatalf("pull over TLS: %v, %v", got, err)
	}
	if rc := authz.lastCall().Context; rc[keySecureTransport][0] != "true" {
		t.Fatalf("acs:SecureTransport = %v, want true", rc[keySecureTransport])
	}
	line := assertAudited(t, audit, "acs:ram::1111111111111111:user/ci", "cr:PushRepository", repoARN("dev/tls"), "Allow")
	if !slices.Equal(decidedBy(line), []string{"DevOverTLSOnly#0 (SecureDev)"}) {
		t.Errorf("decided by %v", decidedBy(line))
	}
	if srv.Realm != srv.URL+"/token" || srv.URL[:8] != "https://" {
		t.Fatalf("realm %q for URL %q", srv.Realm, srv.URL)
	}

	// The same configuration over plain HTTP: the token grants nothing.
	plain := loadTestConfig(t, "testdata/tls.yaml")
	off := false
	plain.EmbeddedRegistry = &off
	psrv, _ := startTestServer(t, plain, newTestAuthorizer(t, plain))
	status, body := getToken(t, http.DefaultClient, psrv.URL, plain.Service, id, secret, "repository:dev/tls:pull,push")
	if status != http.StatusOK {
		t.Fatalf("plain HTTP token: status %d: %s", status, body)
	}
	if _, access, _ := decodeToken(t, psrv, plain, body); len(access) != 0 {
		t.Fatalf("plain HTTP token grants %+v, want nothing", access)
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
