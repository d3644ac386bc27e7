// Package validate binds libvalidate (include/libvalidate.h) through cgo.
//
// libvalidate cuts data into chunks, hashes them with XXH3, keeps the
// hashes in a manifest, and verifies buffers, files and streams against it
// at a chosen depth. This package keeps the C library's concepts (Context,
// Manifest, Report, Stream, Builder, Job) and makes them Go values:
//
//   - errors are values: every failure is an *Error whose Status matches the
//     exported sentinels with errors.Is (ErrManifestChecksum, ErrIO, …, and
//     the family sentinel ErrManifest); a verification stopped early carries
//     its partial Report;
//   - io.Reader / io.Writer for streams (Stream and Builder are io.Writers);
//   - context.Context cancellation is mapped to vld_ctx_cancel(), which
//     stops every verification in flight on that Context: use one Context
//     per independent cancellation scope;
//   - callbacks are Go funcs (held through runtime/cgo.Handle); an error
//     or a panic in one stops the operation and comes back as its error;
//   - Close() releases C memory; a finalizer does it only as a safety net;
//   - metrics and scaling signals (docs/metrics.md): SetMetricsCallback,
//     Metrics (pull), Observe (the policy's Events for a measurement),
//     SetClock, and Report.Tuning for what the auto-tuner chose;
//   - budgeted jobs: Job.Step(budget) verifies in time slices on the
//     calling goroutine and Finish gives the one-shot report.
//
// Go memory handed to C is only used for the duration of the call (cgo's
// rules); a Job, which C reads between calls, copies its input into C memory.
//
// Build against an installed library (pkg-config libvalidate) or, for the
// tests, the build tree: see test.sh.
package validate
