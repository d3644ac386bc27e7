"""The context: parameters, callbacks, cancellation and the one-shot calls."""
import ctypes
import os
import threading
import weakref
from collections import namedtuple

from . import _ffi
from ._buffer import Pinned
from ._callbacks import Trap, chunk_check_thunk, progress_thunk
from ._calls import call_out, check_traps, reraise_with_traps
from ._handle import Handle
from .constants import CHUNKS_ALL, Hash, Param
from .errors import ValidateError
from .manifest import Manifest
from .metrics import Metrics, clock_thunk, metrics_thunk
from .report import Report

lib = _ffi.lib
Bounds = namedtuple("Bounds", "min max default")
_PARAM_NAMES = {p.name.lower(): p for p in Param}


def param_bounds(param):
    """Inclusive bounds and default of a :class:`Param`."""
    lo, hi, default = ctypes.c_int64(), ctypes.c_int64(), ctypes.c_int64()
    lib.vld_param_bounds(Param(param), ctypes.byref(lo), ctypes.byref(hi), ctypes.byref(default))
    return Bounds(lo.value, hi.value, default.value)


def expect(obj, cls):
    if not isinstance(obj, cls):
        raise TypeError("expected a %s, got %s" % (cls.__name__, type(obj).__name__))


def _path(path):
    return os.fsencode(path)


def _fd(target):
    """An int descriptor, or one from an object with ``fileno()``; else None."""
    if isinstance(target, bool):
        raise TypeError("expected a path or a file descriptor, got bool")
    if isinstance(target, int):
        return target
    fileno = getattr(target, "fileno", None)
    return fileno() if callable(fileno) else None


def _chunks(first_chunk, chunk_count):
    if first_chunk == 0 and chunk_count is None:
        return None
    return first_chunk, CHUNKS_ALL if chunk_count is None else chunk_count


class Context(Handle):
    """Parameters, callbacks and error detail for the operations run through it.

    Keyword arguments set parameters by their :class:`Param` name, e.g.
    ``Context(depth=Depth.SAMPLED, chunk_size=65536, threads=1)``, and the
    ``progress`` / ``chunk_check`` / ``metrics`` callbacks and the ``clock``. A context may be shared by
    threads (the GIL is released during every C call). Callback exceptions
    are reported by whichever call on this context notices them first:
    give each thread its own context when that matters.
    """

    _free = lib.vld_ctx_free

    def __init__(self, *, progress=None, chunk_check=None, metrics=None, clock=None, **params):
        out = ctypes.c_void_p()
        lib.vld_ctx_new(None, ctypes.byref(out))
        super().__init__(out.value)
        self._trap = Trap()
        self._thunks = {}
        self._retired = []  # replaced thunks: an operation in flight may still call one
        self._metrics_fn = None
        self._metrics_on = False
        self._metrics_lock = threading.Lock()
        self._observing = threading.local()
        if clock is not None:  # first: times from different clocks mean nothing
            self.set_clock(clock)
        for name, value in params.items():
            if name not in _PARAM_NAMES:
                raise TypeError("unknown parameter %r (one of: %s)"
                                % (name, ", ".join(sorted(_PARAM_NAMES))))
            self.set_param(_PARAM_NAMES[name], value)
        if progress is not None:
            self.set_progress(progress)
        if chunk_check is not None:
            self.set_chunk_check(chunk_check)
        if metrics is not None:
            self.set_metrics_callback(metrics)

    # -- parameters --------------------------------------------------------
    def set_param(self, param, value):
        with self._use() as ptr:
            lib.vld_ctx_set_param(ptr, Param(param), int(value))

    def get_param(self, param):
        value = ctypes.c_int64()
        with self._use() as ptr:
            lib.vld_ctx_get_param(ptr, Param(param), ctypes.byref(value))
        return value.value

    def reset_params(self):
        with self._use() as ptr:
            lib.vld_ctx_reset_params(ptr)

    @property
    def last_error(self):
        """The detail message of the most recent error on this context."""
        with self._use() as ptr:
            return _ffi.last_error(ptr)

    # -- callbacks ---------------------------------------------------------
    def set_progress(self, fn):
        """``fn(bytes_done, bytes_total_or_None)``; a true return value stops
        the operation (``CallbackAbortError``); so does raising (the error's
        ``__cause__`` is your exception). ``None`` removes it."""
        thunk = _ffi.PROGRESS_FN() if fn is None else progress_thunk(fn, self._trap)
        with self._use() as ptr:
            lib.vld_ctx_set_progress(ptr, thunk, None)
        self._keep("progress", thunk)

    def set_chunk_check(self, fn):
        """Deep depth: ``fn(index, offset, data) -> bool``; False marks the
        chunk damaged (``RangeFlag.HOST``). Raising marks it damaged and
        cancels this context's operations; the call then raises with your
        exception as ``__cause__``. May run on worker threads."""
        thunk = _ffi.CHUNK_CHECK_FN() if fn is None else chunk_check_thunk(fn, self._trap, self.cancel)
        with self._use() as ptr:
            lib.vld_ctx_set_chunk_check(ptr, thunk, None)
        self._keep("chunk_check", thunk)

    # -- metrics, scaling signals (docs/metrics.md) --------------------------
    def set_metrics_callback(self, fn):
        """``fn(Metrics)`` every ``Param.METRICS_INTERVAL_MS`` while work runs
        and once at the end of each verification (and each :meth:`observe`),
        on a thread doing the work; ``snapshot.events`` holds the scaling
        policy's events. A true return value cancels the work in flight
        (``CallbackAbortError``); so does raising (the error's ``__cause__``
        is your exception). It must not verify or :meth:`observe` through
        this context. ``None`` removes it."""
        with self._metrics_lock:
            self._metrics_fn = fn
            self._install_metrics(fn is not None)

    def _install_metrics(self, on):
        """One C thunk serves the host's callback and :meth:`observe`.
        It holds the context weakly: no cycle delays ``vld_ctx_free``."""
        if on == self._metrics_on:
            return
        if on:
            ref = weakref.ref(self)

            def dispatch(snapshot):
                me = ref()
                if me is None:
                    return False
                seen = getattr(me._observing, "snapshots", None)
                if seen is not None:
                    seen.append(snapshot)
                fn = me._metrics_fn
                return fn(snapshot) if fn is not None else False
            thunk = metrics_thunk(dispatch, self._trap)
        else:
            thunk = _ffi.METRICS_FN()
        with self._use() as ptr:
            lib.vld_ctx_set_metrics_callback(ptr, thunk, None)
        self._keep("metrics", thunk)
        self._metrics_on = on

    def metrics(self):
        """A :class:`Metrics` snapshot taken now (reason ``PULL``, no events)."""
        out = _ffi.sized(_ffi.Metrics)
        with self._use() as ptr:
            lib.vld_ctx_get_metrics(ptr, ctypes.byref(out))
        return Metrics._from_c(out)

    def set_clock(self, fn):
        """``fn() -> int`` nanoseconds, monotonic, replaces the context's clock
        (for a virtual clock and deterministic tests); ``None`` restores
        CLOCK_MONOTONIC. Set it before any work. A clock that raises repeats
        its previous reading and the next call on the context raises
        ``CallbackAbortError`` with the exception as ``__cause__``."""
        thunk = _ffi.CLOCK_FN() if fn is None else clock_thunk(fn, self._trap)
        with self._use() as ptr:
            lib.vld_ctx_set_clock(ptr, thunk, None)  # reads the clock once
        self._keep("clock", thunk)
        try:
            check_traps((self._trap,), self._ptr_value)
        except ValidateError:
            self.set_clock(None)
            raise

    def observe(self, *, bytes=0, latency_ns=0, cpu_ns=0, queued_chunks=0, runners_active=0):
        """Feed a measurement of work done elsewhere (a cluster's worker) to the
        metrics, scaling policy and tuner, as if a verification of ``bytes``
        had completed in ``latency_ns`` using ``cpu_ns`` of runner CPU time,
        with ``queued_chunks`` waiting and ``runners_active`` runners busy.

        Returns the snapshot it produced (reason ``DONE``): its ``events``
        (:class:`Event`) and ``alerts`` are what the policy raised. The
        metrics callback, if any, gets the same snapshot."""
        obs = _ffi.sized(_ffi.Observation)
        obs.bytes, obs.latency_ns, obs.cpu_ns = int(bytes), int(latency_ns), int(cpu_ns)
        obs.queued_chunks, obs.runners_active = int(queued_chunks), int(runners_active)
        with self._metrics_lock:
            self._install_metrics(True)  # without a callback C evaluates no policy
        seen = self._observing.snapshots = []
        try:
            with self._use() as ptr:
                try:
                    lib.vld_ctx_observe(ptr, ctypes.byref(obs))
                except ValidateError as err:
                    reraise_with_traps(err, (self._trap,), ptr)
                check_traps((self._trap,), ptr)
        finally:
            self._observing.snapshots = None
        return seen[-1] if seen else None  # None: another thread removed the thunk meanwhile

    def _keep(self, name, thunk):
        """Keep a thunk while C may call it: until the context is freed, since
        C reads a callback pointer under its lock and calls it after, and an
        operation keeps the callbacks it started with."""
        old = self._thunks.get(name)
        if old is not None:
            self._retired.append(old)
        self._thunks[name] = thunk

    def cancel(self):
        """Stop every verification in flight on this context, from any thread."""
        with self._use() as ptr:
            lib.vld_ctx_cancel(ptr)

    def _run(self, call, wrap, *handles):
        """``call(ctx_ptr, *handle_ptrs, out)`` with every handle held in use.
        ``handles`` are ``(object, expected_class)`` pairs: a wrong type must
        be a TypeError here, never a foreign pointer handed to C."""
        for obj, cls in handles:
            expect(obj, cls)
        held = []
        try:
            ptrs = []
            for h in (self,) + tuple(obj for obj, _ in handles):
                ptrs.append(h._acquire())
                held.append(h)
            return call_out(lambda out: call(*ptrs, out), wrap, ptrs[0], (self._trap,))
        finally:
            for h in held:
                h._release()

    # -- manifests ---------------------------------------------------------
    def build(self, data):
        """Manifest of a bytes-like object (not copied)."""
        with Pinned(data) as buf:
            return self._run(lambda c, out: lib.vld_manifest_build(c, buf.ptr, buf.len, out),
                             Manifest)

    def build_file(self, file):
        """Manifest of a file: a path, or a descriptor / object with ``fileno()``."""
        fd = _fd(file)
        if fd is not None:
            return self._run(lambda c, out: lib.vld_manifest_build_fd(c, fd, out), Manifest)
        path = _path(file)
        return self._run(lambda c, out: lib.vld_manifest_build_file(c, path, out), Manifest)

    def load(self, data):
        """Load a serialized manifest (raises :class:`ManifestError` if damaged)."""
        with Pinned(data) as buf:
            return self._run(lambda c, out: lib.vld_manifest_load(c, buf.ptr, buf.len, out),
                             Manifest)

    # -- verification ------------------------------------------------------
    def verify(self, manifest, data, *, first_chunk=0, chunk_count=None):
        """Verify a bytes-like object (or a chunk range of it: then ``data``
        starts at the first chunk's offset) at the context's depth."""
        rng = _chunks(first_chunk, chunk_count)
        with Pinned(data) as buf:
            if rng is None:
                call = lambda c, m, out: lib.vld_verify_buffer(c, m, buf.ptr, buf.len, out)  # noqa: E731
            else:
                call = lambda c, m, out: lib.vld_verify_buffer_range(  # noqa: E731
                    c, m, rng[0], rng[1], buf.ptr, buf.len, out)
            return self._run(call, Report, (manifest, Manifest))

    def verify_file(self, manifest, file, *, first_chunk=0, chunk_count=None):
        """Verify a file: a path, or a descriptor / object with ``fileno()``
        (read with pread: its offset is unchanged)."""
        rng = _chunks(first_chunk, chunk_count) or (0, CHUNKS_ALL)
        fd = _fd(file)
        if fd is not None:
            call = lambda c, m, out: lib.vld_verify_fd_range(c, m, fd, rng[0], rng[1], out)  # noqa: E731
        else:
            path = _path(file)
            call = lambda c, m, out: lib.vld_verify_file_range(c, m, path, rng[0], rng[1], out)  # noqa: E731
        return self._run(call, Report, (manifest, Manifest))

    def merge(self, a, b):
        """Merge the reports of two disjoint chunk ranges of one object."""
        return self._run(lambda c, ra, rb, out: lib.vld_report_merge(c, ra, rb, out), Report,
                         (a, Report), (b, Report))

    def digest_file(self, file, algo=Hash.XXH3_128):
        """Whole-file digest (canonical bytes) of a path or descriptor."""
        out = (ctypes.c_uint8 * 16)()
        n = ctypes.c_size_t()
        fd = _fd(file)
        with self._use() as c:
            if fd is not None:
                lib.vld_digest_fd(c, Hash(algo), fd, out, ctypes.byref(n))
            else:
                lib.vld_digest_file(c, Hash(algo), _path(file), out, ctypes.byref(n))
        return bytes(out[:n.value])

    # -- streaming (see stream.py / job.py) ---------------------------------
    def stream(self, manifest, on_damage=None):
        from .stream import Stream
        return Stream(self, manifest, on_damage)

    def builder(self, expected_length=None):
        from .stream import Builder
        return Builder(self, expected_length)

    def verify_from(self, manifest, fileobj, piece_size=1 << 20, on_damage=None):
        """Verify what a file-like object (``readinto`` or ``read``) yields."""
        with self.stream(manifest, on_damage) as s:
            s.feed_from(fileobj, piece_size)
            return s.finish()

    def build_from(self, fileobj, piece_size=1 << 20, expected_length=None):
        """Manifest of what a file-like object yields."""
        with self.builder(expected_length) as b:
            b.feed_from(fileobj, piece_size)
            return b.finish()

    def job(self, manifest, data=None, *, fd=None, first_chunk=0, chunk_count=None):
        from .job import Job
        return Job(self, manifest, data, fd, first_chunk, chunk_count)


def digest(data, algo=Hash.XXH3_128):
    """Digest of a bytes-like object, canonical (big-endian) bytes."""
    out = (ctypes.c_uint8 * 16)()
    n = ctypes.c_size_t()
    with Pinned(data) as buf:
        lib.vld_digest_buffer(Hash(algo), buf.ptr, buf.len, out, ctypes.byref(n))
    return bytes(out[:n.value])
