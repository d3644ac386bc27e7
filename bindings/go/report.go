package validate

/*
#include <libvalidate.h>
*/
import "C"

import (
	"runtime"
	"unsafe"
)

type (
	Verdict    int
	ChunkState int
	RangeFlag  uint32
)

const (
	VerdictOK             Verdict = C.VLD_VERDICT_OK
	VerdictCorrupt        Verdict = C.VLD_VERDICT_CORRUPT
	VerdictLengthMismatch Verdict = C.VLD_VERDICT_LENGTH_MISMATCH

	ChunkUnchecked ChunkState = C.VLD_CHUNK_UNCHECKED
	ChunkOK        ChunkState = C.VLD_CHUNK_OK
	ChunkDamaged   ChunkState = C.VLD_CHUNK_DAMAGED
	ChunkMissing   ChunkState = C.VLD_CHUNK_MISSING

	RangeMissing   RangeFlag = C.VLD_RANGE_MISSING
	RangeExtra     RangeFlag = C.VLD_RANGE_EXTRA
	RangeHost      RangeFlag = C.VLD_RANGE_HOST
	RangeTransient RangeFlag = C.VLD_RANGE_TRANSIENT
)

// Range is a damaged byte range of the object.
type Range struct {
	Offset, Length uint64
	Flags          RangeFlag
}

// Summary mirrors vld_report_summary.
type Summary struct {
	Verdict                                   Verdict
	Depth                                     Depth
	Status                                    Status // 0 when the run reached its end
	BytesTotal, BytesSeen, BytesChecked       uint64
	ChunksTotal, ChunksChecked, ChunksDamaged uint64
	RangesTruncated, DigestChecked, DigestOK  bool
	ChunksInScope                             uint64
}

// Report is an immutable verification report (vld_report).
type Report struct {
	h       handle
	Summary Summary // read once; valid after Close
	Ranges  []Range // damaged ranges in increasing offset order
	tuning  Tuning
}

func newReport(p *C.vld_report) *Report {
	r := &Report{h: handle{ptr: unsafe.Pointer(p),
		free: func(p unsafe.Pointer) { C.vld_report_free((*C.vld_report)(p)) }}}
	s := C.vld_report_summary{size: C.size_t(unsafe.Sizeof(C.vld_report_summary{}))}
	C.vld_report_get_summary(p, &s)
	r.Summary = Summary{Verdict(s.verdict), Depth(s.depth), Status(s.status),
		uint64(s.bytes_total), uint64(s.bytes_seen), uint64(s.bytes_checked),
		uint64(s.chunks_total), uint64(s.chunks_checked), uint64(s.chunks_damaged),
		s.ranges_truncated != 0, s.digest_checked != 0, s.digest_ok != 0, uint64(s.chunks_in_scope)}
	r.tuning = readTuning(p)
	r.Ranges = make([]Range, int(s.ranges_count))
	for i := range r.Ranges {
		cr := C.vld_range{size: C.size_t(unsafe.Sizeof(C.vld_range{}))}
		C.vld_report_get_range(p, C.size_t(i), &cr)
		r.Ranges[i] = Range{uint64(cr.offset), uint64(cr.length), RangeFlag(cr.flags)}
	}
	runtime.SetFinalizer(r, (*Report).Close)
	return r
}

// OK reports that the run was complete and found no damage (check the
// coverage too: shallow and sampled depths read less).
func (r *Report) OK() bool { return r.Summary.Verdict == VerdictOK && r.Summary.Status == 0 }

// Close frees the report.
func (r *Report) Close() error {
	r.h.close()
	return nil
}

// ChunkState returns chunk index's state.
func (r *Report) ChunkState(index uint64) (ChunkState, error) {
	p, err := r.h.acquire()
	if err != nil {
		return 0, err
	}
	defer r.h.release()
	var st C.vld_chunk_state
	err = check("vld_report_get_chunk_state", C.vld_report_get_chunk_state((*C.vld_report)(p), C.uint64_t(index), &st), nil)
	return ChunkState(st), err
}

// DamagedChunks lists the chunks found damaged or missing.
func (r *Report) DamagedChunks() ([]uint64, error) {
	var out []uint64
	for i := uint64(0); i < r.Summary.ChunksTotal; i++ {
		st, err := r.ChunkState(i)
		if err != nil {
			return nil, err
		}
		if st == ChunkDamaged || st == ChunkMissing {
			out = append(out, i)
		}
	}
	return out, nil
}

// reportResult wraps a report returned by C (nil when there is none) and,
// when err is an *Error, attaches it as the partial report of what was
// checked before the stop.
func reportResult(out *C.vld_report, err error) (*Report, error) {
	var r *Report
	if out != nil {
		r = newReport(out)
	}
	if err != nil {
		attachReport(err, r)
		return nil, err
	}
	return r, nil
}

func attachReport(err error, r *Report) {
	if e, ok := err.(*Error); ok && r != nil {
		e.Report = r
	}
}
