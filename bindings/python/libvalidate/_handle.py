"""Lifetime of a C handle: explicit close, use-after-close errors, and no
free while a call (on any thread) or a dependent handle still uses it."""
import contextlib
import threading

from .errors import HandleClosedError


class Handle:
    """Owns one C pointer freed by ``_free`` (a ``vld_*_free`` function).

    ``close()`` is idempotent. A call in flight or a dependent handle (a
    stream keeps its context and manifest) holds a use count; the pointer
    is freed when the object is closed *and* the count reaches zero.
    """

    _free = None  # set by subclasses

    def __init__(self, ptr, deps=()):
        """``deps``: handles already ``_acquire()``d for this one's lifetime."""
        self._deps = list(deps)
        self._ptr_value = ptr
        self._closed = False
        self._uses = 0
        self._lock = threading.Lock()

    @property
    def closed(self):
        return self._closed

    def _acquire(self):
        with self._lock:
            if self._closed or not self._ptr_value:
                raise HandleClosedError("operation on a closed %s" % type(self).__name__)
            self._uses += 1
            return self._ptr_value

    def _release(self):
        with self._lock:
            self._uses -= 1
            ptr = self._take_if_done()
        self._free_ptr(ptr)

    @contextlib.contextmanager
    def _use(self):
        ptr = self._acquire()
        try:
            yield ptr
        finally:
            self._release()

    def _take_if_done(self):
        if self._closed and self._uses == 0 and self._ptr_value:
            ptr, self._ptr_value = self._ptr_value, None
            return ptr
        return None

    def _free_ptr(self, ptr):
        if ptr:
            type(self)._free(ptr)
            deps, self._deps = self._deps, []
            for dep in deps:
                dep._release()

    def close(self):
        """Release the C object (deferred while in use). Safe to repeat."""
        lock = getattr(self, "_lock", None)
        if lock is None:  # __init__ never ran
            return
        with lock:
            self._closed = True
            ptr = self._take_if_done()
        self._free_ptr(ptr)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __del__(self):
        self.close()
