package validate

import (
	"bytes"
	"encoding/json"
	"os"
	"testing"
)

// pattern is the shared test data: byte i = (((i + seed) * 2654435761) mod 2^32) >> 24.
func pattern(n int, seed uint32) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(((uint32(i) + seed) * 2654435761) >> 24)
	}
	return b
}

type vector struct {
	Name               string `json:"name"`
	Length             int    `json:"length"`
	Seed               uint32 `json:"seed"`
	ChunkSize          int64  `json:"chunk_size"`
	Hash               string `json:"hash"`
	EffectiveChunkSize uint64 `json:"effective_chunk_size"`
	ChunkCount         uint64 `json:"chunk_count"`
	DigestHex          string `json:"digest_hex"`
	ManifestHex        string `json:"manifest_hex"`
}

func loadVectors(t *testing.T) []vector {
	path := os.Getenv("VLD_TEST_VECTORS")
	if path == "" {
		path = "../../tests/vectors/manifests.json"
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Comment string   `json:"_comment"`
		Vectors []vector `json:"vectors"`
	}
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Comment == "" || len(doc.Vectors) < 22 {
		t.Fatalf("incomplete vectors file %s", path)
	}
	return doc.Vectors
}

func newCtx(t *testing.T, params map[Param]int64) *Context {
	t.Helper()
	c, err := NewContext()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	for k, v := range params {
		if err := c.Set(k, v); err != nil {
			t.Fatal(err)
		}
	}
	return c
}

func bytesReader(b []byte) *bytes.Reader { return bytes.NewReader(b) }
