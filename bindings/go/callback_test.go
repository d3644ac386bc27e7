package validate

import (
	"context"
	"errors"
	"testing"
	"time"
)

func TestCallbacks(t *testing.T) {
	data := pattern(40*64*cs, 2) // 10 MiB: several progress calls
	c := newCtx(t, map[Param]int64{ParamChunkSize: cs})
	m, err := c.Build(data)
	if err != nil {
		t.Fatal(err)
	}
	bg := context.Background()
	calls := 0
	c.SetProgress(func(done, total uint64) error { calls++; return nil })
	if r, err := c.Verify(bg, m, data); err != nil || !r.OK() || calls < 2 {
		t.Fatalf("%v %d", err, calls)
	}
	stop := errors.New("stop")
	c.SetProgress(func(done, total uint64) error { return stop })
	_, err = c.Verify(bg, m, data)
	var e *Error
	if !errors.Is(err, ErrCallbackAbort) || !errors.Is(err, stop) || !errors.As(err, &e) || e.Report == nil {
		t.Fatalf("%v", err)
	}
	c.SetProgress(func(done, total uint64) error { panic("boom") })
	_, err = c.Verify(bg, m, data)
	var pe *PanicError
	if !errors.Is(err, ErrCallbackAbort) || !errors.As(err, &pe) || pe.Value != "boom" {
		t.Fatalf("%v", err)
	}
	c.SetProgress(nil)

	c.Set(ParamDepth, int64(DepthDeep))
	c.SetChunkCheck(func(i, off uint64, b []byte) bool { return i != 7 })
	r, err := c.Verify(bg, m, data)
	if err != nil || len(r.Ranges) != 1 || r.Ranges[0] != (Range{7 * cs, cs, RangeHost}) {
		t.Fatalf("%v %+v", err, r.Ranges)
	}
	c.SetChunkCheck(func(i, off uint64, b []byte) bool { panic(i) })
	if _, err = c.Verify(bg, m, data); !errors.As(err, &pe) {
		t.Fatalf("%v", err)
	}
	c.SetChunkCheck(nil)
	c.Set(ParamDepth, int64(DepthFull))

	bad := damagedAt(data, 3*cs)
	_, err = c.VerifyReader(bg, m, bytesReader(bad), func(Range) error { panic("damage") })
	if !errors.Is(err, ErrCallbackAbort) || !errors.As(err, &pe) {
		t.Fatalf("%v", err)
	}
}

func TestContextCancellation(t *testing.T) {
	data := pattern(40*64*cs, 4)
	c := newCtx(t, map[Param]int64{ParamChunkSize: cs, ParamThreads: 1})
	m, _ := c.Build(data)
	ctx, cancel := context.WithCancel(context.Background())
	started := make(chan struct{}, 1)
	release := make(chan struct{})
	c.SetProgress(func(done, total uint64) error {
		select {
		case started <- struct{}{}:
			<-release
		default:
		}
		return nil
	})
	errc := make(chan error)
	go func() { _, err := c.Verify(ctx, m, data); errc <- err }()
	<-started
	cancel()
	time.Sleep(100 * time.Millisecond) // let the watcher call vld_ctx_cancel
	close(release)
	err := <-errc
	var e *Error
	if !errors.Is(err, ErrCancelled) || !errors.Is(err, context.Canceled) || !errors.As(err, &e) || e.Report == nil {
		t.Fatalf("%v", err)
	}
	if _, err := c.Verify(ctx, m, data); !errors.Is(err, context.Canceled) {
		t.Fatal(err)
	}
}
