package validate

import (
	"context"
	"testing"
	"time"
)

// Throughput is supplied and the object stays under the 1 MiB refinement
// threshold, so every choice of the tuner is deterministic.
func TestTunerRotationCoversEveryChunk(t *testing.T) {
	const chunks = 240
	data := pattern(chunks*cs, 2)
	c := newCtx(t, map[Param]int64{ParamChunkSize: cs})
	m, err := c.Build(data)
	if err != nil {
		t.Fatal(err)
	}
	// 1 ms budget, 0.8 ms planned, 20 µs overhead, at 200 MB/s: 156 KB of
	// the 983 KB object, a rate of 15.9 %: t = 7 groups.
	c.Set(ParamBudgetMS, 1)
	c.Set(ParamCalibratedBPS, 200_000_000)
	seen := make([]int, chunks)
	for pass := uint32(0); pass < 7; pass++ {
		r, err := c.Verify(context.Background(), m, data)
		if err != nil {
			t.Fatal(err)
		}
		tu := r.Tuning()
		if !tu.Tuned || tu.Depth != DepthSampled || tu.Reasons != TuneFits|TuneRotated ||
			tu.Group != pass || tu.Groups != 7 || tu.Budget != time.Millisecond ||
			tu.Predicted > 800*time.Microsecond || tu.ThroughputBPS != 200e6 || tu.Actual <= 0 {
			t.Fatalf("pass %d: %+v", pass, tu)
		}
		if r.Summary.Depth != DepthSampled || !r.OK() {
			t.Fatalf("%+v", r.Summary)
		}
		for i := range seen {
			if st, _ := r.ChunkState(uint64(i)); st == ChunkOK {
				seen[i]++
			}
		}
		r.Close()
	}
	for i, n := range seen {
		if n != 1 {
			t.Fatalf("chunk %d checked %d times in 7 passes", i, n)
		}
	}

	// An ample budget keeps the depth asked for; no budget: untuned.
	c.Set(ParamBudgetMS, 50)
	c.Set(ParamCalibratedBPS, 1_000_000_000)
	c.Set(ParamDepth, int64(DepthDeep))
	r, _ := c.Verify(context.Background(), m, data)
	if tu := r.Tuning(); tu.Depth != DepthDeep || tu.Reasons != TuneFits|TuneCapped || !r.Summary.DigestOK {
		t.Fatalf("%+v", tu)
	}
	c.Set(ParamBudgetMS, 0)
	r, _ = c.Verify(context.Background(), m, data)
	if tu := r.Tuning(); tu.Tuned || tu.Depth != DepthDeep || tu.Actual <= 0 {
		t.Fatalf("%+v", tu)
	}
	r.Close()
	if r.Tuning().Depth != DepthDeep {
		t.Fatal("tuning is kept after Close")
	}
}

func TestTunerParamsAreBound(t *testing.T) {
	for _, p := range []Param{ParamMetricsIntervalMS, ParamLatencyWindow, ParamScaleCPUPct,
		ParamScaleLatencyMS, ParamScaleInPct, ParamScaleSustain, ParamScaleInSustain,
		ParamScaleCooldown, ParamRegressionPct, ParamBudgetMS, ParamMinDepth,
		ParamMinSamplePPM, ParamCalibratedBPS, ParamRotate} {
		if _, _, _, err := ParamBounds(p); err != nil {
			t.Fatalf("%d: %v", p, err)
		}
	}
	if _, _, def, _ := ParamBounds(ParamScaleCPUPct); def != 70 {
		t.Fatal(def)
	}
}
