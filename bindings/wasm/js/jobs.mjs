// Budgeted verification, for an edge worker with a per-request CPU limit:
// step(budgetMs) works for about that long and returns the progress; later
// steps resume; finish() gives the report a one-shot verification gives.
// Two engines behind one interface:
//  - 'memory': the C job (vld_job_*) over a copy of the data in wasm memory.
//    Precise slices (64 KiB) and sampled depth skips unselected chunks.
//  - 'stream': for objects too large to copy in, the wrapper feeds a
//    VerifyStream SLICE bytes at a time until the budget is spent.
import { Handle, bytesOf } from './handles.mjs';
import { Report } from './report.mjs';
import { VldStoppedError } from './errors.mjs';

const SLICE = 256 * 1024;
const ALL = 0xffffffffffffffffn; // VLD_CHUNKS_ALL
export const MEMORY_JOB_MAX = 64 * 1024 * 1024;

/** vld_job over data copied into wasm memory. */
export class MemoryJob extends Handle {
  constructor(rt, ctx, manifest, data, { firstChunk = 0, chunkCount } = {}) {
    const bytes = bytesOf(data);
    const [cp, mp] = [ctx.ptr, manifest.ptr]; // throw before anything is allocated
    const count = chunkCount === undefined ? ALL : BigInt(chunkCount);
    const copy = rt.copyIn(bytes); // the job reads it until freed with the job
    const st = rt.x.vld_job_new_buffer(cp, mp, copy, bytes.length, BigInt(firstChunk), count, rt.slot(0));
    if (st < 0) { rt.free(copy); rt.check(st, cp); }
    super(rt, rt.u32(rt.slot(0)), 'vld_job_free', [ctx, manifest], [copy]);
    this._ctx = ctx;
    this.engine = 'memory';
    this.done = false;
  }

  /** Work for about `budgetMs` milliseconds (at least one slice). */
  step(budgetMs) {
    const rt = this.rt;
    const ptr = this.ptr;
    if (!(budgetMs >= 0)) throw new TypeError('budgetMs must be a non-negative number');
    rt.putU32(rt.slot(0), 0);
    // A stopping status (cancel) also sets done; finish() reports it.
    rt.x.vld_job_step(ptr, BigInt(Math.round(budgetMs * 1e6)), rt.slot(0));
    this.done = rt.i32(rt.slot(0)) !== 0;
    return this.position();
  }

  position() {
    const rt = this.rt;
    rt.check(rt.x.vld_job_get_position(this.ptr, rt.slot(0), rt.slot(1)), this._ctx._rec.ptr);
    return { done: this.done, nextChunk: rt.u64(rt.slot(0)), bytesDone: rt.u64(rt.slot(1)) };
  }

  /** The report (partial before done: the chunks before the position). Closes the job. */
  finish() {
    const rt = this.rt;
    try {
      rt.putU32(rt.slot(0), 0);
      const st = rt.status(rt.x.vld_job_finish(this.ptr, rt.slot(0)), this._ctx._rec.ptr);
      const rp = rt.u32(rt.slot(0));
      const report = rp ? new Report(rt, rp) : null;
      if (st < 0) {
        const err = rt.error(st, this._ctx._rec.ptr);
        if (err instanceof VldStoppedError) err.report = report; else report?.close();
        throw err;
      }
      return report;
    } finally { this.close(); }
  }
}

/** Time-budgeted feeding of a VerifyStream, for data that stays in JS memory. */
export class StreamJob {
  constructor(stream, data, chunkSize) {
    this._stream = stream;
    this._bytes = bytesOf(data);
    this._chunkSize = chunkSize;
    this._off = 0;
    this.engine = 'stream';
  }
  get done() { return this._off >= this._bytes.length; }
  get closed() { return this._stream.closed; }

  step(budgetMs) {
    if (!(budgetMs >= 0)) throw new TypeError('budgetMs must be a non-negative number');
    const end = performance.now() + budgetMs;
    do {
      const n = Math.min(SLICE, this._bytes.length - this._off);
      this._stream.update(this._bytes.subarray(this._off, this._off + n));
      this._off += n;
    } while (!this.done && performance.now() < end);
    return this.position();
  }

  position() {
    if (this._stream.closed) throw new TypeError('StreamJob is closed');
    return { done: this.done, nextChunk: Math.floor(this._off / this._chunkSize), bytesDone: this._off };
  }

  /** Ends the data where it stands: before done, the missing bytes count as truncation. */
  finish() { return this._stream.finish(); }
  close() { this._stream.close(); }
  [Symbol.dispose]() { this.close(); }
}
