package validate

import (
	"sync"
	"unsafe"
)

// handle owns one C pointer. A call in flight or a dependent handle holds a
// reference; the pointer is freed once the owner is closed and the last
// reference is gone, so Close racing with a call on another goroutine (or
// closing a Context before its Streams) never frees memory C still uses.
type handle struct {
	mu     sync.Mutex
	ptr    unsafe.Pointer
	refs   int
	closed bool
	free   func(unsafe.Pointer)
	deps   []*handle // released after free
	after  func()    // run after free (e.g. release C copies, cgo handles)
}

func (h *handle) acquire() (unsafe.Pointer, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed || h.ptr == nil {
		return nil, ErrClosed
	}
	h.refs++
	return h.ptr, nil
}

func (h *handle) release() {
	h.mu.Lock()
	h.refs--
	p := h.takeIfDone()
	h.mu.Unlock()
	h.destroy(p)
}

func (h *handle) close() {
	h.mu.Lock()
	h.closed = true
	p := h.takeIfDone()
	h.mu.Unlock()
	h.destroy(p)
}

func (h *handle) takeIfDone() unsafe.Pointer {
	if !h.closed || h.refs != 0 || h.ptr == nil {
		return nil
	}
	p := h.ptr
	h.ptr = nil
	return p
}

func (h *handle) destroy(p unsafe.Pointer) {
	if p == nil {
		return
	}
	h.free(p)
	if h.after != nil {
		h.after()
	}
	for _, d := range h.deps {
		d.release()
	}
	h.deps = nil
}

// acquireAll takes a reference on each handle, or none on error.
func acquireAll(hs ...*handle) ([]unsafe.Pointer, func(), error) {
	ptrs := make([]unsafe.Pointer, 0, len(hs))
	done := func() {
		for i := range ptrs {
			hs[i].release()
		}
	}
	for _, h := range hs {
		p, err := h.acquire()
		if err != nil {
			done()
			return nil, nil, err
		}
		ptrs = append(ptrs, p)
	}
	return ptrs, done, nil
}
