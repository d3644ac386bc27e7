"""C-callable thunks around Python callables.

A callback must never let an exception escape into C (ctypes would print it
and return garbage). Each thunk catches everything, records the first
exception in a :class:`Trap` and tells C to stop; the binding re-raises it
after the C call returns, as the ``__cause__`` of the library's error.
The thunk objects are stored on the Python handle whose C object holds the
function pointer, so they live as long as C may call them.
"""
import ctypes
import threading

from . import _ffi


class Trap:
    """First exception raised by a callback during an operation."""

    def __init__(self):
        self._lock = threading.Lock()
        self._exc = None

    def record(self, exc):
        with self._lock:
            if self._exc is None:
                self._exc = exc

    def take(self):
        with self._lock:
            exc, self._exc = self._exc, None
            return exc


def progress_thunk(fn, trap):
    """fn(bytes_done, bytes_total) -> a true value stops the operation."""
    def thunk(_user, done, total):
        try:
            return 1 if fn(done, None if total == _ffi.LENGTH_UNKNOWN else total) else 0
        except BaseException as exc:  # noqa: B036 - nothing may cross into C
            trap.record(exc)
            return 1
    return _ffi.PROGRESS_FN(thunk)


def chunk_check_thunk(fn, trap, on_error):
    """fn(index, offset, data: bytes) -> True accepts the chunk.

    The chunk's bytes are copied: C reuses its buffer after the call, and a
    Python object can outlive it. A check that raises marks the chunk damaged
    and calls ``on_error`` (which cancels the context's operations: the C
    check has no stop channel of its own).
    """
    def thunk(_user, index, offset, data, length):
        try:
            return 0 if fn(index, offset, ctypes.string_at(data, length)) else 1
        except BaseException as exc:  # noqa: B036
            trap.record(exc)
            on_error()
            return 1
    return _ffi.CHUNK_CHECK_FN(thunk)


def damage_thunk(fn, trap, make_range):
    """fn(Range) -> a true value stops the stream."""
    def thunk(_user, range_ptr):
        try:
            return 1 if fn(make_range(range_ptr.contents)) else 0
        except BaseException as exc:  # noqa: B036
            trap.record(exc)
            return 1
    return _ffi.DAMAGE_FN(thunk)
