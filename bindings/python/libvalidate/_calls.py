"""Run a C call that hands back a handle, and turn its outcome (including a
partial report and a callback's exception) into a result or an exception."""
import ctypes

from . import _ffi
from .constants import Status
from .errors import CallbackAbortError, ValidateError


def call_out(call, wrap, ctx_ptr=None, traps=()):
    """``call(byref(out))``; returns ``wrap(out)``.

    On an error, a handle C returned anyway (a partial report) is attached
    to the exception as ``report``. A callback exception caught by one of
    ``traps`` becomes the ``__cause__`` of the error, even when the C call
    finished before noticing the stop.
    """
    out = ctypes.c_void_p()
    try:
        call(ctypes.byref(out))
    except ValidateError as err:
        if not err.detail and ctx_ptr:
            err.detail = _ffi.last_error(ctx_ptr)
        if out.value:
            err.report = wrap(out.value)
        cause = _take(traps)
        if cause is not None:
            raise err from cause
        raise
    result = wrap(out.value)
    cause = _take(traps)
    if cause is not None:
        err = _callback_error(ctx_ptr)
        err.report = result
        raise err from cause
    return result


def check_traps(traps, ctx_ptr=None):
    """Raise for a callback exception recorded during a call that returned no handle."""
    cause = _take(traps)
    if cause is not None:
        raise _callback_error(ctx_ptr) from cause


def reraise_with_traps(err, traps, ctx_ptr=None):
    if not err.detail and ctx_ptr:
        err.detail = _ffi.last_error(ctx_ptr)
    cause = _take(traps)
    if cause is not None:
        raise err from cause
    raise err


def _take(traps):
    for trap in traps:
        exc = trap.take()
        if exc is not None:
            return exc
    return None


def _callback_error(ctx_ptr):
    st = Status.E_CALLBACK_ABORT
    return CallbackAbortError(int(st), "VLD_" + st.name, _ffi.lib.vld_strerror(st).decode(),
                              "a callback raised an exception", None)
