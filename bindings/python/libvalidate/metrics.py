"""Metrics snapshots, the tuner's choice, and the C thunks that deliver them
(see docs/metrics.md)."""
import ctypes
from dataclasses import dataclass, fields

from . import _ffi
from .constants import Alert, Depth, Event, MetricsReason, TuneReason

_U64 = (1 << 64) - 1


def _enum(cls, value):
    """``cls(value)``, or the plain int for a value this binding does not know
    (a depth of 0 before any verification, a bit from a newer library)."""
    try:
        return cls(value)
    except ValueError:
        return value


@dataclass(frozen=True)
class Metrics:
    """A metrics snapshot (``vld_metrics``). Counters are cumulative since the
    context was created; ``events`` says what the scaling policy raised."""
    size: int  # bytes the library filled (fields past it read as 0)
    reason: MetricsReason
    events: Event
    alerts: Alert
    now_ns: int
    elapsed_ns: int
    bytes_hashed: int
    bytes_skipped: int
    chunks_ok: int
    chunks_damaged: int
    verifications_completed: int
    verifications_in_flight: int
    throughput_recent_bps: float
    throughput_smoothed_bps: float
    calibrated_bps: float
    latency_p50_ms: float
    latency_p95_ms: float
    latency_p99_ms: float
    runner_cpu_utilization: float
    runners_active: int
    runners_max: int
    queued_chunks: int
    depth: Depth
    sample_rate_ppm: int
    step_bytes: int

    @classmethod
    def _from_c(cls, m):
        values = {f.name: getattr(m, f.name) for f in fields(cls)}
        values["reason"] = _enum(MetricsReason, m.reason)
        values["events"] = Event(m.events)
        values["alerts"] = Alert(m.alerts)
        values["depth"] = _enum(Depth, m.depth)
        return cls(**values)

    @classmethod
    def _from_address(cls, address):
        """Copy a snapshot C hands a callback: only the bytes its size field
        says are valid, and never more than this binding's struct holds."""
        size = ctypes.c_size_t.from_address(address).value
        raw = _ffi.Metrics()
        ctypes.memmove(ctypes.byref(raw), address, min(size, ctypes.sizeof(raw)))
        raw.size = size
        return cls._from_c(raw)


@dataclass(frozen=True)
class Tuning:
    """What the auto-tuner chose for one verification (``vld_tuning``).
    ``tuned`` is False without a budget; ``actual_ns`` is measured anyway."""
    tuned: bool
    depth: Depth
    sample_rate_ppm: int
    group: int
    groups: int
    reasons: TuneReason
    budget_ns: int
    predicted_ns: int
    actual_ns: int
    throughput_bps: float

    @classmethod
    def _from_c(cls, t):
        return cls(bool(t.tuned), _enum(Depth, t.depth), t.sample_rate_ppm, t.group, t.groups,
                   TuneReason(t.reasons), t.budget_ns, t.predicted_ns, t.actual_ns,
                   t.throughput_bps)


def metrics_thunk(dispatch, trap):
    """dispatch(Metrics) -> a true value stops the work in flight."""
    def thunk(_user, address):
        try:
            return 1 if dispatch(Metrics._from_address(address)) else 0
        except BaseException as exc:  # noqa: B036 - nothing may cross into C
            trap.record(exc)
            return 1
    return _ffi.METRICS_FN(thunk)


def clock_thunk(fn, trap):
    """fn() -> nanoseconds. A clock cannot stop anything: when ``fn`` raises
    (or returns garbage) the previous reading is repeated and the exception
    is re-raised by the next call on the context."""
    last = [0]

    def thunk(_user):
        try:
            value = int(fn())
            if not 0 <= value <= _U64:
                raise ValueError("clock reading %d is not an unsigned 64-bit value" % value)
            last[0] = value
        except BaseException as exc:  # noqa: B036
            trap.record(exc)
        return last[0]
    return _ffi.CLOCK_FN(thunk)
