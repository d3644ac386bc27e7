"""Verify a dataset on a Dask cluster, scaled by libvalidate's own signals.

Only paths and small results cross the network: a task names an object,
its manifest and a chunk range; the worker loads libvalidate itself, reads
both files and returns a :class:`PartResult` (a summary, the damaged ranges
and what the work cost). Objects larger than ``range_bytes`` are verified
as chunk ranges spread over the workers, and the range results are merged
into one :class:`ObjectResult` per object, equal to a local whole-file check.

:class:`ScalingAdapter` feeds what the tasks measured (bytes, latency, CPU
time) and the client's queue to the library's scaling policy
(:meth:`Context.observe`) and turns ``scale_out`` / ``scale_in`` events into
``cluster.scale(n)`` within a worker range. See docs/dask.md.

Needs ``distributed`` (Debian: python3-distributed) on the client and the
workers; the rest of the binding does not.
"""
import collections
import collections.abc
import logging
import os
import socket
import threading
import time
from dataclasses import dataclass, field, replace
from typing import Optional

from distributed import as_completed

from .constants import Depth, Event, Param, RangeFlag, Status, Verdict
from .context import Context
from .errors import ValidateError
from .report import Range, Summary

log = logging.getLogger(__name__)

MANIFEST_SUFFIX = ".vldm"  # vld's convention: FILE's manifest is FILE.vldm
DEFAULT_RANGE_BYTES = 64 << 20
_DEFAULT_MAX_RANGES = 1024


# -- what travels to the workers and back ---------------------------------
@dataclass(frozen=True)
class Part:
    """One verification task: an object (or a chunk range of it) and its manifest."""
    path: str
    manifest: str
    first_chunk: int = 0
    chunk_count: Optional[int] = None  # None: the whole object
    depth: Depth = Depth.FULL
    params: tuple = ()                 # extra (Param, value) pairs for the worker's context
    split_bytes: Optional[int] = None  # a whole object longer than this is split, not verified

    @property
    def whole(self):
        return self.first_chunk == 0 and self.chunk_count is None


@dataclass(frozen=True)
class PartResult:
    """What a worker sends back. ``kind`` is ``"report"`` (``summary`` and
    ``ranges`` set; a partial one when ``error`` is set too), ``"split"`` (the
    object is large: ``layout`` is ``(length, chunk_size, chunk_count)``) or
    ``"error"`` (nothing was verified: unreadable manifest, missing file...)."""
    part: Part
    kind: str
    summary: Optional[Summary] = None
    ranges: tuple = ()
    layout: Optional[tuple] = None
    error: str = ""
    bytes_hashed: int = 0
    latency_ns: int = 0
    cpu_ns: int = 0
    worker: str = ""


def _cpu_clock(threads):
    """The calling thread's CPU time when the library runs no threads of its
    own (the default here: Dask's worker threads are the parallelism),
    else the process's (which then includes the other tasks' work)."""
    return time.thread_time_ns if threads == 1 else time.process_time_ns


def verify_part(part):
    """Run on a worker: verify ``part`` and return a :class:`PartResult`.
    Never raises for a problem with the data or the files: the result says."""
    params = dict(part.params)
    params.setdefault(Param.THREADS, 1)
    cpu = _cpu_clock(params[Param.THREADS])
    worker = "%s:%d" % (socket.gethostname(), os.getpid())
    wall0, cpu0 = time.monotonic_ns(), cpu()

    def done(kind, **kw):
        return PartResult(part, kind, latency_ns=time.monotonic_ns() - wall0,
                          cpu_ns=cpu() - cpu0, worker=worker, **kw)
    try:
        with open(part.manifest, "rb") as f:
            blob = f.read()
        with Context(depth=part.depth) as ctx:
            for param, value in params.items():
                ctx.set_param(param, value)
            with ctx.load(blob) as m:
                if (part.whole and part.split_bytes is not None and m.length > part.split_bytes
                        and m.chunk_count > 1):
                    return done("split", layout=(m.length, m.chunk_size, m.chunk_count))
                try:
                    report = ctx.verify_file(m, part.path, first_chunk=part.first_chunk,
                                             chunk_count=part.chunk_count)
                    error = ""
                except ValidateError as err:
                    if err.report is None:
                        raise
                    report, error = err.report, str(err)
                with report:
                    return done("report", summary=report.summary, ranges=report.ranges,
                                error=error, bytes_hashed=report.summary.bytes_checked)
    except (OSError, ValidateError) as err:  # ValidateIOError is an OSError too
        return done("error", error="%s: %s" % (type(err).__name__, err))


def split(part, layout, range_bytes):
    """The range parts of a whole-object ``part`` whose manifest has ``layout``."""
    _, chunk_size, chunk_count = layout
    per = max(1, range_bytes // chunk_size)
    return [replace(part, first_chunk=first, chunk_count=min(per, chunk_count - first),
                    split_bytes=None)
            for first in range(0, chunk_count, per)]


# -- merging range results: what vld_report_merge() does, from summaries ----
def merge_results(results, max_ranges=_DEFAULT_MAX_RANGES):
    """Merge the results of disjoint ranges of one object into ``(summary,
    ranges)``. Re-derives what lib/summary.c derives from chunk states:
    counts add up, touching ranges with the same flags join, bytes past the
    manifest's length are one ``EXTRA`` range, and the verdict follows. The
    result equals the whole-object report (without the whole-object digest,
    which only a whole-object verification computes). A range result whose
    ranges were truncated makes the merge say so (``ranges_truncated``)."""
    results = sorted(results, key=lambda r: r.part.first_chunk)
    if not results:
        raise ValueError("nothing to merge")
    sums = [r.summary for r in results]
    if len({(s.bytes_total, s.chunks_total, s.depth) for s in sums}) != 1:
        raise ValueError("the results are of different manifests or depths")
    first = sums[0]
    status = next((s.status for s in sums if s.status != Status.OK), first.status)
    bytes_seen = max(s.bytes_seen for s in sums)
    truncated = any(s.ranges_truncated for s in sums)
    ranges, total = [], 0
    pieces = sorted((g for r in results for g in r.ranges if not g.flags & RangeFlag.EXTRA),
                    key=lambda g: g.offset)
    extra = bytes_seen > first.bytes_total
    if extra:
        pieces.append(Range(first.bytes_total, bytes_seen - first.bytes_total, RangeFlag.EXTRA))
    for g in pieces:
        last = ranges[-1] if ranges else None
        if last is not None and last.flags == g.flags and last.offset + last.length == g.offset:
            ranges[-1] = Range(last.offset, last.length + g.length, last.flags)
            continue
        total += 1
        if len(ranges) < max_ranges:
            ranges.append(g)
        else:
            truncated = True
    damaged = sum(s.chunks_damaged for s in sums)
    digest = next((s for s in sums if s.digest_checked), None)
    digest_ok = digest.digest_ok if digest else sums[-1].digest_ok
    missing = any(g.flags & RangeFlag.MISSING for g in pieces) or any(
        s.verdict == Verdict.LENGTH_MISMATCH for s in sums)
    if status == Status.OK and (missing or extra):
        verdict = Verdict.LENGTH_MISMATCH
    elif damaged or (digest is not None and not digest_ok):
        verdict = Verdict.CORRUPT
    else:
        verdict = Verdict.OK
    summary = Summary(
        verdict, first.depth, status, first.bytes_total, bytes_seen,
        sum(s.bytes_checked for s in sums), first.chunks_total,
        sum(s.chunks_checked for s in sums), damaged, len(ranges), truncated,
        digest is not None, bool(digest_ok), sum(s.chunks_in_scope for s in sums))
    return summary, tuple(ranges)


@dataclass(frozen=True)
class ObjectResult:
    """One object's verdict: the merged summary and damaged ranges (``None``
    when nothing could be verified), with any task errors."""
    path: str
    manifest: str
    summary: Optional[Summary]
    ranges: tuple
    parts: int
    errors: tuple = ()
    workers: tuple = ()  # where its parts ran

    @property
    def ok(self):
        """Nothing damaged in what was checked, and every part ran to its end."""
        return (self.summary is not None and not self.errors
                and self.summary.verdict == Verdict.OK and self.summary.status == Status.OK
                and self.summary.chunks_in_scope == self.summary.chunks_total)

    @property
    def damaged(self):
        return self.summary is not None and self.summary.verdict != Verdict.OK

    def format(self):
        """vld verify's text for this object."""
        s = self.summary
        if s is None:
            return "%s: ERROR\n" % self.path + "".join("  %s\n" % e for e in self.errors)
        verdict = {Verdict.OK: "OK", Verdict.CORRUPT: "CORRUPT",
                   Verdict.LENGTH_MISMATCH: "LENGTH MISMATCH"}[s.verdict]
        lines = ["%s: %s" % (self.path, verdict)]
        if s.verdict == Verdict.LENGTH_MISMATCH:
            lines[0] += ": %d bytes, manifest says %d" % (s.bytes_seen, s.bytes_total)
        if self.errors:
            lines[0] += " (incomplete)"
        if s.depth == Depth.SHALLOW:
            lines.append("  shallow depth: length checked, no chunk read")
        else:
            pct = 100.0 * s.bytes_checked / s.bytes_total if s.bytes_total else 100.0
            lines.append("  %s depth: %d of %d chunks checked, %d of %d bytes (%.1f%%)%s" % (
                s.depth.name.lower(), s.chunks_checked, s.chunks_total, s.bytes_checked,
                s.bytes_total, pct, ", in %d ranges" % self.parts if self.parts > 1 else ""))
        if s.chunks_damaged:
            lines.append("  %d damaged chunk%s" % (s.chunks_damaged,
                                                    "" if s.chunks_damaged == 1 else "s"))
        for g in self.ranges:
            kinds = [f.name.lower() for f in (RangeFlag.MISSING, RangeFlag.EXTRA, RangeFlag.HOST,
                                             RangeFlag.TRANSIENT) if g.flags & f]
            lines.append("  damaged %d+%d%s" % (g.offset, g.length,
                                                " (%s)" % ", ".join(kinds) if kinds else ""))
        if s.ranges_truncated:
            lines.append("  more damaged ranges exist than were kept")
        lines.extend("  error: %s" % e for e in self.errors)
        return "\n".join(lines) + "\n"


def _object_result(path, manifest, results, max_ranges):
    errors = tuple(r.error for r in results if r.error)
    reports = [r for r in results if r.kind == "report"]
    workers = tuple(sorted({r.worker for r in results if r.worker}))
    if not reports:
        return ObjectResult(path, manifest, None, (), len(results), errors, workers)
    summary, ranges = merge_results(reports, max_ranges)
    return ObjectResult(path, manifest, summary, ranges, len(results), errors, workers)


@dataclass
class DatasetReport:
    """Every object's result, in the order given, and the totals."""
    objects: list
    elapsed_s: float
    scaling: list = field(default_factory=list)  # the adapter's decisions, if any

    @property
    def ok(self):
        """How many objects are ok."""
        return sum(o.ok for o in self.objects)

    @property
    def damaged_objects(self):
        return [o for o in self.objects if o.damaged]

    @property
    def failed_objects(self):
        """Objects with a task error (a partial result, or none at all)."""
        return [o for o in self.objects if o.errors or o.summary is None]

    @property
    def bytes_total(self):
        return sum(o.summary.bytes_total for o in self.objects if o.summary)

    @property
    def bytes_checked(self):
        return sum(o.summary.bytes_checked for o in self.objects if o.summary)

    @property
    def coverage(self):
        """Bytes checked over the bytes the manifests describe (1.0 when empty)."""
        return self.bytes_checked / self.bytes_total if self.bytes_total else 1.0

    @property
    def damaged_ranges(self):
        """``{path: (Range, ...)}`` of the damaged objects."""
        return {o.path: o.ranges for o in self.damaged_objects}

    def format(self, verbose=False):
        """vld-style text: each damaged or failed object (every object with
        ``verbose``), then one summary line."""
        shown = self.objects if verbose else [o for o in self.objects if not o.ok]
        text = "".join(o.format() for o in shown)
        text += ("%d objects: %d ok, %d damaged, %d with errors; %d of %d bytes checked "
                 "(%.1f%%) in %.2f s\n" % (
                     len(self.objects), self.ok, len(self.damaged_objects),
                     len(self.failed_objects), self.bytes_checked, self.bytes_total,
                     100.0 * self.coverage, self.elapsed_s))
        for decision in self.scaling:
            text += "scaling: %s\n" % (decision,)
        return text

    def to_dict(self):
        """Plain data (for JSON)."""
        return {
            "objects": len(self.objects), "ok": self.ok,
            "damaged": len(self.damaged_objects), "errors": len(self.failed_objects),
            "bytes_total": self.bytes_total, "bytes_checked": self.bytes_checked,
            "coverage": self.coverage, "elapsed_s": self.elapsed_s,
            "damaged_ranges": {p: [[g.offset, g.length, int(g.flags)] for g in rs]
                               for p, rs in self.damaged_ranges.items()},
            "failed": {o.path: list(o.errors) for o in self.failed_objects},
        }


# -- the dataset driver -----------------------------------------------------
def manifest_paths(objects, manifests=None, manifest_dir=None, root=None):
    """``[(object, manifest)]``. ``objects`` is an iterable of paths, or a
    mapping of path to manifest path. Otherwise each object's manifest is
    ``manifests[i]`` when given, else in ``manifest_dir`` as NAME.vldm, where
    NAME is the path relative to ``root`` (so a tree's manifests mirror it)
    or, without ``root``, the file name; else next to it as FILE.vldm."""
    if isinstance(objects, collections.abc.Mapping):
        return [(os.fspath(p), os.fspath(m)) for p, m in objects.items()]
    paths = [os.fspath(p) for p in objects]
    if manifests is not None:
        manifests = [os.fspath(m) for m in manifests]
        if len(manifests) != len(paths):
            raise ValueError("%d objects but %d manifests" % (len(paths), len(manifests)))
        return list(zip(paths, manifests))
    if manifest_dir is None:
        return [(p, p + MANIFEST_SUFFIX) for p in paths]
    out = []
    for p in paths:
        name = os.path.relpath(p, root) if root is not None else os.path.basename(p)
        out.append((p, os.path.join(os.fspath(manifest_dir), name + MANIFEST_SUFFIX)))
    return out


def verify_dataset(client, objects, *, manifests=None, manifest_dir=None, root=None,
                   depth=Depth.FULL, params=None, range_bytes=DEFAULT_RANGE_BYTES,
                   adapter=None, max_in_flight=None):
    """Verify ``objects`` on ``client``'s cluster and return a :class:`DatasetReport`.

    Manifests are found as :func:`manifest_paths` says. An object longer than
    ``range_bytes`` (None: never) is verified as ranges of about that size,
    in parallel (at ``Depth.DEEP`` its whole-object digest is then not
    computed: only a whole-object check can). ``params`` (``{Param: value}``)
    go to every worker's context (``Param.THREADS`` defaults to 1: Dask's
    threads are the parallelism). ``adapter``, a :class:`ScalingAdapter`, is fed every
    result and the queue. At most ``max_in_flight`` tasks (default: 4 per
    worker thread, at least 64) are on the scheduler at once, so a dataset
    of millions of objects does not flood it.
    """
    started = time.monotonic()
    params = tuple(sorted((Param(k), int(v)) for k, v in (params or {}).items()))
    max_ranges = dict(params).get(Param.MAX_RANGES, _DEFAULT_MAX_RANGES)
    pairs = manifest_paths(objects, manifests, manifest_dir, root)
    if len({p for p, _ in pairs}) != len(pairs):
        raise ValueError("an object is listed more than once")
    waiting = collections.deque(Part(p, m, depth=Depth(depth), params=params,
                                     split_bytes=range_bytes) for p, m in pairs)
    if max_in_flight is None:
        max_in_flight = max(64, 4 * sum(client.nthreads().values()))
    results = collections.defaultdict(list)
    submitted = {}  # future key -> Part, to name the object of a lost task
    ac = as_completed()

    def refill():
        batch = []
        while waiting and len(submitted) + len(batch) < max_in_flight:
            batch.append(waiting.popleft())
        if batch:
            for part, fut in zip(batch, client.map(verify_part, batch, pure=False)):
                submitted[fut.key] = part
                ac.add(fut)
    if adapter is not None:
        adapter.load(in_flight=0, waiting=len(waiting))
    refill()
    for fut in ac:
        part = submitted.pop(fut.key)
        try:
            res = fut.result()
        except Exception as exc:  # the task raised or was lost: say so, go on
            res = PartResult(part, "error", error="task failed: %r" % (exc,))
        fut.release()
        if res.kind == "split":
            # next in line, so that objects finish early
            waiting.extendleft(reversed(split(res.part, res.layout, range_bytes)))
        else:
            results[res.part.path].append(res)
        if adapter is not None:
            adapter.feed(res, in_flight=len(submitted), waiting=len(waiting))
        refill()
    if adapter is not None:
        adapter.load(in_flight=0, waiting=0)
    objects_out = [_object_result(p, m, results[p], max_ranges) for p, m in pairs]
    return DatasetReport(objects_out, time.monotonic() - started,
                         list(adapter.decisions) if adapter is not None else [])


# -- scaling --------------------------------------------------------------
@dataclass(frozen=True)
class Decision:
    """One scaling decision: the event that asked, and the worker counts."""
    event: Event
    workers_from: int
    workers_to: int
    snapshot: object = field(repr=False, compare=False, default=None)

    def __str__(self):
        return "%s: %d -> %d workers" % (self.event.name, self.workers_from, self.workers_to)


class ScalingAdapter:
    """libvalidate's scaling policy driving ``cluster.scale(n)``.

    A client-side :class:`Context` (never verifying) gets one
    :meth:`Context.observe` per finished task: its bytes, latency and CPU
    time, the runners busy and the work queued. The context's runners are
    the cluster's worker threads (``Param.THREADS`` = workers x
    ``threads_per_worker``), so ``scale_out`` fires when their CPU stays
    above ``Param.SCALE_CPU_PCT`` with work queued and every thread busy,
    and ``scale_in`` when CPU and latency stay low. Each ``scale_out`` adds
    one worker, each ``scale_in`` removes one, within ``[minimum, maximum]``.
    ``scale_out_edge`` and alerts are logged (a Dask cluster has no edge
    tier). ``queued_chunks`` is fed the number of queued *tasks* (each is
    at least one chunk): the policy only asks whether work waits.

    While nothing runs, no task finishes to be observed: :meth:`idle`
    (called by the thread :meth:`start` runs, or by you) observes an idle
    interval, so the policy sees the quiet and can release workers.

    ``params`` (``{Param: value}``) tune the policy; by default the latency
    target is a minute (``Param.SCALE_LATENCY_MS``): batch tasks are not
    requests. ``clock`` (``fn() -> ns``) makes it deterministic for tests.
    """

    def __init__(self, cluster, *, minimum=1, maximum=None, workers=None, threads_per_worker=None,
                 params=None, clock=None):
        self.cluster = cluster
        info = getattr(cluster, "scheduler_info", None) or {}
        nthreads = [w.get("nthreads", 1) for w in info.get("workers", {}).values()]
        self.workers = int(workers if workers is not None else (len(nthreads) or minimum))
        self.threads_per_worker = int(threads_per_worker or (max(nthreads) if nthreads else 1))
        self.minimum = int(minimum)
        self.maximum = int(maximum if maximum is not None else max(self.workers, self.minimum))
        if not 1 <= self.minimum <= self.maximum:
            raise ValueError("need 1 <= minimum <= maximum (got %d, %d)"
                             % (self.minimum, self.maximum))
        settings = {Param.SCALE_LATENCY_MS: 60_000}
        settings.update({Param(k): int(v) for k, v in (params or {}).items()})
        self.ctx = Context(clock=clock)
        for param, value in settings.items():
            self.ctx.set_param(param, value)
        self._runners()
        self.decisions = []
        self.last = None  # the latest snapshot
        self._lock = threading.Lock()
        self._in_flight = 0
        self._waiting = 0
        self._observed = 0
        self._ticker = None
        self._stop = threading.Event()

    def _runners(self):
        self.runners_max = max(1, min(256, self.workers * self.threads_per_worker))
        self.ctx.set_param(Param.THREADS, self.runners_max)

    def load(self, *, in_flight, waiting):
        """The client's queue: tasks submitted and not finished, and not yet submitted."""
        with self._lock:
            self._in_flight, self._waiting = in_flight, waiting

    def feed(self, result, *, in_flight, waiting):
        """Observe one finished :class:`PartResult` and act on the events."""
        self.load(in_flight=in_flight, waiting=waiting)
        return self.observe(bytes=result.bytes_hashed, latency_ns=result.latency_ns,
                            cpu_ns=result.cpu_ns)

    def observe(self, *, bytes=0, latency_ns=0, cpu_ns=0, in_flight=None, waiting=None):
        """Observe a measurement (the queue as last given by :meth:`load`
        unless given here); scale on its events. Returns the snapshot."""
        with self._lock:
            if in_flight is not None:
                self._in_flight = in_flight
            if waiting is not None:
                self._waiting = waiting
            active = min(self._in_flight, self.runners_max)
            queued = self._waiting + max(0, self._in_flight - self.runners_max)
            snapshot = self.ctx.observe(bytes=bytes, latency_ns=latency_ns, cpu_ns=cpu_ns,
                                        queued_chunks=queued, runners_active=active)
            self._observed += 1
            self.last = snapshot
            self._act(snapshot)
            return snapshot

    def idle(self):
        """Observe an idle interval when nothing is running or queued."""
        with self._lock:
            busy = self._in_flight or self._waiting
        return None if busy else self.observe()

    def _act(self, snapshot):
        events = snapshot.events
        if events & Event.SCALE_OUT and self.workers < self.maximum:
            self._scale(Event.SCALE_OUT, self.workers + 1, snapshot)
        if events & Event.SCALE_IN and self.workers > self.minimum:
            self._scale(Event.SCALE_IN, self.workers - 1, snapshot)
        if events & Event.SCALE_OUT_EDGE:
            log.info("libvalidate: scale_out_edge (latency p95 %.1f ms); a Dask cluster has "
                     "no edge tier", snapshot.latency_p95_ms)
        if events & Event.ALERT:
            log.warning("libvalidate alert: %s", snapshot.alerts)

    def _scale(self, event, target, snapshot):
        decision = Decision(event, self.workers, target, snapshot)
        log.info("libvalidate scaling: %s", decision)
        self.cluster.scale(target)
        self.workers = target
        self._runners()
        self.decisions.append(decision)

    def start(self, interval_s=1.0):
        """Run :meth:`idle` every ``interval_s`` in a daemon thread, when no
        task finished during the interval."""
        if self._ticker is not None:
            return self
        self._stop.clear()

        def tick():
            seen = self._observed
            while not self._stop.wait(interval_s):
                if self._observed == seen:
                    self.idle()
                seen = self._observed
        self._ticker = threading.Thread(target=tick, name="vld-scaling", daemon=True)
        self._ticker.start()
        return self

    def stop(self):
        if self._ticker is not None:
            self._stop.set()
            self._ticker.join()
            self._ticker = None

    def close(self):
        self.stop()
        self.ctx.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
