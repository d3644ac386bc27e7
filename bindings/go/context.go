package validate

/*
#include <stdint.h>
#include "shim.h"
*/
import "C"

import (
	"context"
	"runtime"
	"runtime/cgo"
	"sync"
	"unsafe"
)

// Depth, Hash and Param mirror vld_depth, vld_hash and vld_param.
type (
	Depth int
	Hash  int
	Param int
)

const (
	DepthShallow Depth = C.VLD_DEPTH_SHALLOW
	DepthSampled Depth = C.VLD_DEPTH_SAMPLED
	DepthFull    Depth = C.VLD_DEPTH_FULL
	DepthDeep    Depth = C.VLD_DEPTH_DEEP

	HashXXH3_64  Hash = C.VLD_HASH_XXH3_64
	HashXXH3_128 Hash = C.VLD_HASH_XXH3_128
	HashXXH32    Hash = C.VLD_HASH_XXH32
	HashXXH64    Hash = C.VLD_HASH_XXH64

	ParamDepth         Param = C.VLD_PARAM_DEPTH
	ParamChunkSize     Param = C.VLD_PARAM_CHUNK_SIZE
	ParamHash          Param = C.VLD_PARAM_HASH
	ParamSampleRatePPM Param = C.VLD_PARAM_SAMPLE_RATE_PPM
	ParamSampleSeed    Param = C.VLD_PARAM_SAMPLE_SEED
	ParamSampleGroup   Param = C.VLD_PARAM_SAMPLE_GROUP
	ParamSampleGroups  Param = C.VLD_PARAM_SAMPLE_GROUPS
	ParamMaxRanges     Param = C.VLD_PARAM_MAX_RANGES
	ParamThreads       Param = C.VLD_PARAM_THREADS
	ParamReread        Param = C.VLD_PARAM_REREAD
)

// LengthUnknown is the total a progress callback gets for a stream of unknown length.
const LengthUnknown = ^uint64(0)

// Context holds parameters, callbacks and error detail (vld_ctx). It is
// safe for concurrent use; Close it when done.
type Context struct {
	h        handle
	t        trap
	mu       sync.Mutex
	progress cgo.Handle
	check    cgo.Handle
	hubs     hubSlot // metrics callback and clock
}

// NewContext returns a context with default parameters and the C allocator.
func NewContext() (*Context, error) {
	var p *C.vld_ctx
	if err := check("vld_ctx_new", C.vld_ctx_new(nil, &p), nil); err != nil {
		return nil, err
	}
	c := &Context{}
	c.h = handle{ptr: unsafe.Pointer(p), free: func(p unsafe.Pointer) { C.vld_ctx_free((*C.vld_ctx)(p)) }}
	c.h.after = c.deleteHandles
	runtime.SetFinalizer(c, (*Context).Close)
	return c, nil
}

// Close frees the context once no call, Stream, Builder or Job uses it.
func (c *Context) Close() error {
	c.h.close()
	return nil
}

func (c *Context) deleteHandles() {
	c.hubs.release()
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, h := range []*cgo.Handle{&c.progress, &c.check} {
		if *h != 0 {
			h.Delete()
			*h = 0
		}
	}
}

// with runs fn with the C context held.
func (c *Context) with(fn func(*C.vld_ctx) error) error {
	p, err := c.h.acquire()
	if err != nil {
		return err
	}
	defer c.h.release()
	return fn((*C.vld_ctx)(p))
}

// Set sets a parameter for operations started afterwards.
func (c *Context) Set(param Param, value int64) error {
	return c.with(func(p *C.vld_ctx) error {
		return check("vld_ctx_set_param", C.vld_ctx_set_param(p, C.vld_param(param), C.int64_t(value)), p)
	})
}

// Get reads a parameter.
func (c *Context) Get(param Param) (int64, error) {
	var v C.int64_t
	err := c.with(func(p *C.vld_ctx) error {
		return check("vld_ctx_get_param", C.vld_ctx_get_param(p, C.vld_param(param), &v), p)
	})
	return int64(v), err
}

// ResetParams restores every parameter to its default.
func (c *Context) ResetParams() error {
	return c.with(func(p *C.vld_ctx) error { return check("vld_ctx_reset_params", C.vld_ctx_reset_params(p), p) })
}

// ParamBounds gives a parameter's inclusive bounds and default.
func ParamBounds(param Param) (min, max, def int64, err error) {
	var lo, hi, d C.int64_t
	err = check("vld_param_bounds", C.vld_param_bounds(C.vld_param(param), &lo, &hi, &d), nil)
	return int64(lo), int64(hi), int64(d), err
}

// Cancel stops every verification and job in flight on this context.
func (c *Context) Cancel() error {
	return c.with(func(p *C.vld_ctx) error { return check("vld_ctx_cancel", C.vld_ctx_cancel(p), p) })
}

// LastError is the detail of the most recent error recorded on the context.
func (c *Context) LastError() string {
	s := ""
	_ = c.with(func(p *C.vld_ctx) error { s = lastError(p); return nil })
	return s
}

// SetProgress installs fn (nil removes it). It gets bytes done and the
// total (LengthUnknown for a stream); a non-nil error, or a panic, stops the
// operation with ErrCallbackAbort wrapping it. It may run on a C thread.
func (c *Context) SetProgress(fn func(done, total uint64) error) error {
	var h cgo.Handle
	if fn != nil {
		h = cgo.NewHandle(&progressCB{fn: fn, t: &c.t})
	}
	return c.swap(&c.progress, h, func(p *C.vld_ctx) C.vld_status { return C.vldgo_set_progress(p, C.uintptr_t(h)) })
}

// SetChunkCheck installs the deep-depth host check (nil removes it): false
// marks the chunk damaged (RangeHost). data is valid only during the call.
// A panic marks the chunk damaged and cancels the context's operations,
// which then fail with the *PanicError wrapped. Runs concurrently on C threads.
func (c *Context) SetChunkCheck(fn func(index, offset uint64, data []byte) bool) error {
	var h cgo.Handle
	if fn != nil {
		h = cgo.NewHandle(&chunkCheckCB{fn: fn, t: &c.t, cancel: c.cancelRaw})
	}
	return c.swap(&c.check, h, func(p *C.vld_ctx) C.vld_status { return C.vldgo_set_chunk_check(p, C.uintptr_t(h)) })
}

// cancelRaw cancels from inside an operation, which holds a reference, so
// it works even after Close was called during the operation.
func (c *Context) cancelRaw() {
	c.h.mu.Lock()
	p := c.h.ptr
	c.h.mu.Unlock()
	if p != nil {
		C.vld_ctx_cancel((*C.vld_ctx)(p))
	}
}

func (c *Context) swap(slot *cgo.Handle, h cgo.Handle, set func(*C.vld_ctx) C.vld_status) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	err := c.with(func(p *C.vld_ctx) error { return check("vld_ctx_set_callback", set(p), p) })
	if err != nil {
		if h != 0 {
			h.Delete()
		}
		return err
	}
	// The old function is no longer reachable from C once set() returned,
	// except by an operation in flight: callers must not swap callbacks
	// under a running verification (as in C).
	if *slot != 0 {
		slot.Delete()
	}
	*slot = h
	return nil
}

// watch maps ctx's cancellation to vld_ctx_cancel() for the duration of
// one call. The returned stop must be called before the C context is released.
func watch(ctx context.Context, p *C.vld_ctx) (stop func()) {
	if ctx.Done() == nil {
		return func() {}
	}
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		select {
		case <-ctx.Done():
			C.vld_ctx_cancel(p)
		case <-done:
		}
	}()
	return func() {
		close(done)
		wg.Wait()
	}
}

// finishErr completes err (from a call that may have been stopped by a
// callback or by ctx) with the cause.
func (c *Context) finishErr(ctx context.Context, err error) error {
	cause := c.t.take()
	if err == nil {
		if cause != nil {
			return &Error{Op: "callback", Status: ErrCallbackAbort, Err: cause}
		}
		return nil
	}
	if e, ok := err.(*Error); ok && e.Err == nil {
		if cause != nil {
			e.Err = cause
		} else if ctx != nil && ctx.Err() != nil {
			e.Err = ctx.Err()
		}
	}
	return err
}

// rawPtr is the context's C pointer for a dependent handle (a stream,
// builder or job) that holds the context as a dependency, so the pointer is
// valid; the lock only orders the read.
func (c *Context) rawPtr() *C.vld_ctx {
	c.h.mu.Lock()
	defer c.h.mu.Unlock()
	return (*C.vld_ctx)(c.h.ptr)
}
