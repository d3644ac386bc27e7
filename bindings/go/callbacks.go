package validate

/*
#include <stdint.h>
#include <stddef.h>
*/
import "C"

import (
	"runtime/cgo"
	"sync"
	"unsafe"
)

// trap keeps the first error a callback produced during an operation.
type trap struct {
	mu  sync.Mutex
	err error
}

func (t *trap) record(err error) {
	t.mu.Lock()
	if t.err == nil {
		t.err = err
	}
	t.mu.Unlock()
}

func (t *trap) take() error {
	t.mu.Lock()
	defer t.mu.Unlock()
	err := t.err
	t.err = nil
	return err
}

// guard runs fn; a panic becomes a *PanicError recorded in t. Panics must
// never unwind into the C frames below a callback.
func guard(t *trap, fn func() error) (err error) {
	defer func() {
		if v := recover(); v != nil {
			err = &PanicError{Value: v}
		}
		if err != nil {
			t.record(err)
		}
	}()
	return fn()
}

type progressCB struct {
	fn func(done, total uint64) error
	t  *trap
}

type chunkCheckCB struct {
	fn     func(index, offset uint64, data []byte) bool
	t      *trap
	cancel func()
}

type damageCB struct {
	fn func(Range) error
	t  *trap
}

//export goVldProgress
func goVldProgress(h C.uintptr_t, done, total C.uint64_t) C.int {
	cb := cgo.Handle(h).Value().(*progressCB)
	if guard(cb.t, func() error { return cb.fn(uint64(done), uint64(total)) }) != nil {
		return 1
	}
	return 0
}

//export goVldChunkCheck
func goVldChunkCheck(h C.uintptr_t, index, offset C.uint64_t, data unsafe.Pointer, n C.size_t) C.int {
	cb := cgo.Handle(h).Value().(*chunkCheckCB)
	ok := false
	err := guard(cb.t, func() error {
		// Valid only during the call, like the slice an io.Writer gets.
		ok = cb.fn(uint64(index), uint64(offset), unsafe.Slice((*byte)(data), int(n)))
		return nil
	})
	if err != nil {
		cb.cancel() // the C chunk check has no stop channel of its own
		return 1
	}
	if ok {
		return 0
	}
	return 1
}

//export goVldDamage
func goVldDamage(h C.uintptr_t, offset, length C.uint64_t, flags C.uint32_t) C.int {
	cb := cgo.Handle(h).Value().(*damageCB)
	r := Range{Offset: uint64(offset), Length: uint64(length), Flags: RangeFlag(flags)}
	if guard(cb.t, func() error { return cb.fn(r) }) != nil {
		return 1
	}
	return 0
}
