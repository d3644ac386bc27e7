"""Exceptions: one base carrying the C status, subclasses per family.

Each subclass also derives from the built-in exception a Python user would
expect (``ValueError``, ``OSError``, ``IndexError``, ``MemoryError``), so
``except OSError`` catches an I/O failure inside a verification.
"""
from .constants import Status


class ValidateError(Exception):
    """A libvalidate call failed.

    Attributes: ``status`` (int), ``name`` (e.g. ``"VLD_E_IO"``), ``message``
    (the library's one-line text), ``detail`` (the context's detail message,
    or ``""``), ``function`` (the C function) and ``report`` (a partial
    :class:`~libvalidate.Report` for the errors that stop a verification
    early, else ``None``).
    """

    def __init__(self, status, name, message, detail="", function=None):
        Exception.__init__(self, status, name, message, detail)
        self.status = status
        self.name = name
        self.message = message
        self.detail = detail
        self.function = function
        self.report = None

    def __str__(self):
        text = "%s: %s" % (self.name, self.message)
        if self.detail and self.detail != self.message:
            text += ": %s" % self.detail
        return text


class ArgumentError(ValidateError, ValueError):
    """Invalid argument, unknown parameter or value out of bounds."""


class ChunkIndexError(ValidateError, IndexError):
    """A chunk or range index outside the manifest."""


class OutOfMemoryError(ValidateError, MemoryError):
    """The library's allocator failed."""


class StateError(ValidateError):
    """The handle does not allow this call any more (e.g. a finished stream)."""


class UnsupportedError(ValidateError):
    """Not supported by this build or algorithm."""


class ManifestError(ValidateError, ValueError):
    """A serialized manifest is damaged, truncated or of an unknown version."""


class MismatchError(ValidateError, ValueError):
    """Handles of different objects, depths or algorithms were combined."""


class ValidateIOError(ValidateError, OSError):
    """Reading the data failed; ``report`` holds what was checked before."""

    def __init__(self, *args, **kw):
        ValidateError.__init__(self, *args, **kw)

    __str__ = ValidateError.__str__


class FileChangedError(ValidateIOError):
    """The file changed size while it was read."""


class CancelledError(ValidateError):
    """Context.cancel() stopped the operation; ``report`` is partial."""


class CallbackAbortError(ValidateError):
    """A callback asked to stop (returned a true value, or raised: then the
    callback's exception is this one's ``__cause__``)."""


class InternalError(ValidateError):
    """A library bug or resource failure (thread creation, internal error)."""


class HandleClosedError(ValueError):
    """The object was closed; like using a closed file."""


_BY_STATUS = {
    Status.E_INVALID_ARGUMENT: ArgumentError,
    Status.E_UNKNOWN_PARAM: ArgumentError,
    Status.E_OUT_OF_RANGE: ArgumentError,
    Status.E_STRUCT_SIZE: InternalError,
    Status.E_BUFFER_TOO_SMALL: InternalError,
    Status.E_NOMEM: OutOfMemoryError,
    Status.E_STATE: StateError,
    Status.E_INDEX: ChunkIndexError,
    Status.E_UNSUPPORTED: UnsupportedError,
    Status.E_MISMATCH: MismatchError,
    Status.E_IO: ValidateIOError,
    Status.E_FILE_CHANGED: FileChangedError,
    Status.E_CANCELLED: CancelledError,
    Status.E_CALLBACK_ABORT: CallbackAbortError,
    Status.E_THREAD: InternalError,
    Status.E_INTERNAL: InternalError,
}


def error_class(status):
    """The exception class for a negative status (unknown codes: the base)."""
    if -29 <= status <= -20 and status != Status.E_MISMATCH:
        return ManifestError
    return _BY_STATUS.get(status, ValidateError)
