package validate

import (
	"context"
	"errors"
	"testing"
)

func TestBadInput(t *testing.T) {
	data := pattern(3*cs+1, 1)
	c := newCtx(t, map[Param]int64{ParamChunkSize: cs})
	m, err := c.Build(data)
	if err != nil {
		t.Fatal(err)
	}
	blob, _ := m.MarshalBinary()
	for i := range blob {
		bad := append([]byte(nil), blob...)
		bad[i] ^= 1
		if _, err := c.Load(bad); !errors.Is(err, ErrManifest) {
			t.Fatalf("byte %d: %v", i, err)
		}
	}
	if _, err := c.Load(blob[:10]); !errors.Is(err, ErrManifestTruncated) {
		t.Fatal(err)
	}
	if _, err := c.Load(append(blob, 0)); !errors.Is(err, ErrManifestTrailing) {
		t.Fatal(err)
	}
	err = c.Set(ParamChunkSize, 5000)
	var e *Error
	if !errors.As(err, &e) || e.Status != ErrOutOfRange || e.Detail == "" || !errors.Is(err, ErrOutOfRange) {
		t.Fatalf("%#v", err)
	}
	if _, err := c.VerifyFile(context.Background(), m, "/nonexistent/x"); !errors.Is(err, ErrIO) {
		t.Fatal(err)
	}
	r, _ := c.Verify(context.Background(), m, data)
	if _, err := r.ChunkState(99); !errors.Is(err, ErrIndex) {
		t.Fatal(err)
	}
	r.Close()
	if _, err := r.ChunkState(0); err != ErrClosed {
		t.Fatal(err)
	}
	s, _ := c.NewStream(m, nil)
	s.Write(data)
	if _, err := s.Finish(); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Write(data); !errors.Is(err, ErrState) {
		t.Fatal(err)
	}
	s.Close()
	if _, err := s.Write(data); err != ErrClosed {
		t.Fatal(err)
	}
	// Closing the context and manifest first is safe: the stream keeps them.
	s2, _ := c.NewStream(m, nil)
	m.Close()
	c.Close()
	if _, err := c.Build(data); err != ErrClosed {
		t.Fatal(err)
	}
	if _, err := s2.Write(data); err != nil {
		t.Fatal(err)
	}
	if r, err := s2.Finish(); err != nil || !r.OK() {
		t.Fatal(err)
	}
	s2.Close()
	for _, st := range []Status{ErrInvalidArgument, ErrManifestChecksum, ErrIO, ErrCancelled, ErrInternal} {
		if st.Name() == "VLD_E_UNKNOWN" {
			t.Fatalf("%d unknown to the library", st)
		}
	}
}
