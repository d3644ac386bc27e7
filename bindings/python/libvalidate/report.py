"""Verification reports: verdict, coverage, damaged ranges, chunk states."""
import ctypes
from dataclasses import dataclass

from . import _ffi
from ._handle import Handle
from .constants import ChunkState, Depth, RangeFlag, Status, Verdict
from .metrics import Tuning


@dataclass(frozen=True)
class Range:
    """A damaged byte range of the object."""
    offset: int
    length: int
    flags: RangeFlag

    @classmethod
    def _from_c(cls, r):
        return cls(r.offset, r.length, RangeFlag(r.flags))


@dataclass(frozen=True)
class Summary:
    verdict: Verdict
    depth: Depth
    status: int
    bytes_total: int
    bytes_seen: int
    bytes_checked: int
    chunks_total: int
    chunks_checked: int
    chunks_damaged: int
    ranges_count: int
    ranges_truncated: bool
    digest_checked: bool
    digest_ok: bool
    chunks_in_scope: int


def _status(value):
    try:
        return Status(value)
    except ValueError:
        return value


class Report(Handle):
    """What a verification found. Immutable; safe to read from many threads.

    The summary, the ranges and the tuning are read once when the report is
    made, so they stay available after :meth:`close`; chunk states are read
    on demand.
    """

    _free = _ffi.lib.vld_report_free

    def __init__(self, ptr):
        super().__init__(ptr)
        s = _ffi.sized(_ffi.ReportSummary)
        _ffi.lib.vld_report_get_summary(ptr, ctypes.byref(s))
        self.summary = Summary(
            Verdict(s.verdict), Depth(s.depth), _status(s.status), s.bytes_total, s.bytes_seen,
            s.bytes_checked, s.chunks_total, s.chunks_checked, s.chunks_damaged, s.ranges_count,
            bool(s.ranges_truncated), bool(s.digest_checked), bool(s.digest_ok),
            s.chunks_in_scope)
        ranges = []
        for i in range(s.ranges_count):
            r = _ffi.sized(_ffi.Range)
            _ffi.lib.vld_report_get_range(ptr, i, ctypes.byref(r))
            ranges.append(Range._from_c(r))
        self.ranges = tuple(ranges)
        t = _ffi.sized(_ffi.Tuning)
        _ffi.lib.vld_report_get_tuning(ptr, ctypes.byref(t))
        #: :class:`Tuning`: what the auto-tuner chose (``tuned`` False without a budget).
        self.tuning = Tuning._from_c(t)

    @property
    def verdict(self):
        return self.summary.verdict

    @property
    def ok(self):
        """True when nothing damaged was found *and* the run was complete.
        Check the coverage too: shallow and sampled depths read less."""
        return self.summary.verdict == Verdict.OK and self.summary.status == Status.OK

    def chunk_state(self, index):
        """:class:`ChunkState` of chunk ``index`` (``ChunkIndexError`` past the end)."""
        state = ctypes.c_int()
        with self._use() as ptr:
            _ffi.lib.vld_report_get_chunk_state(ptr, index, ctypes.byref(state))
        return ChunkState(state.value)

    def chunk_states(self):
        """Every chunk's state, as a list."""
        return [self.chunk_state(i) for i in range(self.summary.chunks_total)]

    def damaged_chunks(self):
        return [i for i, s in enumerate(self.chunk_states())
                if s in (ChunkState.DAMAGED, ChunkState.MISSING)]

    def __repr__(self):
        s = self.summary
        return "<Report %s %s checked %d/%d chunks, %d damaged>" % (
            s.verdict.name, s.depth.name, s.chunks_checked, s.chunks_total, s.chunks_damaged)
