// Metrics snapshots, tuning records and observations, read and written by
// byte offset (wasm32; src/layout.c asserts every offset used here).
import { DEPTH_NAMES } from './report.mjs';

export const METRICS_SIZE = 168;
export const TUNING_SIZE = 64;
export const OBSERVATION_SIZE = 48;

const REASONS = [undefined, 'interval', 'done', 'pull'];
const EVENTS = [[1, 'scale-out'], [2, 'scale-out-edge'], [4, 'scale-in'], [8, 'alert']];
const ALERTS = [[1, 'budget'], [2, 'regression']];
const TUNE = [[1, 'fits'], [2, 'capped'], [4, 'floor'], [8, 'rotated']];

const bits = (v, table) => table.filter(([bit]) => v & bit).map(([, name]) => name);

/** A vld_metrics at `p` as a plain object (fields past its size read as 0). */
export function readMetrics(rt, p) {
  const size = Math.min(rt.u32(p), METRICS_SIZE);
  const dv = rt.dv;
  const u32 = (off) => (off + 4 <= size ? dv.getUint32(p + off, true) : 0);
  const u64 = (off) => (off + 8 <= size ? Number(dv.getBigUint64(p + off, true)) : 0);
  const f64 = (off) => (off + 8 <= size ? dv.getFloat64(p + off, true) : 0);
  return {
    reason: REASONS[u32(4)],
    events: bits(u32(8), EVENTS),
    alerts: bits(u32(12), ALERTS),
    nowNs: size >= 24 ? dv.getBigUint64(p + 16, true) : 0n, // a clock reading: kept exact
    elapsedNs: u64(24),
    bytesHashed: u64(32),
    bytesSkipped: u64(40),
    chunksOk: u64(48),
    chunksDamaged: u64(56),
    verificationsCompleted: u64(64),
    verificationsInFlight: u64(72),
    throughputRecentBps: f64(80),
    throughputSmoothedBps: f64(88),
    calibratedBps: f64(96),
    latencyP50Ms: f64(104),
    latencyP95Ms: f64(112),
    latencyP99Ms: f64(120),
    runnerCpuUtilization: f64(128),
    runnersActive: u32(136),
    runnersMax: u32(140),
    queuedChunks: u64(144),
    depth: DEPTH_NAMES[u32(152)],
    sampleRatePpm: u32(156),
    stepBytes: u64(160),
  };
}

/** vld_report_get_tuning() of report pointer `rp` as a plain object. */
export function readTuning(rt, rp) {
  const s = rt.struct;
  rt.u8.fill(0, s, s + TUNING_SIZE);
  rt.putU32(s, TUNING_SIZE);
  rt.check(rt.x.vld_report_get_tuning(rp, s));
  const dv = rt.dv;
  return Object.freeze({
    tuned: rt.i32(s + 4) !== 0,
    depth: DEPTH_NAMES[rt.u32(s + 8)],
    sampleRatePpm: rt.u32(s + 12),
    group: rt.u32(s + 16),
    groups: rt.u32(s + 20),
    reasons: bits(rt.u32(s + 24), TUNE),
    budgetNs: rt.u64(s + 32),
    predictedNs: rt.u64(s + 40),
    actualNs: rt.u64(s + 48),
    throughputBps: dv.getFloat64(s + 56, true),
  });
}

const OBS_FIELDS = ['bytes', 'latencyMs', 'cpuMs', 'queuedChunks', 'runnersActive'];

function nonNegative(name, v) {
  if (v === undefined) return 0;
  if (typeof v !== 'number' || !(v >= 0) || !Number.isFinite(v))
    throw new TypeError(`observation.${name} must be a non-negative number, got ${String(v)}`);
  return v;
}

/** Write `obs` ({ bytes, latencyMs, cpuMs, queuedChunks, runnersActive }) as a vld_observation at `p`. */
export function writeObservation(rt, p, obs) {
  if (obs === null || typeof obs !== 'object')
    throw new TypeError('observe() takes an object { bytes, latencyMs, cpuMs, queuedChunks, runnersActive }');
  for (const k of Object.keys(obs))
    if (!OBS_FIELDS.includes(k)) throw new TypeError(`unknown observation field ${k}; known: ${OBS_FIELDS.join(', ')}`);
  const dv = rt.dv;
  const ns = (ms) => BigInt(Math.round(ms * 1e6));
  rt.u8.fill(0, p, p + OBSERVATION_SIZE);
  dv.setUint32(p, OBSERVATION_SIZE, true);
  dv.setBigUint64(p + 8, BigInt(Math.floor(nonNegative('bytes', obs.bytes))), true);
  dv.setBigUint64(p + 16, ns(nonNegative('latencyMs', obs.latencyMs)), true);
  dv.setBigUint64(p + 24, ns(nonNegative('cpuMs', obs.cpuMs)), true);
  dv.setBigUint64(p + 32, BigInt(Math.floor(nonNegative('queuedChunks', obs.queuedChunks))), true);
  dv.setUint32(p + 40, Math.floor(nonNegative('runnersActive', obs.runnersActive)), true);
}
