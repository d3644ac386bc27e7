// The context's metrics, scaling signals and clock (docs/metrics.md): the
// methods Context exposes, kept apart from its verification methods.
import { METRICS_SIZE, OBSERVATION_SIZE, readMetrics, writeObservation } from './metrics.mjs';

/** Install (or with null remove) the metrics callback; a throw stops the work in flight. */
export function setMetricsCallback(ctx, fn) {
  if (fn !== null && typeof fn !== 'function') throw new TypeError('the metrics callback must be a function or null');
  const rt = ctx.rt;
  const p = ctx.ptr;
  const e = rt.hooks.entry(p);
  e.metrics = fn;
  // Observe keeps the trampoline: the library runs its policy only while one is installed.
  rt.check(rt.x.vldw_set_metrics_callback(p, fn || e.observing ? 1 : 0), p);
}

/** Replace the context's nanosecond clock (null restores the default). */
export function setClock(ctx, fn) {
  if (fn !== null && typeof fn !== 'function') throw new TypeError('the clock must be a function or null');
  const rt = ctx.rt;
  const p = ctx.ptr;
  rt.hooks.entry(p).clock = fn;
  rt.check(rt.x.vldw_set_clock(p, fn ? 1 : 0), p); // reads the new clock at once
}

/** A snapshot now (reason 'pull', no events). */
export function pullMetrics(ctx) {
  const rt = ctx.rt;
  const p = ctx.ptr;
  const s = rt.struct;
  rt.u8.fill(0, s, s + METRICS_SIZE);
  rt.putU32(s, METRICS_SIZE);
  rt.check(rt.x.vld_ctx_get_metrics(p, s), p);
  return readMetrics(rt, s);
}

/** Feed a measurement as if a verification had completed: the snapshot it produced, with its events. */
export function observe(ctx, obs) {
  const rt = ctx.rt;
  const p = ctx.ptr;
  const e = rt.hooks.entry(p);
  const o = rt.struct;
  writeObservation(rt, o, obs);
  if (!e.observing) {
    rt.check(rt.x.vldw_set_metrics_callback(p, 1), p);
    e.observing = true;
  }
  const capture = { snapshot: null };
  e.capture = capture;
  try {
    rt.check(rt.x.vld_ctx_observe(p, o), p);
  } finally { e.capture = null; }
  return capture.snapshot;
}

export { METRICS_SIZE, OBSERVATION_SIZE };
