package validate

/*
#include <libvalidate.h>
*/
import "C"

import (
	"runtime"
	"unsafe"
)

// Manifest is an immutable manifest (vld_manifest), safe for concurrent use.
type Manifest struct {
	h handle
	// Facts read when the manifest was made; they stay valid after Close.
	FormatVersion uint32
	Hash          Hash
	Length        uint64
	ChunkSize     uint64
	ChunkCount    uint64
	Digest        [16]byte // whole-object XXH3-128, canonical (big-endian)
}

func newManifest(p *C.vld_manifest) *Manifest {
	m := &Manifest{h: handle{ptr: unsafe.Pointer(p),
		free: func(p unsafe.Pointer) { C.vld_manifest_free((*C.vld_manifest)(p)) }}}
	info := C.vld_manifest_info{size: C.size_t(unsafe.Sizeof(C.vld_manifest_info{}))}
	C.vld_manifest_get_info(p, &info)
	m.FormatVersion, m.Hash = uint32(info.format_version), Hash(info.hash)
	m.Length, m.ChunkSize, m.ChunkCount = uint64(info.length), uint64(info.chunk_size), uint64(info.chunk_count)
	for i := range m.Digest {
		m.Digest[i] = byte(info.digest[i])
	}
	runtime.SetFinalizer(m, (*Manifest).Close)
	return m
}

// Close frees the manifest once nothing uses it.
func (m *Manifest) Close() error {
	m.h.close()
	return nil
}

func (m *Manifest) with(fn func(*C.vld_manifest) error) error {
	p, err := m.h.acquire()
	if err != nil {
		return err
	}
	defer m.h.release()
	return fn((*C.vld_manifest)(p))
}

// MarshalBinary serializes the manifest (docs/manifest-format.md).
func (m *Manifest) MarshalBinary() ([]byte, error) {
	var out []byte
	err := m.with(func(p *C.vld_manifest) error {
		var need, written C.size_t
		if err := check("vld_manifest_serialized_size", C.vld_manifest_serialized_size(p, &need), nil); err != nil {
			return err
		}
		out = make([]byte, int(need))
		return check("vld_manifest_serialize",
			C.vld_manifest_serialize(p, unsafe.Pointer(&out[0]), need, &written), nil)
	})
	return out, err
}

// ChunkDigest returns chunk index's digest (8 or 16 canonical bytes).
func (m *Manifest) ChunkDigest(index uint64) ([]byte, error) {
	var buf [16]C.uint8_t
	var n C.size_t
	err := m.with(func(p *C.vld_manifest) error {
		return check("vld_manifest_get_chunk_digest", C.vld_manifest_get_chunk_digest(p, C.uint64_t(index), &buf[0], &n), nil)
	})
	if err != nil {
		return nil, err
	}
	return C.GoBytes(unsafe.Pointer(&buf[0]), C.int(n)), nil
}

// ChunkRange returns the chunks covering bytes [offset, offset+length).
func (m *Manifest) ChunkRange(offset, length uint64) (first, count uint64, err error) {
	var f, n C.uint64_t
	err = m.with(func(p *C.vld_manifest) error {
		return check("vld_manifest_chunk_range", C.vld_manifest_chunk_range(p, C.uint64_t(offset), C.uint64_t(length), &f, &n), nil)
	})
	return uint64(f), uint64(n), err
}
