package main

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-containerregistry/pkg/authn"
	"github.com/google/go-containerregistry/pkg/name"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/random"
	"github.com/google/go-containerregistry/pkg/v1/remote"
	"github.com/google/go-containerregistry/pkg/v1/remote/transport"
)

// client pushes and pulls with go-containerregistry, which does the token
// dance itself: GET /v2/ -> 401 with a Bearer challenge -> GET realm with
// basic auth and scopes -> retry with the bearer token.
type client struct {
	host      string // registry host:port, e.g. "127.0.0.1:5000"
	transport http.RoundTripper
}

// options returns the remote options for the given access key.
func (c client) options(id, secret string) []remote.Option {
	opts := []remote.Option{remote.WithContext(context.Background())}
	if id != "" {
		opts = append(opts, remote.WithAuth(&authn.Basic{Username: id, Password: secret}))
	}
	if c.transport != nil {
		opts = append(opts, remote.WithTransport(c.transport))
	}
	return opts
}

// ref parses host/repo:tag.
func (c client) ref(t *testing.T, repoTag string) name.Reference {
	t.Helper()
	ref, err := name.ParseReference(c.host + "/" + repoTag)
	if err != nil {
		t.Fatalf("parse reference %q: %v", repoTag, err)
	}
	return ref
}

// push writes a small random image to repoTag and returns it.
func (c client) push(t *testing.T, repoTag, id, secret string) (v1.Image, error) {
	t.Helper()
	img, err := random.Image(256, 2)
	if err != nil {
		t.Fatalf("random image: %v", err)
	}
	return img, remote.Write(c.ref(t, repoTag), img, c.options(id, secret)...)
}

// pull fetches the manifest and every layer blob of repoTag and returns
// the image digest.
func (c client) pull(t *testing.T, repoTag, id, secret string) (v1.Hash, error) {
	t.Helper()
	img, err := remote.Image(c.ref(t, repoTag), c.options(id, secret)...)
	if err != nil {
		return v1.Hash{}, err
	}
	layers, err := img.Layers()
	if err != nil {
		return v1.Hash{}, err
	}
	for _, l := range layers {
		rc, err := l.Compressed()
		if err != nil {
			return v1.Hash{}, err
		}
		_, err = io.Copy(io.Discard, rc)
		rc.Close()
		if err != nil {
			return v1.Hash{}, err
		}
	}
	return img.Digest()
}

// catalog lists the repositories.
func (c client) catalog(t *testing.T, id, secret string) ([]string, error) {
	t.Helper()
	reg, err := name.NewRegistry(c.host)
	if err != nil {
		t.Fatalf("registry name: %v", err)
	}
	return remote.Catalog(context.Background(), reg, c.options(id, secret)...)
}

// mustDigest returns img's digest.
func mustDigest(t *testing.T, img v1.Image) v1.Hash {
	t.Helper()
	d, err := img.Digest()
	if err != nil {
		t.Fatalf("digest: %v", err)
	}
	return d
}

// isRefused reports whether err is the registry refusing access (401 or
// 403 from the registry, not a failure of the token endpoint).
func isRefused(err error) bool {
	var terr *transport.Error
	if !errors.As(err, &terr) {
		return false
	}
	return (terr.StatusCode == http.StatusUnauthorized || terr.StatusCode == http.StatusForbidden) &&
		(terr.Request == nil || !strings.Contains(terr.Request.URL.Path, "/token"))
}
