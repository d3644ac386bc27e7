package validate

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

const cs = 4096

func damagedAt(data []byte, off int) []byte {
	d := append([]byte(nil), data...)
	d[off] ^= 0x40
	return d
}

func assertChunk(t *testing.T, r *Report, err error, index uint64) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
	want := []Range{{index * cs, cs, 0}}
	if r.Summary.Verdict != VerdictCorrupt || !reflect.DeepEqual(r.Ranges, want) {
		t.Fatalf("got %+v %+v", r.Summary, r.Ranges)
	}
	if dc, _ := r.DamagedChunks(); !reflect.DeepEqual(dc, []uint64{index}) {
		t.Fatalf("damaged chunks %v", dc)
	}
}

func TestDamageLocalized(t *testing.T) {
	data := pattern(10*cs+100, 3)
	c := newCtx(t, map[Param]int64{ParamChunkSize: cs, ParamThreads: 2})
	m, err := c.Build(data)
	if err != nil {
		t.Fatal(err)
	}
	bg := context.Background()
	bad := damagedAt(data, 3*cs+7)
	r, err := c.Verify(bg, m, bad)
	assertChunk(t, r, err, 3)

	path := filepath.Join(t.TempDir(), "obj")
	if err := os.WriteFile(path, bad, 0o600); err != nil {
		t.Fatal(err)
	}
	r, err = c.VerifyFile(bg, m, path)
	assertChunk(t, r, err, 3)
	f, _ := os.Open(path)
	defer f.Close()
	r, err = c.VerifyOSFile(bg, m, f)
	assertChunk(t, r, err, 3)

	var early []Range
	r, err = c.VerifyReader(bg, m, bytes.NewReader(bad), func(rg Range) error { early = append(early, rg); return nil })
	assertChunk(t, r, err, 3)
	if len(early) != 1 || early[0].Offset != 3*cs {
		t.Fatalf("damage callback got %v", early)
	}

	r, err = c.Verify(bg, m, data[:4*cs+10])
	if err != nil || r.Summary.Verdict != VerdictLengthMismatch ||
		r.Ranges[len(r.Ranges)-1] != (Range{4 * cs, uint64(len(data) - 4*cs), RangeMissing}) {
		t.Fatalf("truncation: %v %+v", err, r.Ranges)
	}

	a, err := c.VerifyRange(bg, m, 0, 5, bad)
	if err != nil {
		t.Fatal(err)
	}
	b, err := c.VerifyRange(bg, m, 5, ChunksAll, bad[5*cs:])
	if err != nil {
		t.Fatal(err)
	}
	r, err = c.Merge(a, b)
	assertChunk(t, r, err, 3)
}
