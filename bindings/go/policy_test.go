package validate

import (
	"sync/atomic"
	"testing"
	"time"
)

const step = 100 * time.Millisecond // fake time per observation

// policyCtx has an injected clock that observe() advances by hand.
func policyCtx(t *testing.T) (*Context, func(cpu float64, queued uint64, active uint32) Metrics) {
	c := newCtx(t, map[Param]int64{ParamThreads: 2})
	var now uint64 = 1000 * uint64(step)
	if err := c.SetClock(func() uint64 { return atomic.LoadUint64(&now) }); err != nil {
		t.Fatal(err)
	}
	return c, func(cpu float64, queued uint64, active uint32) Metrics {
		t.Helper()
		atomic.AddUint64(&now, uint64(step))
		m, err := c.Observe(Observation{
			Bytes: 64 << 20, Latency: time.Millisecond,
			CPU:          time.Duration(cpu * 2 * float64(step)), // of 2 runners
			QueuedChunks: queued, RunnersActive: active,
		})
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
}

func TestPolicyScaleOutAfterSustain(t *testing.T) {
	c, observe := policyCtx(t)
	var seen []Event // the callback sees the same snapshots
	c.SetMetricsCallback(func(m Metrics) error { seen = append(seen, m.Events); return nil })
	for i := 0; i < 2; i++ {
		if m := observe(0.9, 10, 2); m.Events != 0 || m.Reason != MetricsDone {
			t.Fatalf("observation %d: %+v", i+1, m)
		}
	}
	m := observe(0.9, 10, 2)
	if m.Events != EventScaleOut || m.RunnersMax != 2 || m.RunnerCPUUtilization < 0.89 || m.RunnerCPUUtilization > 0.91 {
		t.Fatalf("%+v", m)
	}
	if len(seen) != 3 || seen[2] != EventScaleOut {
		t.Fatal(seen)
	}
	pull, err := c.Metrics()
	if err != nil || pull.Reason != MetricsPull || pull.Events != 0 || pull.VerificationsCompleted != 3 ||
		pull.BytesHashed != 3*64<<20 || pull.NowNS != 1003*uint64(step) || pull.Elapsed != 3*step {
		t.Fatalf("%v %+v", err, pull)
	}

	// Busy CPU without queued work, or with an idle runner: never.
	for _, k := range []struct {
		queued uint64
		active uint32
	}{{0, 2}, {10, 1}} {
		_, observe := policyCtx(t)
		for i := 0; i < 30; i++ {
			if m := observe(0.95, k.queued, k.active); m.Events&EventScaleOut != 0 {
				t.Fatalf("%+v: scale-out at %d", k, i)
			}
		}
	}
}

func TestPolicyCooldown(t *testing.T) {
	_, observe := policyCtx(t) // no callback: Observe alone runs the policy
	var fired []int
	for i := 1; i <= 40; i++ {
		if observe(0.95, 10, 2).Events&EventScaleOut != 0 {
			fired = append(fired, i)
		}
	}
	// Sustain 3, then 10 quiet snapshots before it may fire again.
	if want := []int{3, 14, 25, 36}; len(fired) != len(want) || fired[0] != 3 || fired[1] != 14 || fired[2] != 25 || fired[3] != 36 {
		t.Fatalf("fired at %v, want %v", fired, want)
	}

	c, observe := policyCtx(t)
	c.Set(ParamScaleCooldown, 0)
	c.Set(ParamScaleSustain, 1)
	if observe(0.95, 10, 2).Events != EventScaleOut || observe(0.95, 10, 2).Events != EventScaleOut {
		t.Fatal("sustain 1, cooldown 0 fires at every snapshot")
	}
}
