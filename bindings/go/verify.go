package validate

/*
#include <stdlib.h>
#include <libvalidate.h>
*/
import "C"

import (
	"context"
	"os"
	"runtime"
	"unsafe"
)

// ChunksAll means "through the last chunk" in a chunk range.
const ChunksAll = ^uint64(0)

// Build makes the manifest of data (read only during the call).
func (c *Context) Build(data []byte) (*Manifest, error) {
	return run(c, nil, "vld_manifest_build", nil, newManifest,
		func(p *C.vld_ctx, _ []unsafe.Pointer, out **C.vld_manifest) C.vld_status {
			return C.vld_manifest_build(p, bytesPtr(data), C.size_t(len(data)), out)
		})
}

// BuildFile makes the manifest of the file at path.
func (c *Context) BuildFile(path string) (*Manifest, error) {
	cpath := C.CString(path)
	defer C.free(unsafe.Pointer(cpath))
	return run(c, nil, "vld_manifest_build_file", nil, newManifest,
		func(p *C.vld_ctx, _ []unsafe.Pointer, out **C.vld_manifest) C.vld_status {
			return C.vld_manifest_build_file(p, cpath, out)
		})
}

// Load reads a serialized manifest; a damaged one gives an error matching ErrManifest.
func (c *Context) Load(blob []byte) (*Manifest, error) {
	return run(c, nil, "vld_manifest_load", nil, newManifest,
		func(p *C.vld_ctx, _ []unsafe.Pointer, out **C.vld_manifest) C.vld_status {
			return C.vld_manifest_load(p, bytesPtr(blob), C.size_t(len(blob)), out)
		})
}

// Verify checks data against m at the context's depth.
func (c *Context) Verify(ctx context.Context, m *Manifest, data []byte) (*Report, error) {
	return run(c, ctx, "vld_verify_buffer", []*handle{&m.h}, newReport,
		func(p *C.vld_ctx, h []unsafe.Pointer, out **C.vld_report) C.vld_status {
			return C.vld_verify_buffer(p, (*C.vld_manifest)(h[0]), bytesPtr(data), C.size_t(len(data)), out)
		})
}

// VerifyRange checks chunks [first, first+count) (count may be ChunksAll);
// data starts at the first chunk's offset.
func (c *Context) VerifyRange(ctx context.Context, m *Manifest, first, count uint64, data []byte) (*Report, error) {
	return run(c, ctx, "vld_verify_buffer_range", []*handle{&m.h}, newReport,
		func(p *C.vld_ctx, h []unsafe.Pointer, out **C.vld_report) C.vld_status {
			return C.vld_verify_buffer_range(p, (*C.vld_manifest)(h[0]), C.uint64_t(first), C.uint64_t(count),
				bytesPtr(data), C.size_t(len(data)), out)
		})
}

// VerifyFile checks the file at path (only the chunks the depth selects are read).
func (c *Context) VerifyFile(ctx context.Context, m *Manifest, path string) (*Report, error) {
	return c.VerifyFileRange(ctx, m, path, 0, ChunksAll)
}

// VerifyFileRange checks a chunk range of the file at path.
func (c *Context) VerifyFileRange(ctx context.Context, m *Manifest, path string, first, count uint64) (*Report, error) {
	cpath := C.CString(path)
	defer C.free(unsafe.Pointer(cpath))
	return run(c, ctx, "vld_verify_file_range", []*handle{&m.h}, newReport,
		func(p *C.vld_ctx, h []unsafe.Pointer, out **C.vld_report) C.vld_status {
			return C.vld_verify_file_range(p, (*C.vld_manifest)(h[0]), cpath, C.uint64_t(first), C.uint64_t(count), out)
		})
}

// VerifyOSFile checks an open file (read with pread: its offset is unchanged).
func (c *Context) VerifyOSFile(ctx context.Context, m *Manifest, f *os.File) (*Report, error) {
	defer runtime.KeepAlive(f) // f's finalizer must not close the fd under C
	fd := C.int(f.Fd())
	return run(c, ctx, "vld_verify_fd", []*handle{&m.h}, newReport,
		func(p *C.vld_ctx, h []unsafe.Pointer, out **C.vld_report) C.vld_status {
			return C.vld_verify_fd(p, (*C.vld_manifest)(h[0]), fd, out)
		})
}

// Merge combines the reports of two disjoint chunk ranges of one object.
func (c *Context) Merge(a, b *Report) (*Report, error) {
	return run(c, nil, "vld_report_merge", []*handle{&a.h, &b.h}, newReport,
		func(p *C.vld_ctx, h []unsafe.Pointer, out **C.vld_report) C.vld_status {
			return C.vld_report_merge(p, (*C.vld_report)(h[0]), (*C.vld_report)(h[1]), out)
		})
}

// Digest hashes data with algo; canonical (big-endian) bytes.
func Digest(algo Hash, data []byte) ([]byte, error) {
	var buf [16]C.uint8_t
	var n C.size_t
	st := C.vld_digest_buffer(C.vld_hash(algo), bytesPtr(data), C.size_t(len(data)), &buf[0], &n)
	if err := check("vld_digest_buffer", st, nil); err != nil {
		return nil, err
	}
	return C.GoBytes(unsafe.Pointer(&buf[0]), C.int(n)), nil
}

// DigestFile hashes the whole file at path with algo.
func (c *Context) DigestFile(algo Hash, path string) ([]byte, error) {
	cpath := C.CString(path)
	defer C.free(unsafe.Pointer(cpath))
	var buf [16]C.uint8_t
	var n C.size_t
	err := c.with(func(p *C.vld_ctx) error {
		return check("vld_digest_file", C.vld_digest_file(p, C.vld_hash(algo), cpath, &buf[0], &n), p)
	})
	if err != nil {
		return nil, err
	}
	return C.GoBytes(unsafe.Pointer(&buf[0]), C.int(n)), nil
}
