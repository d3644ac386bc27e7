// The wasm instance: loading (the compiled module is cached per path, as
// compiling is the slow part), WASI without any filesystem, and the heap
// helpers every handle uses. Input is copied into wasm memory in pieces of
// a fixed size, so objects larger than wasm memory stream through.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { WASI } from 'node:wasi';
import { errorFor } from './errors.mjs';
import { Hooks } from './hooks.mjs';

const DEFAULT_WASM = fileURLToPath(
  new URL('../../../build-wasm/bindings/wasm/src/libvalidate.wasm', import.meta.url));
const LAYOUT_VERSION = 2; // must match src/layout.c
export const PIECE = 1 << 20;
const CALLBACK_ABORT = -61; // VLD_E_CALLBACK_ABORT
const ERRBUF = 256; // vld_ctx.error is 256 bytes

const compiled = new Map(); // path -> Promise<WebAssembly.Module>

function compile(path) {
  let p = compiled.get(path);
  if (!p) {
    p = readFile(path).then((bytes) => WebAssembly.compile(bytes));
    p.catch(() => compiled.delete(path)); // let a later call retry
    compiled.set(path, p);
  }
  return p;
}

export async function instantiate(path = process.env.VLD_WASM || DEFAULT_WASM) {
  const module = await compile(path);
  // No preopens, args or environment: the library sees no files at all
  // (file-less use); everything goes through buffers and streams.
  const wasi = new WASI({ version: 'preview1', args: [], env: {}, preopens: {} });
  const hooks = new Hooks();
  const instance = await WebAssembly.instantiate(module, { ...wasi.getImportObject(), vldw: hooks.imports() });
  wasi.initialize(instance);
  if (instance.exports.vldw_layout_version() !== LAYOUT_VERSION)
    throw new Error(`${path}: struct layout ${instance.exports.vldw_layout_version()}, wrapper expects ${LAYOUT_VERSION}`);
  const rt = new Runtime(instance.exports, path, hooks);
  hooks.rt = rt;
  return rt;
}

export class Runtime {
  constructor(exports, path, hooks) {
    this.x = exports;
    this.path = path;
    this.hooks = hooks; // host callbacks, per context
    this.scratch = 0; // PIECE bytes, for streamed input
    this.slots = this.alloc(64); // out-parameters of the current call
    this.struct = this.alloc(256); // a public struct being filled (see src/layout.c)
  }

  get u8() { return new Uint8Array(this.x.memory.buffer); } // fresh: memory may grow
  get dv() { return new DataView(this.x.memory.buffer); }

  alloc(size) {
    const p = this.x.malloc(Math.max(size, 1));
    if (!p) throw errorFor(-4, 'VLD_E_NOMEM', 'out of memory', `wasm memory cannot hold ${size} bytes`);
    return p;
  }
  free(p) { if (p) this.x.free(p); }

  piece() {
    if (!this.scratch) this.scratch = this.alloc(PIECE);
    return this.scratch;
  }

  /** Copy `bytes` (Uint8Array) into fresh wasm memory, PIECE bytes at a time. */
  copyIn(bytes) {
    const p = this.alloc(bytes.length);
    for (let off = 0; off < bytes.length; off += PIECE)
      this.u8.set(bytes.subarray(off, off + PIECE), p + off);
    return p;
  }
  copyOut(p, len) { return this.u8.slice(p, p + len); }

  // Out-parameter slots: 8 slots of 8 bytes each.
  slot(i) { return this.slots + 8 * i; }
  u32(p) { return this.dv.getUint32(p, true); }
  i32(p) { return this.dv.getInt32(p, true); }
  u64(p) { return Number(this.dv.getBigUint64(p, true)); }
  putU32(p, v) { this.dv.setUint32(p, v, true); }

  cstring(p) {
    const u8 = this.u8;
    let end = p;
    while (u8[end]) end++;
    return new TextDecoder().decode(u8.subarray(p, end));
  }

  statusName(code) { return this.cstring(this.x.vld_status_name(code)); }
  strerror(code) { return this.cstring(this.x.vld_strerror(code)); }

  /** The context's detail of its most recent error. */
  lastError(ctxPtr) {
    if (!ctxPtr) return '';
    const p = this.alloc(ERRBUF);
    try {
      this.x.vld_ctx_last_error(ctxPtr, p, ERRBUF);
      return this.cstring(p);
    } finally { this.free(p); }
  }

  /** The error for status `code`; `cause` is what a host callback of `ctxPtr` threw, if it did. */
  error(code, ctxPtr) {
    const cause = ctxPtr ? this.hooks.take(ctxPtr) : null;
    const detail = cause && code === CALLBACK_ABORT ? `a host callback threw: ${cause?.message ?? String(cause)}` : this.lastError(ctxPtr);
    const err = errorFor(code, this.statusName(code), this.strerror(code), detail);
    if (cause) err.cause = cause;
    return err;
  }

  /**
   * `code`, or VLD_E_CALLBACK_ABORT when a host callback of `ctxPtr` threw
   * during a call that still succeeded (the library treats a stop asked at
   * the end of a verification as a cancel of the work still in flight, and
   * a clock cannot stop anything): an exception is never dropped.
   */
  status(code, ctxPtr) {
    return code >= 0 && ctxPtr && this.hooks.pending(ctxPtr) ? CALLBACK_ABORT : code;
  }

  /** Throw on a negative status (see status()); the detail comes from `ctxPtr` when given. */
  check(code, ctxPtr) {
    code = this.status(code, ctxPtr);
    if (code < 0) throw this.error(code, ctxPtr);
    return code;
  }
}
