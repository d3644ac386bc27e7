package validate

/*
#include <stdint.h>
#include <libvalidate.h>
*/
import "C"

import (
	"runtime/cgo"
	"sync"
	"sync/atomic"
	"unsafe"
)

// hub is what the C metrics and clock trampolines reach through one
// cgo.Handle per Context. The handle lives until the C context is freed,
// so a callback in flight on a C thread never meets a deleted handle;
// changing a function only swaps an atomic value, which the trampolines
// read without locks (the clock is called under the library's own lock).
type hub struct {
	t       *trap
	setMu   sync.Mutex   // serializes the setters, never taken by a trampoline
	metrics atomic.Value // metricsFn
	clock   atomic.Value // clockFn
	last    uint64       // the clock's last reading (atomic)
	// observed: Observe was used, so the trampoline stays installed (the
	// library evaluates its policy only while a metrics callback is set).
	observed bool
}

type (
	metricsFn struct{ fn func(Metrics) error }
	clockFn   struct{ fn func() uint64 }
)

// hubSlot is the Context's lazily made hub.
type hubSlot struct {
	mu sync.Mutex
	h  *hub
	id cgo.Handle
}

// get returns the hub, making it on first use. Call it only with the C
// context held, so that release (run after the C context is freed) comes later.
func (s *hubSlot) get(t *trap) (*hub, cgo.Handle) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.h == nil {
		s.h = &hub{t: t}
		s.h.metrics.Store(metricsFn{})
		s.h.clock.Store(clockFn{})
		s.id = cgo.NewHandle(s.h)
	}
	return s.h, s.id
}

func (s *hubSlot) release() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.id != 0 {
		s.id.Delete()
		s.id, s.h = 0, nil
	}
}

//export goVldMetrics
func goVldMetrics(h C.uintptr_t, snapshot unsafe.Pointer) C.int {
	hb := cgo.Handle(h).Value().(*hub)
	fn := hb.metrics.Load().(metricsFn).fn
	if fn == nil {
		return 0 // installed for Observe's policy only
	}
	m := metricsFromC((*C.vld_metrics)(snapshot))
	if guard(hb.t, func() error { return fn(m) }) != nil {
		return 1
	}
	return 0
}

//export goVldClock
func goVldClock(h C.uintptr_t) C.uint64_t {
	hb := cgo.Handle(h).Value().(*hub)
	fn := hb.clock.Load().(clockFn).fn
	if fn == nil {
		return C.uint64_t(atomic.LoadUint64(&hb.last))
	}
	var now uint64
	if guard(hb.t, func() error { now = fn(); return nil }) != nil {
		// A clock cannot stop the work: the operation that read it
		// fails with the panic afterwards, and time stands still.
		return C.uint64_t(atomic.LoadUint64(&hb.last))
	}
	atomic.StoreUint64(&hb.last, now)
	return C.uint64_t(now)
}
