"""Budgeted jobs: verification in time slices, for event loops."""
import ctypes

from . import _ffi
from ._buffer import Pinned
from ._calls import call_out, reraise_with_traps
from ._handle import Handle
from .constants import CHUNKS_ALL
from .context import Context, _fd, expect
from .errors import ValidateError
from .manifest import Manifest
from .report import Report

lib = _ffi.lib


class Job(Handle):
    """``while not job.step(5_000_000): yield_to_loop()`` then ``job.finish()``.

    A buffer job borrows ``data`` (pinned, not copied) until the job is
    closed: C reads it between steps.
    """

    _free = lib.vld_job_free

    def __init__(self, ctx, manifest, data=None, fd=None, first_chunk=0, chunk_count=None):
        expect(ctx, Context)
        expect(manifest, Manifest)
        if (data is None) == (fd is None):
            raise TypeError("give exactly one of data or fd")
        count = CHUNKS_ALL if chunk_count is None else chunk_count
        self._ctx = ctx
        self._pin = None
        held = []
        out = ctypes.c_void_p()
        try:
            for dep in (ctx, manifest):
                dep._acquire()
                held.append(dep)
            c, m = ctx._ptr_value, manifest._ptr_value
            if data is not None:
                self._pin = Pinned(data)
                lib.vld_job_new_buffer(c, m, self._pin.ptr, self._pin.len, first_chunk, count,
                                       ctypes.byref(out))
            else:
                lib.vld_job_new_fd(c, m, _fd(fd), first_chunk, count, ctypes.byref(out))
        except BaseException as exc:
            for dep in held:
                dep._release()
            if self._pin is not None:
                self._pin.release()
            if isinstance(exc, ValidateError):
                reraise_with_traps(exc, (ctx._trap,), ctx._ptr_value)
            raise
        super().__init__(out.value, deps=held)

    def step(self, budget_ns):
        """Work for about ``budget_ns`` nanoseconds; True when nothing is left."""
        done = ctypes.c_int()
        with self._use() as ptr:
            try:
                lib.vld_job_step(ptr, budget_ns, ctypes.byref(done))
            except ValidateError as err:
                reraise_with_traps(err, (self._ctx._trap,), self._ctx._ptr_value)
        return bool(done.value)

    @property
    def position(self):
        """``(next_chunk, bytes_done)``."""
        chunk, done = ctypes.c_uint64(), ctypes.c_uint64()
        with self._use() as ptr:
            lib.vld_job_get_position(ptr, ctypes.byref(chunk), ctypes.byref(done))
        return chunk.value, done.value

    def finish(self):
        """The report (partial, mergeable, when finished before done)."""
        with self._use() as ptr:
            return call_out(lambda out: lib.vld_job_finish(ptr, out), Report,
                            self._ctx._ptr_value, (self._ctx._trap,))

    def _free_ptr(self, ptr):
        super()._free_ptr(ptr)
        if ptr and self._pin is not None:
            self._pin.release()  # only after C let go of the bytes
