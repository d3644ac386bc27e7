"""Borrow the memory of a bytes-like object for a C call, without copying.

- ``bytes``: ctypes passes a pointer to the object's own storage (immutable,
  so nothing can change under the call).
- Any other buffer (``bytearray``, ``memoryview``, ``mmap``, ``array``...):
  on CPython we take a buffer export with ``PyObject_GetBuffer`` (part of the
  stable ABI since 3.11, through ``ctypes.pythonapi``). That works for
  read-only buffers too (a read-only ``mmap``, a ``memoryview`` of bytes),
  where ``(c_char * n).from_buffer()`` would refuse, and the export pins the
  memory: while the C call runs with the GIL released, another thread that
  tries to resize the ``bytearray`` or close the ``mmap`` gets a
  ``BufferError`` instead of freeing memory under C.
- Without ``ctypes.pythonapi`` (not CPython): ``from_buffer`` for writable
  buffers (also zero-copy and pinning) and, only for read-only ones, a copy
  with ``from_buffer_copy``: the one case where no zero-copy path exists.

Non-contiguous memoryviews are refused with ``BufferError``; ``str`` and
other non-buffers with ``TypeError``.
"""
import ctypes
from ctypes import c_char_p, c_int, c_ssize_t, c_void_p, py_object

_PyBUF_SIMPLE = 0


class _PyBuffer(ctypes.Structure):
    _fields_ = [("buf", c_void_p), ("obj", c_void_p), ("len", c_ssize_t),
                ("itemsize", c_ssize_t), ("readonly", c_int), ("ndim", c_int),
                ("format", c_char_p), ("shape", c_void_p), ("strides", c_void_p),
                ("suboffsets", c_void_p), ("internal", c_void_p)]


try:
    _get_buffer = ctypes.pythonapi.PyObject_GetBuffer
    _get_buffer.argtypes = [py_object, ctypes.POINTER(_PyBuffer), c_int]
    _get_buffer.restype = c_int
    _release_buffer = ctypes.pythonapi.PyBuffer_Release
    _release_buffer.argtypes = [ctypes.POINTER(_PyBuffer)]
    _release_buffer.restype = None
except AttributeError:  # pragma: no cover - non-CPython
    _get_buffer = None


class Pinned:
    """``ptr`` and ``len`` of a borrowed buffer; ``release()`` ends the borrow.

    Use as a context manager for one call, or keep it (a job keeps it until
    freed, because C reads the bytes between steps).
    """

    __slots__ = ("ptr", "len", "_view", "_keep")

    def __init__(self, data):
        self._view = None
        self._keep = None
        if isinstance(data, bytes):
            self._keep = data
            self.len = len(data)
            self.ptr = ctypes.cast(c_char_p(data), c_void_p).value if data else None
            return
        if isinstance(data, str):
            raise TypeError("expected a bytes-like object, not str (encode it first)")
        if _get_buffer is not None:
            view = _PyBuffer()
            _get_buffer(data, ctypes.byref(view), _PyBUF_SIMPLE)  # raises TypeError/BufferError
            self._view = view
            self.ptr, self.len = view.buf, view.len
            return
        mv = memoryview(data).cast("B")  # pragma: no cover - non-CPython
        array_type = ctypes.c_char * mv.nbytes
        self._keep = array_type.from_buffer_copy(mv) if mv.readonly else array_type.from_buffer(mv)
        self.ptr, self.len = ctypes.addressof(self._keep), mv.nbytes

    def release(self):
        if self._view is not None:
            _release_buffer(ctypes.byref(self._view))
            self._view = None
        self._keep = None
        self.ptr, self.len = None, 0

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.release()

    def __del__(self):
        self.release()
