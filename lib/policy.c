/*
 * The scaling policy: turns snapshots into scale_out / scale_out_edge /
 * scale_in / alert events. A condition must hold for `sustain` consecutive
 * snapshots before its event is raised, and every event is followed by
 * `cooldown` quiet snapshots for itself and its opposite, so that a load
 * hovering at a threshold does not make events flap. Scale-in uses lower
 * thresholds (a percentage of the scale-out ones) and a longer sustain:
 * that gap is the hysteresis.
 */
#include "metrics.h"

/* Count a condition's run and decide whether its event fires now. */
static bool sustained(bool cond, uint32_t *run, uint32_t *quiet, int64_t need)
{
    *run = cond ? *run + 1 : 0;
    if (*quiet) {
        (*quiet)--;
        return false;
    }
    if (*run < (uint64_t)need)
        return false;
    *run = 0;
    return true;
}

uint32_t vldi_policy_eval(vldi_policy *st, const vldi_params *p, const vld_metrics *m,
                          uint32_t pending_alerts, uint32_t *alerts)
{
    double cpu_pct = m->runner_cpu_utilization * 100.0;
    double in_frac = (double)p->scale_in_pct / 100.0;
    bool have_latency = m->verifications_completed > 0;
    bool cpu_high = cpu_pct > (double)p->scale_cpu_pct && m->queued_chunks > 0 &&
                    m->runners_active >= m->runners_max;
    bool latency_high = have_latency && m->latency_p95_ms > (double)p->scale_latency_ms;
    bool idle = cpu_pct < (double)p->scale_cpu_pct * in_frac &&
                (!have_latency || m->latency_p95_ms < (double)p->scale_latency_ms * in_frac);
    bool regressed = p->regression_pct > 0 && m->calibrated_bps > 0 &&
                     m->throughput_smoothed_bps > 0 &&
                     m->throughput_smoothed_bps < m->calibrated_bps * (double)p->regression_pct / 100.0;

    uint32_t events = 0, cooldown = (uint32_t)p->scale_cooldown;
    *alerts = pending_alerts;
    if (sustained(cpu_high, &st->cpu_run, &st->quiet_out, p->scale_sustain)) {
        events |= VLD_EVENT_SCALE_OUT;
        st->quiet_out = st->quiet_in = cooldown;
        st->idle_run = 0;
    }
    if (sustained(latency_high, &st->edge_run, &st->quiet_edge, p->scale_sustain)) {
        events |= VLD_EVENT_SCALE_OUT_EDGE;
        st->quiet_edge = st->quiet_in = cooldown;
        st->idle_run = 0;
    }
    if (sustained(idle, &st->idle_run, &st->quiet_in, p->scale_in_sustain)) {
        events |= VLD_EVENT_SCALE_IN;
        st->quiet_in = st->quiet_out = st->quiet_edge = cooldown;
        st->cpu_run = st->edge_run = 0;
    }
    if (sustained(regressed, &st->regress_run, &st->quiet_regress, p->scale_sustain)) {
        *alerts |= VLD_ALERT_REGRESSION;
        st->quiet_regress = cooldown;
    }
    if (*alerts)
        events |= VLD_EVENT_ALERT;
    return events;
}
