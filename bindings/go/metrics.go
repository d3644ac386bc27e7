package validate

/*
#include <libvalidate.h>
*/
import "C"

import (
	"time"
	"unsafe"
)

// Parameters of the metrics, the scaling policy and the auto-tuner
// (docs/metrics.md has their meaning and defaults).
const (
	ParamMetricsIntervalMS Param = C.VLD_PARAM_METRICS_INTERVAL_MS
	ParamLatencyWindow     Param = C.VLD_PARAM_LATENCY_WINDOW
	ParamScaleCPUPct       Param = C.VLD_PARAM_SCALE_CPU_PCT
	ParamScaleLatencyMS    Param = C.VLD_PARAM_SCALE_LATENCY_MS
	ParamScaleInPct        Param = C.VLD_PARAM_SCALE_IN_PCT
	ParamScaleSustain      Param = C.VLD_PARAM_SCALE_SUSTAIN
	ParamScaleInSustain    Param = C.VLD_PARAM_SCALE_IN_SUSTAIN
	ParamScaleCooldown     Param = C.VLD_PARAM_SCALE_COOLDOWN
	ParamRegressionPct     Param = C.VLD_PARAM_REGRESSION_PCT
	ParamBudgetMS          Param = C.VLD_PARAM_BUDGET_MS
	ParamMinDepth          Param = C.VLD_PARAM_MIN_DEPTH
	ParamMinSamplePPM      Param = C.VLD_PARAM_MIN_SAMPLE_PPM
	ParamCalibratedBPS     Param = C.VLD_PARAM_CALIBRATED_BPS
	ParamRotate            Param = C.VLD_PARAM_ROTATE
)

type (
	// Event is a set of VLD_EVENT_* bits raised by the scaling policy.
	Event uint32
	// Alert is a set of VLD_ALERT_* reasons, present with EventAlert.
	Alert uint32
	// MetricsReason says why a snapshot was taken (vld_metrics_reason).
	MetricsReason int
)

const (
	EventScaleOut     Event = C.VLD_EVENT_SCALE_OUT
	EventScaleOutEdge Event = C.VLD_EVENT_SCALE_OUT_EDGE
	EventScaleIn      Event = C.VLD_EVENT_SCALE_IN
	EventAlert        Event = C.VLD_EVENT_ALERT

	AlertBudget     Alert = C.VLD_ALERT_BUDGET
	AlertRegression Alert = C.VLD_ALERT_REGRESSION

	MetricsInterval MetricsReason = C.VLD_METRICS_INTERVAL
	MetricsDone     MetricsReason = C.VLD_METRICS_DONE
	MetricsPull     MetricsReason = C.VLD_METRICS_PULL
)

// Metrics mirrors vld_metrics: one snapshot of a Context's measurements.
// Counters are cumulative since the Context was created.
type Metrics struct {
	Reason                 MetricsReason
	Events                 Event  // raised at this snapshot (0 on pulls)
	Alerts                 Alert  // reasons, when Events has EventAlert
	NowNS                  uint64 // the clock's reading (see SetClock)
	Elapsed                time.Duration
	BytesHashed            uint64
	BytesSkipped           uint64
	ChunksOK               uint64
	ChunksDamaged          uint64
	VerificationsCompleted uint64
	VerificationsInFlight  uint64
	ThroughputRecentBPS    float64 // since the previous delivered snapshot
	ThroughputSmoothedBPS  float64 // what the tuner predicts with
	CalibratedBPS          float64 // 0 until calibrated
	LatencyP50MS           float64
	LatencyP95MS           float64
	LatencyP99MS           float64
	RunnerCPUUtilization   float64 // 0..1
	RunnersActive          uint32
	RunnersMax             uint32
	QueuedChunks           uint64
	Depth                  Depth  // of the most recent verification
	SampleRatePPM          uint32 // of the most recent verification
	StepBytes              uint64 // per budgeted step (0 without a budget)
}

// metricsFromC copies a snapshot; fields past its size field read as zero.
func metricsFromC(src *C.vld_metrics) Metrics {
	var s C.vld_metrics
	n := uintptr(src.size)
	if n > unsafe.Sizeof(s) {
		n = unsafe.Sizeof(s)
	}
	copy(unsafe.Slice((*byte)(unsafe.Pointer(&s)), n), unsafe.Slice((*byte)(unsafe.Pointer(src)), n))
	return Metrics{
		Reason: MetricsReason(s.reason), Events: Event(s.events), Alerts: Alert(s.alerts),
		NowNS: uint64(s.now_ns), Elapsed: time.Duration(s.elapsed_ns),
		BytesHashed: uint64(s.bytes_hashed), BytesSkipped: uint64(s.bytes_skipped),
		ChunksOK: uint64(s.chunks_ok), ChunksDamaged: uint64(s.chunks_damaged),
		VerificationsCompleted: uint64(s.verifications_completed),
		VerificationsInFlight:  uint64(s.verifications_in_flight),
		ThroughputRecentBPS:    float64(s.throughput_recent_bps),
		ThroughputSmoothedBPS:  float64(s.throughput_smoothed_bps),
		CalibratedBPS:          float64(s.calibrated_bps),
		LatencyP50MS:           float64(s.latency_p50_ms),
		LatencyP95MS:           float64(s.latency_p95_ms),
		LatencyP99MS:           float64(s.latency_p99_ms),
		RunnerCPUUtilization:   float64(s.runner_cpu_utilization),
		RunnersActive:          uint32(s.runners_active), RunnersMax: uint32(s.runners_max),
		QueuedChunks: uint64(s.queued_chunks), Depth: Depth(s.depth),
		SampleRatePPM: uint32(s.sample_rate_ppm), StepBytes: uint64(s.step_bytes),
	}
}

// Observation is a measurement handed to Observe as if a verification had
// completed (vld_observation): for hosts that verify elsewhere, and tests.
type Observation struct {
	Bytes         uint64        // bytes hashed
	Latency       time.Duration // wall time of the verification
	CPU           time.Duration // CPU time the runners spent on it
	QueuedChunks  uint64        // work waiting when it completed
	RunnersActive uint32        // runners busy when it completed
}

func (o Observation) toC() C.vld_observation {
	return C.vld_observation{
		size:           C.size_t(unsafe.Sizeof(C.vld_observation{})),
		bytes:          C.uint64_t(o.Bytes),
		latency_ns:     C.uint64_t(o.Latency),
		cpu_ns:         C.uint64_t(o.CPU),
		queued_chunks:  C.uint64_t(o.QueuedChunks),
		runners_active: C.uint32_t(o.RunnersActive),
	}
}
