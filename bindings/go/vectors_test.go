package validate

import (
	"bytes"
	"context"
	"encoding/hex"
	"testing"
)

func TestVectors(t *testing.T) {
	hashes := map[string]Hash{"xxh3": HashXXH3_64, "xxh128": HashXXH3_128}
	for _, v := range loadVectors(t) {
		v := v
		t.Run(v.Name, func(t *testing.T) {
			data := pattern(v.Length, v.Seed)
			want, _ := hex.DecodeString(v.ManifestHex)
			c := newCtx(t, map[Param]int64{ParamChunkSize: v.ChunkSize, ParamHash: int64(hashes[v.Hash])})
			m, err := c.Build(data)
			if err != nil {
				t.Fatal(err)
			}
			defer m.Close()
			got, err := m.MarshalBinary()
			if err != nil || !bytes.Equal(got, want) {
				t.Fatalf("manifest differs (%v)", err)
			}
			if hex.EncodeToString(m.Digest[:]) != v.DigestHex || m.ChunkSize != v.EffectiveChunkSize || m.ChunkCount != v.ChunkCount {
				t.Fatalf("info differs: %+v", m)
			}
			loaded, err := c.Load(want)
			if err != nil {
				t.Fatal(err)
			}
			defer loaded.Close()
			r, err := c.Verify(context.Background(), loaded, data)
			if err != nil || !r.OK() {
				t.Fatalf("verify: %v %+v", err, r)
			}
			if v.Length <= 4<<20 {
				b, err := c.BuildReader(context.Background(), bytes.NewReader(data), uint64(len(data)))
				if err != nil {
					t.Fatal(err)
				}
				if got, _ := b.MarshalBinary(); !bytes.Equal(got, want) {
					t.Fatal("streamed manifest differs")
				}
			}
		})
	}
}
