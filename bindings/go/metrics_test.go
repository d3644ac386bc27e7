package validate

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"
)

func TestMetricsCallbackOnRealWork(t *testing.T) {
	data := pattern(40*64*cs, 6) // 10 MiB: verified by the worker threads
	c := newCtx(t, map[Param]int64{ParamChunkSize: cs, ParamThreads: 4, ParamMetricsIntervalMS: 0})
	m, _ := c.Build(data)
	var done, events int64
	c.SetMetricsCallback(func(s Metrics) error {
		if s.Reason == MetricsDone {
			atomic.AddInt64(&done, 1)
		}
		atomic.AddInt64(&events, int64(s.Events))
		return nil
	})
	for i := 0; i < 3; i++ {
		if _, err := c.Verify(context.Background(), m, data); err != nil {
			t.Fatal(err)
		}
	}
	if atomic.LoadInt64(&done) != 3 {
		t.Fatal(done)
	}
	s, err := c.Metrics()
	if err != nil || s.VerificationsCompleted != 3 || s.BytesHashed != 3*uint64(len(data)) ||
		s.ChunksOK != 3*40*64 || s.Depth != DepthFull || s.LatencyP50MS <= 0 || s.RunnersMax != 4 {
		t.Fatalf("%v %+v", err, s)
	}
	c.SetMetricsCallback(nil)
	if _, err := c.Verify(context.Background(), m, data); err != nil || atomic.LoadInt64(&done) != 3 {
		t.Fatal(err, done)
	}
}

func TestMetricsCallbackPanicIsRecovered(t *testing.T) {
	data := pattern(40*64*cs, 7)
	c := newCtx(t, map[Param]int64{ParamChunkSize: cs, ParamMetricsIntervalMS: 0})
	m, _ := c.Build(data)
	bg := context.Background()
	c.SetMetricsCallback(func(Metrics) error { panic("metrics boom") })
	_, err := c.Verify(bg, m, data)
	var pe *PanicError
	var e *Error
	if !errors.Is(err, ErrCallbackAbort) || !errors.As(err, &pe) || pe.Value != "metrics boom" ||
		!errors.As(err, &e) || e.Report == nil {
		t.Fatalf("%v", err)
	}
	// Also at the end of a job, and for an observation.
	j, _ := c.NewJob(m, data)
	defer j.Close()
	for done := false; !done; done, err = j.Step(time.Second) {
		if err != nil {
			break
		}
	}
	if _, err := j.Finish(); !errors.As(err, &pe) {
		t.Fatalf("%v", err)
	}
	stop := errors.New("stop scaling")
	c.SetMetricsCallback(func(Metrics) error { return stop })
	if _, err := c.Observe(Observation{Bytes: 1, Latency: time.Millisecond}); !errors.Is(err, ErrCallbackAbort) || !errors.Is(err, stop) {
		t.Fatalf("%v", err)
	}
	// The context is still fine once the callback is gone.
	c.SetMetricsCallback(nil)
	if r, err := c.Verify(bg, m, data); err != nil || !r.OK() {
		t.Fatal(err)
	}
}

func TestClockPanicIsAnError(t *testing.T) {
	c := newCtx(t, nil)
	var boom int32
	err := c.SetClock(func() uint64 {
		if atomic.LoadInt32(&boom) != 0 {
			panic("clock boom")
		}
		return 42
	})
	if err != nil {
		t.Fatal(err)
	}
	atomic.StoreInt32(&boom, 1)
	_, err = c.Metrics()
	var pe *PanicError
	if !errors.As(err, &pe) || pe.Value != "clock boom" {
		t.Fatalf("%v", err)
	}
	atomic.StoreInt32(&boom, 0)
	if s, err := c.Metrics(); err != nil || s.NowNS != 42 {
		t.Fatal(err, s.NowNS)
	}
	if err := c.SetClock(nil); err != nil {
		t.Fatal(err)
	}
	c.Close()
	if _, err := c.Metrics(); err != ErrClosed {
		t.Fatal(err)
	}
	if _, err := c.Observe(Observation{}); err != ErrClosed {
		t.Fatal(err)
	}
}
