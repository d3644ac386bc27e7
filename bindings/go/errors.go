package validate

/*
#include <libvalidate.h>
*/
import "C"

import (
	"errors"
	"fmt"
)

// Status is a libvalidate status code (vld_status): 0 or negative. Every
// non-zero Status is an error, so the exported ones are sentinels for
// errors.Is.
type Status int

// Error returns the library's message for the status.
func (s Status) Error() string { return "libvalidate: " + C.GoString(C.vld_strerror(C.int(s))) }

// Name returns the status's symbolic name, e.g. "VLD_E_IO".
func (s Status) Name() string { return C.GoString(C.vld_status_name(C.int(s))) }

// Sentinels, one per vld_status (values are the C ABI).
const (
	ErrInvalidArgument   Status = C.VLD_E_INVALID_ARGUMENT
	ErrUnknownParam      Status = C.VLD_E_UNKNOWN_PARAM
	ErrOutOfRange        Status = C.VLD_E_OUT_OF_RANGE
	ErrNoMem             Status = C.VLD_E_NOMEM
	ErrStructSize        Status = C.VLD_E_STRUCT_SIZE
	ErrBufferTooSmall    Status = C.VLD_E_BUFFER_TOO_SMALL
	ErrState             Status = C.VLD_E_STATE
	ErrIndex             Status = C.VLD_E_INDEX
	ErrUnsupported       Status = C.VLD_E_UNSUPPORTED
	ErrManifestTruncated Status = C.VLD_E_MANIFEST_TRUNCATED
	ErrManifestMagic     Status = C.VLD_E_MANIFEST_MAGIC
	ErrManifestVersion   Status = C.VLD_E_MANIFEST_VERSION
	ErrManifestFlags     Status = C.VLD_E_MANIFEST_FLAGS
	ErrManifestChecksum  Status = C.VLD_E_MANIFEST_CHECKSUM
	ErrManifestInvalid   Status = C.VLD_E_MANIFEST_INVALID
	ErrManifestTrailing  Status = C.VLD_E_MANIFEST_TRAILING
	ErrMismatch          Status = C.VLD_E_MISMATCH
	ErrIO                Status = C.VLD_E_IO
	ErrFileChanged       Status = C.VLD_E_FILE_CHANGED
	ErrCancelled         Status = C.VLD_E_CANCELLED
	ErrCallbackAbort     Status = C.VLD_E_CALLBACK_ABORT
	ErrThread            Status = C.VLD_E_THREAD
	ErrInternal          Status = C.VLD_E_INTERNAL
)

// ErrManifest matches every manifest format error (ErrManifestTruncated …
// ErrManifestTrailing).
var ErrManifest = errors.New("libvalidate: damaged or unsupported manifest")

// ErrClosed is returned when a closed handle is used.
var ErrClosed = errors.New("libvalidate: use of a closed handle")

// Error is a failed libvalidate call.
type Error struct {
	Op     string // the C function, e.g. "vld_verify_file"
	Status Status
	Detail string // the context's detail message, may be empty
	// Report is the partial report of a verification stopped early
	// (ErrIO, ErrFileChanged, ErrCancelled, ErrCallbackAbort), else nil.
	// The caller closes it.
	Report *Report
	// Err is what made a callback stop the operation (its error, a
	// *PanicError), or the context.Context's error; nil otherwise.
	Err error
}

func (e *Error) Error() string {
	msg := fmt.Sprintf("%s: %s (%s)", e.Op, C.GoString(C.vld_strerror(C.int(e.Status))), e.Status.Name())
	if e.Detail != "" {
		msg += ": " + e.Detail
	}
	if e.Err != nil {
		msg += ": " + e.Err.Error()
	}
	return msg
}

// Unwrap gives the callback's or the context's error.
func (e *Error) Unwrap() error { return e.Err }

// Is matches the Status sentinels and ErrManifest.
func (e *Error) Is(target error) bool {
	if s, ok := target.(Status); ok {
		return s == e.Status
	}
	return target == ErrManifest && e.Status <= ErrManifestTruncated && e.Status >= ErrManifestTrailing
}

// PanicError is a panic recovered in a callback; it stops the operation.
type PanicError struct{ Value any }

func (p *PanicError) Error() string {
	return fmt.Sprintf("libvalidate: callback panicked: %v", p.Value)
}

func lastError(ctx *C.vld_ctx) string {
	if ctx == nil {
		return ""
	}
	var buf [512]C.char
	if C.vld_ctx_last_error(ctx, &buf[0], C.size_t(len(buf))) != C.VLD_OK {
		return ""
	}
	return C.GoString(&buf[0])
}

// check turns a status into nil or an *Error with ctx's detail.
func check(op string, st C.vld_status, ctx *C.vld_ctx) error {
	if st >= 0 {
		return nil
	}
	return &Error{Op: op, Status: Status(st), Detail: lastError(ctx)}
}
