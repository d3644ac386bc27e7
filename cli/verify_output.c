/*
 * vld - verification output.
 * SPDX-License-Identifier: MIT
 */
#include "verify_output.h"

#include "json.h"
#include "util.h"

#include <stdio.h>
#include <string.h>

static const char *verdict_key(vld_verdict v)
{
    switch (v) {
    case VLD_VERDICT_OK: return "ok";
    case VLD_VERDICT_CORRUPT: return "corrupt";
    case VLD_VERDICT_LENGTH_MISMATCH: return "length_mismatch";
    }
    return "unknown";
}

static const char *verdict_text(vld_verdict v)
{
    switch (v) {
    case VLD_VERDICT_OK: return "OK";
    case VLD_VERDICT_CORRUPT: return "CORRUPT";
    case VLD_VERDICT_LENGTH_MISMATCH: return "LENGTH MISMATCH";
    }
    return "UNKNOWN";
}

static const struct {
    uint32_t bit;
    const char *name;
} range_kinds[] = {
    {VLD_RANGE_MISSING, "missing"},
    {VLD_RANGE_EXTRA, "extra"},
    {VLD_RANGE_HOST, "host"},
    {VLD_RANGE_TRANSIENT, "transient"},
};

static const struct {
    uint32_t bit;
    const char *name;
} tune_reasons[] = {
    {VLD_TUNE_FITS, "fits"},
    {VLD_TUNE_CAPPED, "capped"},
    {VLD_TUNE_FLOOR, "floor"},
    {VLD_TUNE_ROTATED, "rotated"},
};

/* The tuner's choice, when a budget made one. */
static bool tuning_of(const verify_result *res, vld_tuning *t)
{
    t->size = sizeof *t;
    return res->report && vld_report_get_tuning(res->report, t) == VLD_OK && t->tuned;
}

static void print_tuning_text(const vld_tuning *t)
{
    printf("  tuned for a %.0f ms budget: %s", (double)t->budget_ns / 1e6, depth_name(t->depth));
    if (t->depth == VLD_DEPTH_SAMPLED) {
        if (t->groups)
            printf(" group %u of %u", t->group, t->groups);
        else
            printf(" at %.2f%%", t->sample_rate_ppm / 1e4);
    }
    printf(", predicted %.1f ms, took %.1f ms\n", (double)t->predicted_ns / 1e6,
           (double)t->actual_ns / 1e6);
    if (t->reasons & VLD_TUNE_FLOOR)
        printf("  the budget cannot be met even at the tuner's floor\n");
}

static void print_tuning_json(json_writer *w, const vld_tuning *t)
{
    json_key(w, "tuning");
    json_begin_object(w);
    json_key(w, "depth");
    json_string(w, depth_name(t->depth));
    json_key(w, "sample_rate_ppm");
    json_u64(w, t->sample_rate_ppm);
    json_key(w, "group");
    json_u64(w, t->group);
    json_key(w, "groups");
    json_u64(w, t->groups);
    json_key(w, "budget_ms");
    json_double(w, (double)t->budget_ns / 1e6);
    json_key(w, "predicted_ms");
    json_double(w, (double)t->predicted_ns / 1e6);
    json_key(w, "actual_ms");
    json_double(w, (double)t->actual_ns / 1e6);
    json_key(w, "throughput_bps");
    json_double(w, t->throughput_bps);
    json_key(w, "reasons");
    json_begin_array(w);
    for (size_t k = 0; k < sizeof tune_reasons / sizeof *tune_reasons; k++)
        if (t->reasons & tune_reasons[k].bit)
            json_string(w, tune_reasons[k].name);
    json_end_array(w);
    json_end_object(w);
}

static int exit_status(const verify_result *res, const vld_report_summary *s)
{
    if (res->status != VLD_OK || !res->report)
        return EXIT_USAGE;
    return s->verdict == VLD_VERDICT_OK ? 0 : EXIT_FOUND;
}

static void print_text(const verify_result *res, const vld_report_summary *s)
{
    printf("%s: %s", res->file, verdict_text(s->verdict));
    if (s->verdict == VLD_VERDICT_LENGTH_MISMATCH)
        printf(": %llu bytes, manifest says %llu", (unsigned long long)s->bytes_seen,
               (unsigned long long)s->bytes_total);
    if (res->status != VLD_OK)
        printf(" (incomplete: %s)", vld_strerror(res->status));
    putchar('\n');

    if (s->depth == VLD_DEPTH_SHALLOW) {
        printf("  shallow depth: length checked, no chunk read\n");
    } else {
        double pct = s->bytes_total ? 100.0 * (double)s->bytes_checked / (double)s->bytes_total
                                    : 100.0;
        printf("  %s depth: %llu of %llu chunks checked, %llu of %llu bytes (%.1f%%)\n",
               depth_name(s->depth), (unsigned long long)s->chunks_checked,
               (unsigned long long)s->chunks_total, (unsigned long long)s->bytes_checked,
               (unsigned long long)s->bytes_total, pct);
    }
    if (s->chunks_damaged)
        printf("  %llu damaged chunk%s\n", (unsigned long long)s->chunks_damaged,
               s->chunks_damaged == 1 ? "" : "s");
    if (s->digest_checked)
        printf("  whole-file digest: %s\n", s->digest_ok ? "matches" : "does NOT match");
    for (uint64_t i = 0; i < s->ranges_count; i++) {
        vld_range g = {.size = sizeof g};
        const char *sep = " (";
        if (vld_report_get_range(res->report, (size_t)i, &g) != VLD_OK)
            break;
        printf("  damaged %llu+%llu", (unsigned long long)g.offset,
               (unsigned long long)g.length);
        for (size_t k = 0; k < sizeof range_kinds / sizeof *range_kinds; k++) {
            if (g.flags & range_kinds[k].bit) {
                printf("%s%s", sep, range_kinds[k].name);
                sep = ", ";
            }
        }
        fputs(sep[0] == ',' ? ")\n" : "\n", stdout);
    }
    if (s->ranges_truncated)
        printf("  more damaged ranges exist than were kept\n");
    vld_tuning t;
    if (tuning_of(res, &t))
        print_tuning_text(&t);
}

static void print_json(const verify_result *res, const vld_report_summary *s)
{
    json_writer w;
    json_init(&w, stdout);
    json_begin_object(&w);
    json_key(&w, "file");
    json_string(&w, res->file);
    json_key(&w, "manifest");
    json_string(&w, res->manifest);
    json_key(&w, "status");
    json_string(&w, res->status == VLD_OK ? "ok" : vld_status_name(res->status));
    if (res->status != VLD_OK) {
        json_key(&w, "error");
        json_string(&w, vld_strerror(res->status));
    }
    json_key(&w, "elapsed_ms");
    json_u64(&w, res->elapsed_ms);
    if (res->report) {
        json_key(&w, "verdict");
        json_string(&w, verdict_key(s->verdict));
        json_key(&w, "depth");
        json_string(&w, depth_name(s->depth));
        json_key(&w, "bytes_total");
        json_u64(&w, s->bytes_total);
        json_key(&w, "bytes_seen");
        json_u64(&w, s->bytes_seen);
        json_key(&w, "bytes_checked");
        json_u64(&w, s->bytes_checked);
        json_key(&w, "chunks_total");
        json_u64(&w, s->chunks_total);
        json_key(&w, "chunks_checked");
        json_u64(&w, s->chunks_checked);
        json_key(&w, "chunks_damaged");
        json_u64(&w, s->chunks_damaged);
        json_key(&w, "digest_checked");
        json_bool(&w, s->digest_checked != 0);
        json_key(&w, "digest_ok");
        if (s->digest_checked)
            json_bool(&w, s->digest_ok != 0);
        else
            json_null(&w);
        json_key(&w, "bad_ranges");
        json_begin_array(&w);
        for (uint64_t i = 0; i < s->ranges_count; i++) {
            vld_range g = {.size = sizeof g};
            if (vld_report_get_range(res->report, (size_t)i, &g) != VLD_OK)
                break;
            json_begin_array(&w);
            json_u64(&w, g.offset);
            json_u64(&w, g.length);
            json_end_array(&w);
        }
        json_end_array(&w);
        json_key(&w, "bad_range_kinds");
        json_begin_array(&w);
        for (uint64_t i = 0; i < s->ranges_count; i++) {
            vld_range g = {.size = sizeof g};
            if (vld_report_get_range(res->report, (size_t)i, &g) != VLD_OK)
                break;
            json_begin_array(&w);
            for (size_t k = 0; k < sizeof range_kinds / sizeof *range_kinds; k++)
                if (g.flags & range_kinds[k].bit)
                    json_string(&w, range_kinds[k].name);
            json_end_array(&w);
        }
        json_end_array(&w);
        json_key(&w, "ranges_truncated");
        json_bool(&w, s->ranges_truncated != 0);
        vld_tuning t;
        if (tuning_of(res, &t))
            print_tuning_json(&w, &t);
    }
    json_end_object(&w);
    json_finish(&w);
}

int verify_print(const verify_result *res, bool json, bool quiet)
{
    vld_report_summary s;
    int rc;

    memset(&s, 0, sizeof s);
    s.size = sizeof s;
    if (res->report && vld_report_get_summary(res->report, &s) != VLD_OK) {
        msg_error(res->file, "cannot read the verification report");
        return EXIT_USAGE;
    }
    rc = exit_status(res, &s);
    if (json)
        print_json(res, &s);
    else if (res->report && !(quiet && rc == 0))
        print_text(res, &s);
    if (fflush(stdout) != 0)
        return EXIT_USAGE;
    return rc;
}
