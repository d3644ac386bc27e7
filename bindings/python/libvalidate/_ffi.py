"""The one place that declares every C function of include/libvalidate.h.

Each function gets argtypes and restype; those returning ``vld_status`` get
an ``errcheck`` that turns a negative status into the matching exception,
with the context's detail message when the call takes a context.

``ctypes.CDLL`` releases the GIL for the duration of every foreign call, so
long verifications run in parallel with other Python threads; the callback
thunks (CFUNCTYPE) take the GIL back when C calls them, from any thread.
"""
import ctypes
from ctypes import (POINTER, CFUNCTYPE, Structure, c_char, c_char_p, c_double, c_int,
                    c_int64, c_size_t, c_uint, c_uint8, c_uint32, c_uint64, c_void_p)

from . import _loader
from .errors import error_class

SUPPORTED_MAJOR = 0  # this binding speaks the 0.x API
LENGTH_UNKNOWN = (1 << 64) - 1

lib = _loader.load()

ctx_p = c_void_p
manifest_p = c_void_p
report_p = c_void_p
stream_p = c_void_p
builder_p = c_void_p
job_p = c_void_p
status_t = c_int
enum_t = c_int


class Allocator(Structure):
    _fields_ = [("size", c_size_t), ("malloc_fn", c_void_p), ("realloc_fn", c_void_p),
                ("free_fn", c_void_p), ("user", c_void_p)]


class ManifestInfo(Structure):
    _fields_ = [("size", c_size_t), ("format_version", c_uint32), ("hash", enum_t),
                ("length", c_uint64), ("chunk_size", c_uint64), ("chunk_count", c_uint64),
                ("digest", c_uint8 * 16)]


class Range(Structure):
    _fields_ = [("size", c_size_t), ("offset", c_uint64), ("length", c_uint64),
                ("flags", c_uint32)]


class ReportSummary(Structure):
    _fields_ = [("size", c_size_t), ("verdict", enum_t), ("depth", enum_t), ("status", status_t),
                ("bytes_total", c_uint64), ("bytes_seen", c_uint64), ("bytes_checked", c_uint64),
                ("chunks_total", c_uint64), ("chunks_checked", c_uint64),
                ("chunks_damaged", c_uint64), ("ranges_count", c_uint64),
                ("ranges_truncated", c_int), ("digest_checked", c_int), ("digest_ok", c_int),
                ("chunks_in_scope", c_uint64)]


class Metrics(Structure):
    """``vld_metrics``; fields are only ever appended (the C struct starts with its size)."""
    _fields_ = [("size", c_size_t), ("reason", enum_t), ("events", c_uint32), ("alerts", c_uint32),
                ("now_ns", c_uint64), ("elapsed_ns", c_uint64), ("bytes_hashed", c_uint64),
                ("bytes_skipped", c_uint64), ("chunks_ok", c_uint64), ("chunks_damaged", c_uint64),
                ("verifications_completed", c_uint64), ("verifications_in_flight", c_uint64),
                ("throughput_recent_bps", c_double), ("throughput_smoothed_bps", c_double),
                ("calibrated_bps", c_double), ("latency_p50_ms", c_double),
                ("latency_p95_ms", c_double), ("latency_p99_ms", c_double),
                ("runner_cpu_utilization", c_double), ("runners_active", c_uint32),
                ("runners_max", c_uint32), ("queued_chunks", c_uint64), ("depth", enum_t),
                ("sample_rate_ppm", c_uint32), ("step_bytes", c_uint64)]


class Observation(Structure):
    _fields_ = [("size", c_size_t), ("bytes", c_uint64), ("latency_ns", c_uint64),
                ("cpu_ns", c_uint64), ("queued_chunks", c_uint64), ("runners_active", c_uint32)]


class Tuning(Structure):
    _fields_ = [("size", c_size_t), ("tuned", c_int), ("depth", enum_t),
                ("sample_rate_ppm", c_uint32), ("group", c_uint32), ("groups", c_uint32),
                ("reasons", c_uint32), ("budget_ns", c_uint64), ("predicted_ns", c_uint64),
                ("actual_ns", c_uint64), ("throughput_bps", c_double)]


def sized(struct_type):
    """A struct instance with its leading ``size`` field set."""
    value = struct_type()
    value.size = ctypes.sizeof(struct_type)
    return value


CHUNK_CHECK_FN = CFUNCTYPE(c_int, c_void_p, c_uint64, c_uint64, c_void_p, c_size_t)
PROGRESS_FN = CFUNCTYPE(c_int, c_void_p, c_uint64, c_uint64)
DAMAGE_FN = CFUNCTYPE(c_int, c_void_p, POINTER(Range))
READ_FN = CFUNCTYPE(c_int64, c_void_p, c_int, c_void_p, c_size_t, c_uint64)
# The snapshot is taken as a void pointer: its size field says how much of it
# the library filled, which may be less (older library) or more (newer) than ours.
METRICS_FN = CFUNCTYPE(c_int, c_void_p, c_void_p)
CLOCK_FN = CFUNCTYPE(c_uint64, c_void_p)


def last_error(ctx):
    """The context's detail message ("" when none or ctx is NULL)."""
    if not ctx:
        return ""
    buf = ctypes.create_string_buffer(512)
    if lib.vld_ctx_last_error(ctx, buf, len(buf)) != 0:
        return ""
    return buf.value.decode("utf-8", "replace")


def raise_for(status, ctx=None, function=None):
    """Raise the exception for a negative ``status``."""
    name = lib.vld_status_name(status).decode()
    message = lib.vld_strerror(status).decode()
    raise error_class(status)(status, name, message, last_error(ctx), function)


def _errcheck_for(ctx_index):
    def errcheck(result, func, args):
        if result < 0:
            raise_for(result, args[ctx_index] if ctx_index is not None else None,
                      func.__name__)
        return result
    return errcheck


# name: (restype or "status", argtypes, index of the vld_ctx argument or None)
u8_16 = POINTER(c_uint8)
_S = "status"
_DECLS = {
    "vld_version_number": (c_uint, [], None),
    "vld_version_string": (c_char_p, [], None),
    "vld_strerror": (c_char_p, [c_int], None),
    "vld_status_name": (c_char_p, [c_int], None),
    "vld_ctx_new": (_S, [POINTER(Allocator), POINTER(ctx_p)], None),
    "vld_ctx_free": (None, [ctx_p], None),
    "vld_ctx_last_error": (c_int, [ctx_p, c_char_p, c_size_t], None),
    "vld_ctx_set_param": (_S, [ctx_p, enum_t, c_int64], 0),
    "vld_ctx_get_param": (_S, [ctx_p, enum_t, POINTER(c_int64)], 0),
    "vld_ctx_reset_params": (_S, [ctx_p], 0),
    "vld_param_bounds": (_S, [enum_t, POINTER(c_int64), POINTER(c_int64), POINTER(c_int64)], None),
    "vld_ctx_set_chunk_check": (_S, [ctx_p, CHUNK_CHECK_FN, c_void_p], 0),
    "vld_ctx_set_progress": (_S, [ctx_p, PROGRESS_FN, c_void_p], 0),
    "vld_ctx_set_read_fn": (_S, [ctx_p, READ_FN, c_void_p], 0),
    "vld_ctx_cancel": (_S, [ctx_p], 0),
    "vld_manifest_build": (_S, [ctx_p, c_void_p, c_size_t, POINTER(manifest_p)], 0),
    "vld_manifest_load": (_S, [ctx_p, c_void_p, c_size_t, POINTER(manifest_p)], 0),
    "vld_manifest_serialized_size": (_S, [manifest_p, POINTER(c_size_t)], None),
    "vld_manifest_serialize": (_S, [manifest_p, c_void_p, c_size_t, POINTER(c_size_t)], None),
    "vld_manifest_free": (None, [manifest_p], None),
    "vld_manifest_get_info": (_S, [manifest_p, POINTER(ManifestInfo)], None),
    "vld_manifest_get_chunk_digest": (_S, [manifest_p, c_uint64, u8_16, POINTER(c_size_t)], None),
    "vld_manifest_chunk_range": (_S, [manifest_p, c_uint64, c_uint64, POINTER(c_uint64),
                                      POINTER(c_uint64)], None),
    "vld_manifest_build_file": (_S, [ctx_p, c_char_p, POINTER(manifest_p)], 0),
    "vld_manifest_build_fd": (_S, [ctx_p, c_int, POINTER(manifest_p)], 0),
    "vld_report_get_summary": (_S, [report_p, POINTER(ReportSummary)], None),
    "vld_report_get_range": (_S, [report_p, c_size_t, POINTER(Range)], None),
    "vld_report_get_chunk_state": (_S, [report_p, c_uint64, POINTER(enum_t)], None),
    "vld_report_free": (None, [report_p], None),
    "vld_report_merge": (_S, [ctx_p, report_p, report_p, POINTER(report_p)], 0),
    "vld_verify_buffer": (_S, [ctx_p, manifest_p, c_void_p, c_size_t, POINTER(report_p)], 0),
    "vld_verify_buffer_range": (_S, [ctx_p, manifest_p, c_uint64, c_uint64, c_void_p, c_size_t,
                                     POINTER(report_p)], 0),
    "vld_verify_file": (_S, [ctx_p, manifest_p, c_char_p, POINTER(report_p)], 0),
    "vld_verify_fd": (_S, [ctx_p, manifest_p, c_int, POINTER(report_p)], 0),
    "vld_verify_file_range": (_S, [ctx_p, manifest_p, c_char_p, c_uint64, c_uint64,
                                   POINTER(report_p)], 0),
    "vld_verify_fd_range": (_S, [ctx_p, manifest_p, c_int, c_uint64, c_uint64,
                                 POINTER(report_p)], 0),
    "vld_job_new_buffer": (_S, [ctx_p, manifest_p, c_void_p, c_size_t, c_uint64, c_uint64,
                                POINTER(job_p)], 0),
    "vld_job_new_fd": (_S, [ctx_p, manifest_p, c_int, c_uint64, c_uint64, POINTER(job_p)], 0),
    "vld_job_step": (_S, [job_p, c_uint64, POINTER(c_int)], None),
    "vld_job_get_position": (_S, [job_p, POINTER(c_uint64), POINTER(c_uint64)], None),
    "vld_job_finish": (_S, [job_p, POINTER(report_p)], None),
    "vld_job_free": (None, [job_p], None),
    "vld_stream_new": (_S, [ctx_p, manifest_p, POINTER(stream_p)], 0),
    "vld_stream_set_damage_callback": (_S, [stream_p, DAMAGE_FN, c_void_p], None),
    "vld_stream_update": (_S, [stream_p, c_void_p, c_size_t], None),
    "vld_stream_finish": (_S, [stream_p, POINTER(report_p)], None),
    "vld_stream_free": (None, [stream_p], None),
    "vld_builder_new": (_S, [ctx_p, c_uint64, POINTER(builder_p)], 0),
    "vld_builder_update": (_S, [builder_p, c_void_p, c_size_t], None),
    "vld_builder_finish": (_S, [builder_p, POINTER(manifest_p)], None),
    "vld_builder_free": (None, [builder_p], None),
    "vld_digest_buffer": (_S, [enum_t, c_void_p, c_size_t, u8_16, POINTER(c_size_t)], None),
    "vld_digest_file": (_S, [ctx_p, enum_t, c_char_p, u8_16, POINTER(c_size_t)], 0),
    "vld_digest_fd": (_S, [ctx_p, enum_t, c_int, u8_16, POINTER(c_size_t)], 0),
    "vld_ctx_set_metrics_callback": (_S, [ctx_p, METRICS_FN, c_void_p], 0),
    "vld_ctx_get_metrics": (_S, [ctx_p, POINTER(Metrics)], 0),
    "vld_ctx_set_clock": (_S, [ctx_p, CLOCK_FN, c_void_p], 0),
    "vld_ctx_observe": (_S, [ctx_p, POINTER(Observation)], 0),
    "vld_report_get_tuning": (_S, [report_p, POINTER(Tuning)], None),
}


def _declare():
    for name, (restype, argtypes, ctx_index) in _DECLS.items():
        func = getattr(lib, name)  # AttributeError names a missing symbol
        func.argtypes = argtypes
        if restype == _S:
            func.restype = status_t
            func.errcheck = _errcheck_for(ctx_index)
        else:
            func.restype = restype


_declare()

if lib.vld_version_number() // 10000 != SUPPORTED_MAJOR:
    raise ImportError("libvalidate %s is not API version %d.x, which this binding needs"
                      % (lib.vld_version_string().decode(), SUPPORTED_MAJOR))
