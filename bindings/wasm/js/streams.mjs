// Data that arrives in pieces: a verification stream and a manifest builder.
// Each piece is copied through one PIECE-sized buffer in wasm memory, so the
// object never has to fit in wasm memory.
import { Handle, bytesOf } from './handles.mjs';
import { Manifest } from './manifest.mjs';
import { Report } from './report.mjs';
import { PIECE } from './runtime.mjs';
import { VldStoppedError } from './errors.mjs';

// Feed `bytes` to `update(ptr, piecePtr, n)` PIECE bytes at a time.
function feed(h, updateFn, data) {
  const rt = h.rt;
  const bytes = bytesOf(data);
  const ptr = h.ptr;
  const buf = rt.piece();
  for (let off = 0; off < bytes.length; off += PIECE) {
    const part = bytes.subarray(off, off + PIECE);
    rt.u8.set(part, buf);
    rt.check(rt.x[updateFn](ptr, buf, part.length), h._ctxPtr());
  }
  return h;
}

async function feedAll(h, source) {
  if (source == null || typeof source[Symbol.asyncIterator] !== 'function' && typeof source[Symbol.iterator] !== 'function')
    throw new TypeError('source must be an iterable or async iterable of byte chunks (e.g. a ReadableStream)');
  for await (const chunk of source) h.update(chunk);
  return h;
}

class Piecewise extends Handle {
  constructor(rt, ptr, freeFn, ctx, deps) {
    super(rt, ptr, freeFn, deps);
    this._ctx = ctx;
  }
  // The context keeps the error detail; it stays alive while this handle does.
  _ctxPtr() { return this._ctx._rec.ptr; }
  /** Feed every chunk of an (async) iterable, e.g. a fetch() body. */
  updateFrom(source) { return feedAll(this, source); }
}

/** Verification of data that arrives in pieces (vld_stream_*). */
export class VerifyStream extends Piecewise {
  constructor(rt, ptr, ctx, manifest) {
    super(rt, ptr, 'vld_stream_free', ctx, [ctx, manifest]);
  }
  /** Feed the next bytes (any size). */
  update(data) { return feed(this, 'vld_stream_update', data); }
  /** End of data: the report. The stream is closed afterwards. */
  finish() {
    const rt = this.rt;
    try {
      rt.putU32(rt.slot(0), 0);
      const st = rt.status(rt.x.vld_stream_finish(this.ptr, rt.slot(0)), this._ctxPtr());
      const rp = rt.u32(rt.slot(0));
      const report = rp ? new Report(rt, rp) : null;
      if (st < 0) {
        // Stopped (e.g. by a metrics callback that threw): keep the partial report.
        const err = rt.error(st, this._ctxPtr());
        if (err instanceof VldStoppedError) err.report = report; else report?.close();
        throw err;
      }
      return report;
    } finally { this.close(); }
  }
}

/** A manifest built from data that arrives in pieces (vld_builder_*). */
export class Builder extends Piecewise {
  constructor(rt, ptr, ctx) {
    super(rt, ptr, 'vld_builder_free', ctx, [ctx]);
  }
  update(data) { return feed(this, 'vld_builder_update', data); }
  /** End of data: the manifest. The builder is closed afterwards. */
  finish() {
    const rt = this.rt;
    try {
      rt.check(rt.x.vld_builder_finish(this.ptr, rt.slot(0)), this._ctxPtr());
      return new Manifest(rt, rt.u32(rt.slot(0)));
    } finally { this.close(); }
  }
}
