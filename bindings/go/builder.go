package validate

/*
#include <libvalidate.h>
*/
import "C"

import (
	"context"
	"io"
	"runtime"
	"unsafe"
)

// Builder builds a manifest from data that arrives in pieces (vld_builder);
// it is an io.Writer. One goroutine at a time.
type Builder struct {
	h handle
	c *Context
}

// NewBuilder starts a manifest build; expectedLength (or LengthUnknown)
// only picks the automatic chunk size.
func (c *Context) NewBuilder(expectedLength uint64) (*Builder, error) {
	p0, err := c.h.acquire()
	if err != nil {
		return nil, err
	}
	var p *C.vld_builder
	if err := check("vld_builder_new", C.vld_builder_new((*C.vld_ctx)(p0), C.uint64_t(expectedLength), &p), (*C.vld_ctx)(p0)); err != nil {
		c.h.release()
		return nil, err
	}
	b := &Builder{c: c, h: handle{ptr: unsafe.Pointer(p), deps: []*handle{&c.h},
		free: func(p unsafe.Pointer) { C.vld_builder_free((*C.vld_builder)(p)) }}}
	runtime.SetFinalizer(b, (*Builder).Close)
	return b, nil
}

// Write feeds the next piece; p is only read during the call.
func (b *Builder) Write(p []byte) (int, error) {
	ptr, err := b.h.acquire()
	if err != nil {
		return 0, err
	}
	defer b.h.release()
	st := C.vld_builder_update((*C.vld_builder)(ptr), bytesPtr(p), C.size_t(len(p)))
	if err := b.c.finishErr(nil, check("vld_builder_update", st, b.c.rawPtr())); err != nil {
		return 0, err
	}
	return len(p), nil
}

// Finish returns the manifest; afterwards only Close is allowed.
func (b *Builder) Finish() (*Manifest, error) {
	ptr, err := b.h.acquire()
	if err != nil {
		return nil, err
	}
	defer b.h.release()
	var out *C.vld_manifest
	st := C.vld_builder_finish((*C.vld_builder)(ptr), &out)
	if err := b.c.finishErr(nil, check("vld_builder_finish", st, b.c.rawPtr())); err != nil {
		if out != nil {
			C.vld_manifest_free(out)
		}
		return nil, err
	}
	return newManifest(out), nil
}

// Close frees the builder.
func (b *Builder) Close() error {
	b.h.close()
	return nil
}

// BuildReader builds the manifest of everything r yields.
func (c *Context) BuildReader(ctx context.Context, r io.Reader, expectedLength uint64) (*Manifest, error) {
	b, err := c.NewBuilder(expectedLength)
	if err != nil {
		return nil, err
	}
	defer b.Close()
	if err := copyPieces(ctx, b, r); err != nil {
		return nil, err
	}
	return b.Finish()
}
