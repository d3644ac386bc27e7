package validate

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"
)

// runJob steps j with a tiny budget until done and returns its report.
func runJob(t *testing.T, j *Job) (*Report, int) {
	t.Helper()
	defer j.Close()
	steps, last := 0, uint64(0)
	for {
		done, err := j.Step(20 * time.Microsecond)
		if err != nil {
			t.Fatal(err)
		}
		steps++
		_, bytes, err := j.Position()
		if err != nil || bytes < last {
			t.Fatalf("position went back: %d < %d (%v)", bytes, last, err)
		}
		last = bytes
		if done {
			break
		}
	}
	r, err := j.Finish()
	if err != nil {
		t.Fatal(err)
	}
	return r, steps
}

func sameReport(t *testing.T, what string, got, want *Report) {
	t.Helper()
	if got.Summary != want.Summary || !reflect.DeepEqual(got.Ranges, want.Ranges) {
		t.Fatalf("%s: job %+v %v\none-shot %+v %v", what, got.Summary, got.Ranges, want.Summary, want.Ranges)
	}
	for i := uint64(0); i < want.Summary.ChunksTotal; i++ {
		a, _ := got.ChunkState(i)
		b, _ := want.ChunkState(i)
		if a != b {
			t.Fatalf("%s: chunk %d: job %d, one-shot %d", what, i, a, b)
		}
	}
}

func TestJobMatchesOneShot(t *testing.T) {
	good := pattern(200*cs+5, 9)
	data := damagedAt(good, 77*cs+1)
	c := newCtx(t, map[Param]int64{ParamChunkSize: cs})
	m, err := c.Build(good)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "obj")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	bg := context.Background()
	for _, d := range []Depth{DepthFull, DepthDeep, DepthSampled, DepthShallow} {
		c.Set(ParamDepth, int64(d))
		want, err := c.Verify(bg, m, data)
		if err != nil {
			t.Fatal(err)
		}
		copied := append([]byte(nil), data...)
		j, err := c.NewJob(m, copied)
		if err != nil {
			t.Fatal(err)
		}
		for i := range copied { // the job reads its own C copy
			copied[i] = 0
		}
		got, steps := runJob(t, j)
		sameReport(t, "buffer", got, want)
		if d == DepthFull && steps < 2 {
			t.Fatalf("a 20 µs budget verified 800 KiB in %d step", steps)
		}
		fj, err := c.NewFileJob(m, f)
		if err != nil {
			t.Fatal(err)
		}
		got, _ = runJob(t, fj)
		sameReport(t, "file", got, want)
	}
}

func TestJobResumeAndMisuse(t *testing.T) {
	data := damagedAt(pattern(100*cs, 3), 70*cs)
	c := newCtx(t, map[Param]int64{ParamChunkSize: cs})
	m, _ := c.Build(pattern(100*cs, 3))
	j, err := c.NewJob(m, data)
	if err != nil {
		t.Fatal(err)
	}
	if done, err := j.Step(time.Nanosecond); done || err != nil {
		t.Fatal(done, err)
	}
	next, _, _ := j.Position()
	a, err := j.Finish()
	if err != nil || a.Summary.ChunksInScope != next {
		t.Fatalf("%v %+v", err, a.Summary)
	}
	if _, err := j.Step(time.Millisecond); !errors.Is(err, ErrState) {
		t.Fatal(err)
	}
	j.Close()
	j.Close()
	if _, err := j.Step(time.Millisecond); err != ErrClosed {
		t.Fatal(err)
	}
	rest, err := c.NewJobRange(m, next, ChunksAll, data[next*cs:])
	if err != nil {
		t.Fatal(err)
	}
	b, _ := runJob(t, rest)
	merged, err := c.Merge(a, b)
	want, _ := c.Verify(context.Background(), m, data)
	if err != nil || !reflect.DeepEqual(merged.Ranges, want.Ranges) || merged.Summary.ChunksInScope != 100 {
		t.Fatalf("%v %+v", err, merged.Summary)
	}
	if _, err := c.NewJobRange(m, 101, 1, data); !errors.Is(err, ErrIndex) {
		t.Fatal(err)
	}
	if _, err := c.NewFileJob(m, nil); !errors.Is(err, ErrInvalidArgument) {
		t.Fatal(err)
	}

	// A cancelled job is done, says why, and gives its partial report.
	j, _ = c.NewJob(m, data)
	defer j.Close()
	c.Cancel()
	done, err := j.Step(time.Second)
	if !done || !errors.Is(err, ErrCancelled) {
		t.Fatal(done, err)
	}
	_, err = j.Finish()
	var e *Error
	if !errors.As(err, &e) || e.Report == nil || e.Report.Summary.Status != ErrCancelled {
		t.Fatal(err)
	}

	// The job keeps its Context and Manifest after they are closed.
	j2, _ := c.NewJob(m, data)
	m.Close()
	c.Close()
	r, _ := runJob(t, j2)
	if r.Summary.ChunksDamaged != 1 {
		t.Fatalf("%+v", r.Summary)
	}
}
