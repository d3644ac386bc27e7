package validate

/*
#include <stdint.h>
#include "shim.h"
*/
import "C"

import (
	"unsafe"
)

// SetMetricsCallback installs fn (nil removes it). It gets a snapshot
// every ParamMetricsIntervalMS while work runs and one at the end of each
// verification, with the scaling policy's Events; deliveries never overlap
// for one Context but may come from a C worker thread. A non-nil error or
// a panic cancels the work in flight on the Context, which then fails with
// ErrCallbackAbort wrapping it (a *PanicError for a panic). A stop at the
// snapshot that ends a verification leaves that verification complete (the
// library only cancels work still in flight): it still returns the error,
// with the complete Report attached. fn must not start work on the same Context. While a callback is installed the
// library also measures runner CPU time.
func (c *Context) SetMetricsCallback(fn func(Metrics) error) error {
	return c.with(func(p *C.vld_ctx) error {
		hb, id := c.hubs.get(&c.t)
		hb.setMu.Lock()
		defer hb.setMu.Unlock()
		hb.metrics.Store(metricsFn{fn})
		if fn == nil && !hb.observed {
			id = 0
		}
		return check("vld_ctx_set_metrics_callback", C.vldgo_set_metrics(p, C.uintptr_t(id)), p)
	})
}

// SetClock replaces the Context's monotonic nanosecond clock (nil restores
// CLOCK_MONOTONIC), for virtual time and deterministic tests. Set it before
// any work. fn may be called concurrently from C threads, and must not call
// into this Context. A panic makes time stand still and fails the
// operation that read the clock with the *PanicError.
func (c *Context) SetClock(fn func() uint64) error {
	return c.with(func(p *C.vld_ctx) error {
		hb, id := c.hubs.get(&c.t)
		hb.setMu.Lock()
		defer hb.setMu.Unlock()
		if fn == nil {
			id = 0
		}
		hb.clock.Store(clockFn{fn})
		err := check("vld_ctx_set_clock", C.vldgo_set_clock(p, C.uintptr_t(id)), p)
		return c.finishErr(nil, err) // the library reads the new clock at once
	})
}

// Metrics takes a snapshot now (Reason MetricsPull; no events are raised).
func (c *Context) Metrics() (Metrics, error) {
	var out C.vld_metrics
	err := c.with(func(p *C.vld_ctx) error {
		out.size = C.size_t(unsafe.Sizeof(out))
		return check("vld_ctx_get_metrics", C.vld_ctx_get_metrics(p, &out), p)
	})
	if err = c.finishErr(nil, err); err != nil {
		return Metrics{}, err
	}
	return metricsFromC(&out), nil
}

// Observe feeds a measurement to the metrics, the scaling policy and the
// tuner exactly as a completed verification would, and returns the
// snapshot it produced: its Events and Alerts are the policy's verdict.
// The metrics callback, if any, gets the same snapshot; its error or
// panic comes back as ErrCallbackAbort. From the first Observe on, the
// Context keeps a metrics trampoline installed so the policy runs (the
// library evaluates it only for delivered snapshots).
func (c *Context) Observe(o Observation) (Metrics, error) {
	var out C.vld_metrics
	co := o.toC()
	err := c.with(func(p *C.vld_ctx) error {
		if err := c.observing(p); err != nil {
			return err
		}
		return check("vld_ctx_observe", C.vldgo_observe(p, &co, &out), p)
	})
	err = c.finishErr(nil, err)
	var m Metrics
	if out.size != 0 {
		m = metricsFromC(&out)
	}
	return m, err
}

// observing installs the trampoline once, for Observe's policy.
func (c *Context) observing(p *C.vld_ctx) error {
	hb, id := c.hubs.get(&c.t)
	hb.setMu.Lock()
	defer hb.setMu.Unlock()
	if hb.observed {
		return nil
	}
	if err := check("vld_ctx_set_metrics_callback", C.vldgo_set_metrics(p, C.uintptr_t(id)), p); err != nil {
		return err
	}
	hb.observed = true
	return nil
}
