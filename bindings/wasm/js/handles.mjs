// Lifetimes of C handles seen from JS. A handle that another one uses (the
// context and manifest under a stream or job) must outlive it in wasm
// memory, whatever order JS closes or garbage-collects them in: so each
// handle has a record counting its users, and the C object is freed only
// once its owner let go (close() or garbage collection) and no user is left.
// Use after close() throws a TypeError instead of touching freed memory.

const registry = new FinalizationRegistry((rec) => release(rec)); // safety net only

function tryFree(rec) {
  if (rec.freed || !rec.released || rec.users > 0) return;
  rec.freed = true;
  rec.rt.x[rec.freeFn](rec.ptr);
  if (rec.onFree) rec.onFree(); // e.g. forget a context's host callbacks
  for (const p of rec.extra) rec.rt.free(p);
  for (const d of rec.deps) { d.users--; tryFree(d); }
}

function release(rec) {
  rec.released = true;
  tryFree(rec);
}

export class Handle {
  /**
   * @param rt the Runtime that owns the pointer
   * @param ptr the C handle
   * @param freeFn name of its vld_*_free export
   * @param deps handles this one uses while it lives
   * @param extra malloc'ed blocks freed with it (e.g. a job's data copy)
   */
  constructor(rt, ptr, freeFn, deps = [], extra = []) {
    const depRecs = deps.map((d) => d._rec);
    for (const d of depRecs) d.users++;
    this._rec = { rt, ptr, freeFn, deps: depRecs, extra, users: 0, released: false, freed: false };
    registry.register(this, this._rec, this._rec);
  }

  get rt() { return this._rec.rt; }
  get closed() { return this._rec.released; }

  /** The C pointer; throws if this handle was closed. */
  get ptr() {
    if (this._rec.released) throw new TypeError(`${this.constructor.name} is closed`);
    return this._rec.ptr;
  }

  /** The C pointer of `other`, checked to be a live handle of `Class` from the same module instance. */
  ptrOf(other, Class) {
    if (!(other instanceof Class)) throw new TypeError(`expected a ${Class.name}, got ${describe(other)}`);
    if (other.rt !== this.rt) throw new TypeError(`${Class.name} belongs to another libvalidate instance`);
    return other.ptr;
  }

  /** Free the C object (now, or when the last handle using it is freed). Idempotent. */
  close() {
    if (this._rec.released) return;
    registry.unregister(this._rec);
    release(this._rec);
  }

  [Symbol.dispose]() { this.close(); }
}

export function describe(v) {
  if (v === null) return 'null';
  if (typeof v === 'object') return v.constructor ? v.constructor.name : 'object';
  return typeof v;
}

/** Bytes of `data` as a Uint8Array view (no copy); TypeError for anything else. */
export function bytesOf(data, what = 'data') {
  if (data instanceof Uint8Array) return data;
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  if (data instanceof ArrayBuffer || (typeof SharedArrayBuffer !== 'undefined' && data instanceof SharedArrayBuffer))
    return new Uint8Array(data);
  throw new TypeError(`${what} must be a Uint8Array, Buffer, typed array, DataView or ArrayBuffer, got ${describe(data)}`);
}
