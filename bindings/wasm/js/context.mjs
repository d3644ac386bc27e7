// The context: parameters (by name, checked by the library's own bounds)
// and every operation that starts from one.
import { Handle, bytesOf, describe } from './handles.mjs';
import { Manifest } from './manifest.mjs';
import { Report } from './report.mjs';
import { VerifyStream, Builder } from './streams.mjs';
import { MemoryJob, StreamJob, MEMORY_JOB_MAX } from './jobs.mjs';
import { setMetricsCallback, setClock, pullMetrics, observe } from './signals.mjs';

// JS name -> vld_param key. Values are numbers (or bigint for the seed);
// depth and hash also take their names.
const PARAMS = {
  depth: 100, chunkSize: 101, hash: 102,
  sampleRatePpm: 200, sampleSeed: 201, sampleGroup: 202, sampleGroups: 203,
  maxRanges: 300, threads: 400, reread: 500,
  metricsIntervalMs: 600, latencyWindow: 601,
  scaleCpuPct: 700, scaleLatencyMs: 701, scaleInPct: 702, scaleSustain: 703,
  scaleInSustain: 704, scaleCooldown: 705, regressionPct: 706,
  budgetMs: 800, minDepth: 801, minSamplePpm: 802, calibratedBps: 803, rotate: 804,
};
const DEPTHS = { shallow: 1, sampled: 2, full: 3, deep: 4 };
const BOOLEAN = new Set(['reread', 'rotate']);
const NAMED = {
  depth: DEPTHS,
  minDepth: DEPTHS,
  hash: { xxh3: 1, xxh128: 2, xxh32: 3, xxh64: 4 },
};
const LENGTH_UNKNOWN = 0xffffffffffffffffn;

function paramKey(name) {
  if (!Object.hasOwn(PARAMS, name)) throw new TypeError(`unknown parameter ${String(name)}; known: ${Object.keys(PARAMS).join(', ')}`);
  return PARAMS[name];
}

function paramValue(name, value) {
  if (typeof value === 'string' && NAMED[name] && Object.hasOwn(NAMED[name], value)) return BigInt(NAMED[name][value]);
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number' && Number.isInteger(value)) return BigInt(value);
  if (typeof value === 'boolean' && BOOLEAN.has(name)) return value ? 1n : 0n;
  throw new TypeError(`parameter ${name}: expected an integer${NAMED[name] ? ' or one of ' + Object.keys(NAMED[name]).join(', ') : ''}, got ${describe(value)} ${String(value)}`);
}

export class Context extends Handle {
  constructor(rt, params = {}) {
    const st = rt.x.vld_ctx_new(0, rt.slot(0));
    rt.check(st);
    super(rt, rt.u32(rt.slot(0)), 'vld_ctx_free');
    const ptr = this._rec.ptr;
    this._rec.onFree = () => rt.hooks.forget(ptr); // a later context may get the same pointer
    try {
      for (const [k, v] of Object.entries(params)) this.set(k, v);
    } catch (e) { this.close(); throw e; }
  }

  /** Set a parameter by name, e.g. set('depth', 'sampled'). Returns this. */
  set(name, value) {
    const key = paramKey(name);
    this.rt.check(this.rt.x.vld_ctx_set_param(this.ptr, key, paramValue(name, value)), this.ptr);
    return this;
  }

  get(name) {
    const key = paramKey(name);
    const rt = this.rt;
    rt.check(rt.x.vld_ctx_get_param(this.ptr, key, rt.slot(0)), this.ptr);
    const v = rt.dv.getBigInt64(rt.slot(0), true);
    return name === 'sampleSeed' ? v : Number(v);
  }

  resetParams() { this.rt.check(this.rt.x.vld_ctx_reset_params(this.ptr), this.ptr); return this; }
  /** Stop the jobs in flight on this context at their next slice. */
  cancel() { this.rt.check(this.rt.x.vld_ctx_cancel(this.ptr), this.ptr); }

  /**
   * Call fn(snapshot) at the end of each verification and every
   * metricsIntervalMs while work runs (null removes it). snapshot.events
   * holds the scaling policy's events. A throw stops the work in flight,
   * which throws a VldStoppedError (status VLD_E_CALLBACK_ABORT) whose
   * cause is the exception. fn must not start work on this context.
   */
  setMetricsCallback(fn) { setMetricsCallback(this, fn); return this; }
  /** Replace the clock: fn() returns nanoseconds (bigint or integer); null restores the default. */
  setClock(fn) { setClock(this, fn); return this; }
  /** A metrics snapshot now, as a plain object (reason 'pull'; no events). */
  metrics() { return pullMetrics(this); }
  /**
   * Feed { bytes, latencyMs, cpuMs, queuedChunks, runnersActive } to the
   * metrics, policy and tuner as if a verification had completed; returns
   * the snapshot it produced, whose events/alerts are the policy's verdict.
   */
  observe(observation) { return observe(this, observation); }

  /** Load a serialized manifest (checked as docs/manifest-format.md says). */
  loadManifest(data) {
    const bytes = bytesOf(data, 'manifest');
    const rt = this.rt;
    const ctx = this.ptr;
    const p = rt.copyIn(bytes);
    try {
      rt.check(rt.x.vld_manifest_load(ctx, p, bytes.length, rt.slot(0)), ctx);
      return new Manifest(rt, rt.u32(rt.slot(0)));
    } finally { rt.free(p); }
  }

  /** A builder; expectedLength picks the automatic chunk size (unknown: 1 MiB). */
  createBuilder({ expectedLength } = {}) {
    const rt = this.rt;
    const len = expectedLength === undefined ? LENGTH_UNKNOWN : BigInt(expectedLength);
    rt.check(rt.x.vld_builder_new(this.ptr, len, rt.slot(0)), this.ptr);
    return new Builder(rt, rt.u32(rt.slot(0)), this);
  }

  /** The manifest of `data`, identical to vld_manifest_build()'s. */
  buildManifest(data) {
    const bytes = bytesOf(data);
    return this.createBuilder({ expectedLength: bytes.length }).update(bytes).finish();
  }

  /** The manifest of an (async) iterable of byte chunks. */
  async buildManifestFrom(source, { expectedLength } = {}) {
    const b = this.createBuilder({ expectedLength });
    try { await b.updateFrom(source); } catch (e) { b.close(); throw e; }
    return b.finish();
  }

  createVerifyStream(manifest) {
    const rt = this.rt;
    rt.check(rt.x.vld_stream_new(this.ptr, this.ptrOf(manifest, Manifest), rt.slot(0)), this.ptr);
    return new VerifyStream(rt, rt.u32(rt.slot(0)), this, manifest);
  }

  /** Verify `data` against `manifest` at this context's depth: the Report. */
  verify(manifest, data) {
    const bytes = bytesOf(data);
    return this.createVerifyStream(manifest).update(bytes).finish();
  }

  /** Verify an (async) iterable of byte chunks, e.g. a fetch() body. */
  async verifyFrom(manifest, source) {
    const s = this.createVerifyStream(manifest);
    try { await s.updateFrom(source); } catch (e) { s.close(); throw e; }
    return s.finish();
  }

  /**
   * A budgeted verification of `data`: call step(budgetMs) until it returns
   * done, then finish(). engine 'memory' (the C job: data copied into wasm
   * memory; firstChunk/chunkCount allowed) or 'stream' (data stays in JS);
   * 'auto' picks memory up to 64 MiB.
   */
  startVerification(manifest, data, { engine = 'auto', firstChunk, chunkCount } = {}) {
    const bytes = bytesOf(data);
    this.ptrOf(manifest, Manifest);
    if (engine === 'auto') engine = bytes.length <= MEMORY_JOB_MAX ? 'memory' : 'stream';
    if (engine === 'memory') return new MemoryJob(this.rt, this, manifest, bytes, { firstChunk, chunkCount });
    if (engine !== 'stream') throw new TypeError(`engine must be 'auto', 'memory' or 'stream', got ${String(engine)}`);
    if (firstChunk !== undefined || chunkCount !== undefined)
      throw new TypeError("chunk ranges need engine 'memory'");
    return new StreamJob(this.createVerifyStream(manifest), bytes, manifest.info.chunkSize);
  }

  /** Merge the reports of two disjoint chunk ranges of one object. */
  mergeReports(a, b) {
    const rt = this.rt;
    rt.check(rt.x.vld_report_merge(this.ptr, this.ptrOf(a, Report), this.ptrOf(b, Report), rt.slot(0)), this.ptr);
    return new Report(rt, rt.u32(rt.slot(0)));
  }
}
