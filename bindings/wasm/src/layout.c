/*
 * libvalidate.mjs reads and writes the public structs by byte offset (wasm32:
 * 4-byte size_t, 8-byte-aligned uint64_t). These asserts fail the build,
 * rather than a user's verification, if the header's layout ever moves
 * away from the offsets the wrapper hard-codes (its LAYOUT table).
 */
#include <libvalidate.h>

#include <stddef.h>

#define AT(type, field, off) _Static_assert(offsetof(type, field) == (off), #type "." #field)

_Static_assert(sizeof(void *) == 4 && sizeof(size_t) == 4, "wasm32 only");

AT(vld_report_summary, verdict, 4);
AT(vld_report_summary, depth, 8);
AT(vld_report_summary, status, 12);
AT(vld_report_summary, bytes_total, 16);
AT(vld_report_summary, bytes_seen, 24);
AT(vld_report_summary, bytes_checked, 32);
AT(vld_report_summary, chunks_total, 40);
AT(vld_report_summary, chunks_checked, 48);
AT(vld_report_summary, chunks_damaged, 56);
AT(vld_report_summary, ranges_count, 64);
AT(vld_report_summary, ranges_truncated, 72);
AT(vld_report_summary, digest_checked, 76);
AT(vld_report_summary, digest_ok, 80);
AT(vld_report_summary, chunks_in_scope, 88);
_Static_assert(sizeof(vld_report_summary) == 96, "vld_report_summary size");

AT(vld_range, offset, 8);
AT(vld_range, length, 16);
AT(vld_range, flags, 24);
_Static_assert(sizeof(vld_range) == 32, "vld_range size");

AT(vld_manifest_info, format_version, 4);
AT(vld_manifest_info, hash, 8);
AT(vld_manifest_info, length, 16);
AT(vld_manifest_info, chunk_size, 24);
AT(vld_manifest_info, chunk_count, 32);
AT(vld_manifest_info, digest, 40);
_Static_assert(sizeof(vld_manifest_info) == 56, "vld_manifest_info size");

AT(vld_metrics, reason, 4);
AT(vld_metrics, events, 8);
AT(vld_metrics, alerts, 12);
AT(vld_metrics, now_ns, 16);
AT(vld_metrics, elapsed_ns, 24);
AT(vld_metrics, bytes_hashed, 32);
AT(vld_metrics, bytes_skipped, 40);
AT(vld_metrics, chunks_ok, 48);
AT(vld_metrics, chunks_damaged, 56);
AT(vld_metrics, verifications_completed, 64);
AT(vld_metrics, verifications_in_flight, 72);
AT(vld_metrics, throughput_recent_bps, 80);
AT(vld_metrics, throughput_smoothed_bps, 88);
AT(vld_metrics, calibrated_bps, 96);
AT(vld_metrics, latency_p50_ms, 104);
AT(vld_metrics, latency_p95_ms, 112);
AT(vld_metrics, latency_p99_ms, 120);
AT(vld_metrics, runner_cpu_utilization, 128);
AT(vld_metrics, runners_active, 136);
AT(vld_metrics, runners_max, 140);
AT(vld_metrics, queued_chunks, 144);
AT(vld_metrics, depth, 152);
AT(vld_metrics, sample_rate_ppm, 156);
AT(vld_metrics, step_bytes, 160);
_Static_assert(sizeof(vld_metrics) == 168, "vld_metrics size");

AT(vld_tuning, tuned, 4);
AT(vld_tuning, depth, 8);
AT(vld_tuning, sample_rate_ppm, 12);
AT(vld_tuning, group, 16);
AT(vld_tuning, groups, 20);
AT(vld_tuning, reasons, 24);
AT(vld_tuning, budget_ns, 32);
AT(vld_tuning, predicted_ns, 40);
AT(vld_tuning, actual_ns, 48);
AT(vld_tuning, throughput_bps, 56);
_Static_assert(sizeof(vld_tuning) == 64, "vld_tuning size");

AT(vld_observation, bytes, 8);
AT(vld_observation, latency_ns, 16);
AT(vld_observation, cpu_ns, 24);
AT(vld_observation, queued_chunks, 32);
AT(vld_observation, runners_active, 40);
_Static_assert(sizeof(vld_observation) == 48, "vld_observation size");

/* A translation unit needs one declaration; this one is also exported so the
 * wrapper can refuse a module built from a different layout table. */
__attribute__((export_name("vldw_layout_version"))) unsigned vldw_layout_version(void)
{
    return 2; /* 2: vld_metrics, vld_tuning, vld_observation; the vldw imports */
}
