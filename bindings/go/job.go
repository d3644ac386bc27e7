package validate

/*
#include <stdlib.h>
#include <string.h>
#include <libvalidate.h>
*/
import "C"

import (
	"os"
	"runtime"
	"time"
	"unsafe"
)

// Job is a budgeted verification (vld_job): Step works for about its budget
// on the calling goroutine and returns, so an event loop or a request
// handler can spread one verification over many turns. A finished Job
// gives the report the one-shot verification gives. One goroutine at a
// time. It keeps its Context and Manifest; Close it when done.
//
// To stop and resume later: read Position, Finish (the report covers the
// chunks before the position), start a Job at that chunk with
// NewJobRange, and Merge the two reports.
type Job struct {
	h handle
	c *Context
	f *os.File // a file job's file, kept reachable so its fd stays open
}

// NewJob starts a job over data at the context's depth. The library reads
// the bytes between calls, after this call has returned, which cgo forbids
// for Go memory: data is copied into C memory, freed with the job.
func (c *Context) NewJob(m *Manifest, data []byte) (*Job, error) {
	return c.NewJobRange(m, 0, ChunksAll, data)
}

// NewJobRange starts a job over chunks [first, first+count) (count may be
// ChunksAll); data starts at the first chunk's offset, as for VerifyRange.
func (c *Context) NewJobRange(m *Manifest, first, count uint64, data []byte) (*Job, error) {
	var buf unsafe.Pointer
	if len(data) > 0 {
		if buf = C.malloc(C.size_t(len(data))); buf == nil {
			return nil, &Error{Op: "malloc", Status: ErrNoMem}
		}
		C.memcpy(buf, unsafe.Pointer(&data[0]), C.size_t(len(data)))
	}
	j, err := c.newJob(m, "vld_job_new_buffer", func(p *C.vld_ctx, mp *C.vld_manifest, out **C.vld_job) C.vld_status {
		return C.vld_job_new_buffer(p, mp, buf, C.size_t(len(data)), C.uint64_t(first), C.uint64_t(count), out)
	})
	if err != nil {
		C.free(buf)
		return nil, err
	}
	j.h.after = func() { C.free(buf) }
	return j, nil
}

// NewFileJob starts a job over the open file f (read with pread, through
// the context's read hook; its offset is unchanged). f must stay open
// until the job is closed; the job keeps it reachable.
func (c *Context) NewFileJob(m *Manifest, f *os.File) (*Job, error) {
	return c.NewFileJobRange(m, f, 0, ChunksAll)
}

// NewFileJobRange starts a job over a chunk range of f (the whole object).
func (c *Context) NewFileJobRange(m *Manifest, f *os.File, first, count uint64) (*Job, error) {
	if f == nil {
		return nil, &Error{Op: "vld_job_new_fd", Status: ErrInvalidArgument, Detail: "nil *os.File"}
	}
	fd := C.int(f.Fd())
	j, err := c.newJob(m, "vld_job_new_fd", func(p *C.vld_ctx, mp *C.vld_manifest, out **C.vld_job) C.vld_status {
		return C.vld_job_new_fd(p, mp, fd, C.uint64_t(first), C.uint64_t(count), out)
	})
	runtime.KeepAlive(f)
	if err != nil {
		return nil, err
	}
	j.f = f
	return j, nil
}

func (c *Context) newJob(m *Manifest, op string, call func(*C.vld_ctx, *C.vld_manifest, **C.vld_job) C.vld_status) (*Job, error) {
	ptrs, done, err := acquireAll(&c.h, &m.h)
	if err != nil {
		return nil, err
	}
	p := (*C.vld_ctx)(ptrs[0])
	var jp *C.vld_job
	if err := c.finishErr(nil, check(op, call(p, (*C.vld_manifest)(ptrs[1]), &jp), p)); err != nil {
		done()
		return nil, err
	}
	// The references taken above are now the job's, released after vld_job_free.
	j := &Job{c: c}
	j.h = handle{ptr: unsafe.Pointer(jp), deps: []*handle{&c.h, &m.h},
		free: func(p unsafe.Pointer) { C.vld_job_free((*C.vld_job)(p)) }}
	runtime.SetFinalizer(j, (*Job).Close)
	return j, nil
}

// Step works for about budget (at least one 64 KiB slice) and reports
// whether the job is done. A job stopped by Context.Cancel, an I/O error,
// a changed file or a callback is done and returns that error; Finish
// then gives the partial report.
func (j *Job) Step(budget time.Duration) (done bool, err error) {
	ptr, err := j.h.acquire()
	if err != nil {
		return false, err
	}
	defer j.h.release()
	if budget < 0 {
		budget = 0
	}
	var d C.int
	st := C.vld_job_step((*C.vld_job)(ptr), C.uint64_t(budget), &d)
	runtime.KeepAlive(j.f)
	return d != 0, j.c.finishErr(nil, check("vld_job_step", st, j.c.rawPtr()))
}

// Position gives the first chunk not yet fully processed and the bytes
// processed (read, hashed or skipped) so far.
func (j *Job) Position() (nextChunk, bytesDone uint64, err error) {
	ptr, err := j.h.acquire()
	if err != nil {
		return 0, 0, err
	}
	defer j.h.release()
	var n, b C.uint64_t
	err = check("vld_job_get_position", C.vld_job_get_position((*C.vld_job)(ptr), &n, &b), nil)
	return uint64(n), uint64(b), err
}

// Finish produces the report: once done, the one-shot report; before,
// the report of the chunks before the position, ready to Merge with a
// resumed job's. A job stopped by an error gives that error with the
// partial report attached. Afterwards only Close is allowed.
func (j *Job) Finish() (*Report, error) {
	ptr, err := j.h.acquire()
	if err != nil {
		return nil, err
	}
	defer j.h.release()
	var out *C.vld_report
	err = j.c.finishErr(nil, check("vld_job_finish", C.vld_job_finish((*C.vld_job)(ptr), &out), j.c.rawPtr()))
	return reportResult(out, err)
}

// Close frees the job (and its copy of the data) and lets its Context and
// Manifest go. Idempotent.
func (j *Job) Close() error {
	j.h.close()
	return nil
}
