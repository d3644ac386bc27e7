// Host callbacks: the module imports `vldw.metrics` and `vldw.clock`
// (src/hooks.c), which the library reaches through C trampolines with the
// context pointer as user value. Each context's JS functions live here,
// keyed by that pointer. Nothing thrown by a host function may unwind
// through wasm frames (the library would be left mid-operation), so every
// exception is caught, kept, and rethrown once the C call has returned.
import { readMetrics } from './metrics.mjs';

export class Hooks {
  constructor() {
    this.rt = null; // set once the instance exists
    this.byCtx = new Map(); // ctx pointer -> { metrics, clock, lastClock, capture, error }
  }

  /** The import object's `vldw` namespace. */
  imports() {
    return {
      metrics: (user, ptr) => this.metrics(user, ptr),
      clock: (user) => this.clock(user),
    };
  }

  entry(ctxPtr) {
    let e = this.byCtx.get(ctxPtr);
    if (!e) {
      e = { metrics: null, clock: null, lastClock: 0n, observing: false, capture: null, error: null };
      this.byCtx.set(ctxPtr, e);
    }
    return e;
  }

  forget(ctxPtr) { this.byCtx.delete(ctxPtr); }

  pending(ctxPtr) { return !!this.byCtx.get(ctxPtr)?.error; }

  /** The first exception a host function of this context threw, cleared. */
  take(ctxPtr) {
    const e = this.byCtx.get(ctxPtr);
    if (!e || !e.error) return null;
    const err = e.error;
    e.error = null;
    return err;
  }

  metrics(user, ptr) {
    const e = this.byCtx.get(user);
    if (!e) return 0;
    const snapshot = readMetrics(this.rt, ptr);
    if (e.capture && snapshot.reason === 'done') {
      e.capture.snapshot = snapshot; // the observation in progress (single-threaded)
      e.capture = null;
    }
    if (!e.metrics) return 0;
    try {
      e.metrics(snapshot);
      return 0;
    } catch (err) {
      e.error ??= err;
      return 1; // the library cancels the work in flight
    }
  }

  clock(user) {
    const e = this.byCtx.get(user);
    if (!e || !e.clock) return e ? e.lastClock : 0n;
    try {
      const v = e.clock();
      if (typeof v !== 'bigint' && !(Number.isInteger(v) && v >= 0))
        throw new TypeError(`clock must return a non-negative integer or bigint, got ${String(v)}`);
      e.lastClock = BigInt.asUintN(64, BigInt(v));
    } catch (err) {
      e.error ??= err; // time stands still; the call that read it throws afterwards
    }
    return e.lastClock;
  }
}
