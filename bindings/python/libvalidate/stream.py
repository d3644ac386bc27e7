"""Streams: verify, or build a manifest of, data that arrives in pieces."""
import ctypes

from . import _ffi
from ._buffer import Pinned
from ._callbacks import Trap, damage_thunk
from ._calls import call_out, check_traps, reraise_with_traps
from ._handle import Handle
from .constants import LENGTH_UNKNOWN
from .context import Context, expect
from .errors import ValidateError
from .manifest import Manifest
from .report import Range, Report

lib = _ffi.lib


class _Piecewise(Handle):
    """Shared by Stream and Builder: holds its context (the C object records
    errors and reads callbacks there) until freed, feeds pieces."""

    _update = None

    def _open(self, ctx, deps, call, traps):
        self._ctx = ctx
        self._traps = traps
        held = []
        try:
            for dep in deps:
                dep._acquire()
                held.append(dep)
            out = ctypes.c_void_p()
            try:
                call(ctx._ptr_value, ctypes.byref(out))
            except ValidateError as err:
                reraise_with_traps(err, traps, ctx._ptr_value)
        except BaseException:
            for dep in held:
                dep._release()
            raise
        super().__init__(out.value, deps=held)

    def update(self, data):
        """Feed the next piece (any bytes-like object; not copied)."""
        with self._use() as ptr, Pinned(data) as buf:
            try:
                type(self)._update(ptr, buf.ptr, buf.len)
            except ValidateError as err:
                reraise_with_traps(err, self._traps, self._ctx._ptr_value)
            check_traps(self._traps, self._ctx._ptr_value)
            return buf.len

    write = update  # so it can be the target of shutil.copyfileobj()

    def feed_from(self, fileobj, piece_size=1 << 20):
        """Feed everything a file-like object yields, ``piece_size`` at a time
        (``readinto`` into one reused buffer when available)."""
        readinto = getattr(fileobj, "readinto", None)
        if readinto is not None:
            buf = bytearray(piece_size)
            view = memoryview(buf)
            while True:
                n = readinto(view)
                if not n:
                    break
                self.update(view[:n])
            return
        while True:
            piece = fileobj.read(piece_size)
            if not piece:
                break
            self.update(piece)

    def _finish(self, fn, wrap):
        with self._use() as ptr:
            return call_out(lambda out: fn(ptr, out), wrap, self._ctx._ptr_value, self._traps)


class Stream(_Piecewise):
    """Streaming verification; ``with ctx.stream(m) as s: s.update(...); r = s.finish()``.

    ``on_damage(Range)`` is called as soon as a damaged chunk is known; a
    true return value (or an exception) stops the stream.
    """

    _free = lib.vld_stream_free
    _update = lib.vld_stream_update

    def __init__(self, ctx, manifest, on_damage=None):
        expect(ctx, Context)
        expect(manifest, Manifest)
        self._trap = Trap()
        self._open(ctx, [ctx, manifest],
                   lambda c, out: lib.vld_stream_new(c, manifest._ptr_value, out),
                   (self._trap, ctx._trap))
        if on_damage is not None:
            self._thunk = damage_thunk(on_damage, self._trap, Range._from_c)
            with self._use() as ptr:
                lib.vld_stream_set_damage_callback(ptr, self._thunk, None)

    def finish(self):
        """End of data: the :class:`Report`. Only ``close()`` is allowed afterwards."""
        return self._finish(lib.vld_stream_finish, Report)


class Builder(_Piecewise):
    """Streaming manifest builder; ``expected_length`` picks the automatic chunk size."""

    _free = lib.vld_builder_free
    _update = lib.vld_builder_update

    def __init__(self, ctx, expected_length=None):
        expect(ctx, Context)
        length = LENGTH_UNKNOWN if expected_length is None else expected_length
        self._open(ctx, [ctx], lambda c, out: lib.vld_builder_new(c, length, out), (ctx._trap,))

    def finish(self):
        """End of data: the :class:`Manifest`."""
        return self._finish(lib.vld_builder_finish, Manifest)
