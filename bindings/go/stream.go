package validate

/*
#include "shim.h"
*/
import "C"

import (
	"context"
	"io"
	"runtime"
	"runtime/cgo"
	"unsafe"
)

// Stream verifies data that arrives in pieces (vld_stream); it is an
// io.Writer. One goroutine at a time. It keeps its Context and Manifest.
type Stream struct {
	h      handle
	c      *Context
	t      trap
	damage cgo.Handle
}

// NewStream opens a streaming verification of m at the context's depth.
// onDamage (may be nil) gets each damaged range as soon as it is known; a
// non-nil error or a panic stops the stream with ErrCallbackAbort.
func (c *Context) NewStream(m *Manifest, onDamage func(Range) error) (*Stream, error) {
	ptrs, done, err := acquireAll(&c.h, &m.h)
	if err != nil {
		return nil, err
	}
	var p *C.vld_stream
	if err := check("vld_stream_new", C.vld_stream_new((*C.vld_ctx)(ptrs[0]), (*C.vld_manifest)(ptrs[1]), &p), (*C.vld_ctx)(ptrs[0])); err != nil {
		done()
		return nil, err
	}
	s := &Stream{c: c}
	s.h = handle{ptr: unsafe.Pointer(p), deps: []*handle{&c.h, &m.h},
		free: func(p unsafe.Pointer) { C.vld_stream_free((*C.vld_stream)(p)) }}
	if onDamage != nil {
		s.damage = cgo.NewHandle(&damageCB{fn: onDamage, t: &s.t})
		s.h.after = s.damage.Delete
		C.vldgo_set_damage(p, C.uintptr_t(s.damage))
	}
	runtime.SetFinalizer(s, (*Stream).Close)
	return s, nil
}

// Write feeds the next piece; p is only read during the call.
func (s *Stream) Write(p []byte) (int, error) {
	ptr, err := s.h.acquire()
	if err != nil {
		return 0, err
	}
	defer s.h.release()
	st := C.vld_stream_update((*C.vld_stream)(ptr), bytesPtr(p), C.size_t(len(p)))
	if err := s.finishErr(check("vld_stream_update", st, s.c.rawPtr())); err != nil {
		return 0, err
	}
	return len(p), nil
}

// Finish ends the data and returns the report; afterwards only Close is allowed.
func (s *Stream) Finish() (*Report, error) {
	ptr, err := s.h.acquire()
	if err != nil {
		return nil, err
	}
	defer s.h.release()
	var out *C.vld_report
	err = s.finishErr(check("vld_stream_finish", C.vld_stream_finish((*C.vld_stream)(ptr), &out), s.c.rawPtr()))
	return reportResult(out, err)
}

// Close frees the stream (and lets its Context and Manifest go).
func (s *Stream) Close() error {
	s.h.close()
	return nil
}

func (s *Stream) finishErr(err error) error {
	if cause := s.t.take(); cause != nil {
		if e, ok := err.(*Error); ok && e.Err == nil {
			e.Err = cause
		} else if err == nil {
			err = &Error{Op: "damage callback", Status: ErrCallbackAbort, Err: cause}
		}
	}
	return s.c.finishErr(nil, err)
}

// VerifyReader verifies everything r yields, reading 1 MiB pieces and
// checking ctx between them (and inside the library, through cancellation).
func (c *Context) VerifyReader(ctx context.Context, m *Manifest, r io.Reader, onDamage func(Range) error) (*Report, error) {
	s, err := c.NewStream(m, onDamage)
	if err != nil {
		return nil, err
	}
	defer s.Close()
	if err := copyPieces(ctx, s, r); err != nil {
		return nil, err
	}
	return s.Finish()
}

func copyPieces(ctx context.Context, w io.Writer, r io.Reader) error {
	if ctx == nil {
		ctx = context.Background()
	}
	buf := make([]byte, 1<<20)
	for {
		if err := ctx.Err(); err != nil {
			return &Error{Op: "read", Status: ErrCancelled, Err: err}
		}
		n, rerr := r.Read(buf)
		if n > 0 {
			if _, err := w.Write(buf[:n]); err != nil {
				return err
			}
		}
		if rerr == io.EOF {
			return nil
		}
		if rerr != nil {
			return &Error{Op: "read", Status: ErrIO, Err: rerr}
		}
	}
}
