"""Manifests: what an object was (docs/manifest-format.md)."""
import ctypes
from dataclasses import dataclass

from . import _ffi
from ._handle import Handle
from .constants import Hash


@dataclass(frozen=True)
class ManifestInfo:
    format_version: int
    hash: Hash
    length: int
    chunk_size: int
    chunk_count: int
    digest: bytes  # whole-object XXH3-128, canonical (big-endian)


class Manifest(Handle):
    """An immutable manifest. Make one with :meth:`Context.build`,
    :meth:`Context.load` or a :class:`Builder`. ``bytes(m)`` serializes it."""

    _free = _ffi.lib.vld_manifest_free

    def __init__(self, ptr):
        super().__init__(ptr)
        info = _ffi.sized(_ffi.ManifestInfo)
        _ffi.lib.vld_manifest_get_info(ptr, ctypes.byref(info))
        self.info = ManifestInfo(info.format_version, Hash(info.hash), info.length,
                                 info.chunk_size, info.chunk_count, bytes(info.digest))

    length = property(lambda self: self.info.length)
    chunk_size = property(lambda self: self.info.chunk_size)
    chunk_count = property(lambda self: self.info.chunk_count)
    digest = property(lambda self: self.info.digest)
    hash = property(lambda self: self.info.hash)

    def to_bytes(self):
        """The serialized manifest (deterministic, identical in every language)."""
        with self._use() as ptr:
            need = ctypes.c_size_t()
            _ffi.lib.vld_manifest_serialized_size(ptr, ctypes.byref(need))
            buf = ctypes.create_string_buffer(need.value)
            written = ctypes.c_size_t()
            _ffi.lib.vld_manifest_serialize(ptr, buf, need.value, ctypes.byref(written))
            return buf.raw[:written.value]

    __bytes__ = to_bytes

    def chunk_digest(self, index):
        """Chunk ``index``'s digest: 8 or 16 canonical bytes."""
        out = (ctypes.c_uint8 * 16)()
        n = ctypes.c_size_t()
        with self._use() as ptr:
            _ffi.lib.vld_manifest_get_chunk_digest(ptr, index, out, ctypes.byref(n))
        return bytes(out[:n.value])

    def chunk_range(self, offset, length):
        """``(first_chunk, chunk_count)`` covering bytes [offset, offset+length)."""
        first, count = ctypes.c_uint64(), ctypes.c_uint64()
        with self._use() as ptr:
            _ffi.lib.vld_manifest_chunk_range(ptr, offset, length, ctypes.byref(first),
                                              ctypes.byref(count))
        return first.value, count.value

    def __repr__(self):
        i = self.info
        return "<Manifest %d bytes, %d x %d-byte chunks, %s>" % (
            i.length, i.chunk_count, i.chunk_size, i.hash.name)
