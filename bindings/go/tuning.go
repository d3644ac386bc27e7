package validate

/*
#include <libvalidate.h>
*/
import "C"

import (
	"time"
	"unsafe"
)

// TuneReason is a set of VLD_TUNE_* bits: why the tuner chose what it chose.
type TuneReason uint32

const (
	TuneFits    TuneReason = C.VLD_TUNE_FITS    // the choice fits the budget
	TuneCapped  TuneReason = C.VLD_TUNE_CAPPED  // ParamDepth was the limit, not the budget
	TuneFloor   TuneReason = C.VLD_TUNE_FLOOR   // even the floor did not fit (AlertBudget raised)
	TuneRotated TuneReason = C.VLD_TUNE_ROTATED // sampled group Group of Groups
)

// Tuning mirrors vld_tuning: what the auto-tuner chose for one verification.
type Tuning struct {
	Tuned         bool // a budget was set and the tuner chose the depth
	Depth         Depth
	SampleRatePPM uint32 // 1000000 at full or deep depth
	Group, Groups uint32 // with TuneRotated: group n of t; t passes cover every chunk
	Reasons       TuneReason
	Budget        time.Duration
	Predicted     time.Duration
	Actual        time.Duration // measured, tuned or not
	ThroughputBPS float64       // what the prediction used
}

func readTuning(p *C.vld_report) Tuning {
	t := C.vld_tuning{size: C.size_t(unsafe.Sizeof(C.vld_tuning{}))}
	if C.vld_report_get_tuning(p, &t) != C.VLD_OK {
		return Tuning{}
	}
	return Tuning{
		Tuned: t.tuned != 0, Depth: Depth(t.depth), SampleRatePPM: uint32(t.sample_rate_ppm),
		Group: uint32(t.group), Groups: uint32(t.groups), Reasons: TuneReason(t.reasons),
		Budget: time.Duration(t.budget_ns), Predicted: time.Duration(t.predicted_ns),
		Actual: time.Duration(t.actual_ns), ThroughputBPS: float64(t.throughput_bps),
	}
}

// Tuning says what the auto-tuner chose for the verification that made r
// (read when the report was made; valid after Close). Without a budget
// Tuned is false and Actual still holds the measured time.
func (r *Report) Tuning() Tuning { return r.tuning }
