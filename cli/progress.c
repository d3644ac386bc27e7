/*
 * vld - progress bar.
 * SPDX-License-Identifier: MIT
 */
#include "progress.h"

#include "util.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* Work shorter than this never shows a bar; redraws are at most this often. */
#define PROGRESS_DELAY_MS 1000u
#define PROGRESS_PERIOD_MS 200u

bool progress_wanted(bool quiet, bool no_progress)
{
    return !quiet && !no_progress && isatty(STDERR_FILENO);
}

void progress_init(progress *p, bool enabled)
{
    memset(p, 0, sizeof *p);
    p->enabled = enabled;
}

static void human_bytes(uint64_t n, char *out, size_t cap)
{
    static const char *const units[] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
    double v = (double)n;
    unsigned u = 0;
    while (v >= 1024.0 && u + 1 < sizeof units / sizeof *units) {
        v /= 1024.0;
        u++;
    }
    if (u == 0)
        snprintf(out, cap, "%llu B", (unsigned long long)n);
    else
        snprintf(out, cap, "%.1f %s", v, units[u]);
}

static void draw(progress *p, uint64_t done, uint64_t total, uint64_t now)
{
    char d[32], t[32], r[32], eta[32] = "";
    uint64_t elapsed = now - p->start_ms;
    uint64_t rate = elapsed ? (uint64_t)((double)done * 1000.0 / (double)elapsed) : 0;
    human_bytes(done, d, sizeof d);
    human_bytes(rate, r, sizeof r);
    fputs("\r\033[K", stderr);
    if (total != VLD_LENGTH_UNKNOWN && total > 0) {
        unsigned pct = (unsigned)((double)done * 100.0 / (double)total);
        human_bytes(total, t, sizeof t);
        if (rate > 0 && done < total) {
            uint64_t s = (total - done) / rate;
            snprintf(eta, sizeof eta, "  ETA %llu:%02u", (unsigned long long)(s / 60),
                     (unsigned)(s % 60));
        }
        fprintf(stderr, "%s  %s / %s  %3u%%  %s/s%s", p->label, d, t, pct > 100 ? 100 : pct,
                r, eta);
    } else {
        fprintf(stderr, "%s  %s  %s/s", p->label, d, r);
    }
    fflush(stderr);
    p->drawn = true;
    p->last_draw_ms = now;
}

static int on_progress(void *user, uint64_t done, uint64_t total)
{
    progress *p = user;
    uint64_t now = now_ms();
    if (now - p->start_ms < PROGRESS_DELAY_MS)
        return 0;
    if (p->drawn && now - p->last_draw_ms < PROGRESS_PERIOD_MS)
        return 0;
    draw(p, done, total, now);
    return 0;
}

void progress_begin(progress *p, vld_ctx *ctx, const char *label)
{
    if (!p->enabled)
        return;
    size_t i = 0;
    for (; label && label[i] && i + 1 < sizeof p->label; i++)
        p->label[i] = ((unsigned char)label[i] < ' ' || label[i] == 127) ? '?' : label[i];
    p->label[i] = '\0';
    p->drawn = false;
    p->start_ms = now_ms();
    vld_ctx_set_progress(ctx, on_progress, p);
}

void progress_end(progress *p, vld_ctx *ctx)
{
    if (!p->enabled)
        return;
    vld_ctx_set_progress(ctx, NULL, NULL);
    if (p->drawn) {
        fputs("\r\033[K", stderr);
        fflush(stderr);
        p->drawn = false;
    }
}
