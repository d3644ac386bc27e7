"""Python binding of libvalidate (ctypes, standard library only).

>>> import libvalidate as lv
>>> with lv.Context(chunk_size=4096) as ctx:
...     m = ctx.build(b"hello" * 2000)
...     ctx.verify(m, b"hello" * 2000).ok
True

Every C call releases the GIL. Handles are closed explicitly (``close()`` or
``with``) or when garbage-collected; using a closed one raises
:class:`HandleClosedError`.
"""
from . import _ffi
from .constants import (CHUNKS_ALL, LENGTH_UNKNOWN, Alert, ChunkState, Depth, Event, Hash,
                        MetricsReason, Param, RangeFlag, Status, TuneReason, Verdict)
from .context import Bounds, Context, digest, param_bounds
from .errors import (ArgumentError, CallbackAbortError, CancelledError, ChunkIndexError,
                     FileChangedError, HandleClosedError, InternalError, ManifestError,
                     MismatchError, OutOfMemoryError, StateError, UnsupportedError,
                     ValidateError, ValidateIOError)
from .job import Job
from .manifest import Manifest, ManifestInfo
from .metrics import Metrics, Tuning
from .report import Range, Report, Summary
from .stream import Builder, Stream


def version_number():
    """Run-time library version, MAJOR*10000 + MINOR*100 + PATCH."""
    return _ffi.lib.vld_version_number()


def version_string():
    return _ffi.lib.vld_version_string().decode()


def status_name(status):
    return _ffi.lib.vld_status_name(int(status)).decode()


def strerror(status):
    return _ffi.lib.vld_strerror(int(status)).decode()


__all__ = [name for name in dir() if not name.startswith("_")]
