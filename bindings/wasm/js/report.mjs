// Reports: the C report's summary and ranges are read once into plain JS
// values (a report is immutable); chunk states are read on demand.
import { Handle } from './handles.mjs';
import { readTuning } from './metrics.mjs';

const VERDICTS = ['ok', 'corrupt', 'length-mismatch'];
export const DEPTH_NAMES = [undefined, 'shallow', 'sampled', 'full', 'deep'];
const CHUNK_STATES = ['unchecked', 'ok', 'damaged', 'missing'];
const RANGE_FLAGS = [[1, 'missing'], [2, 'extra'], [4, 'host'], [8, 'transient']];
const SUMMARY_SIZE = 96;
const RANGE_SIZE = 32;

export class Report extends Handle {
  constructor(rt, ptr) {
    super(rt, ptr, 'vld_report_free');
    const s = rt.struct;
    rt.u8.fill(0, s, s + SUMMARY_SIZE);
    rt.putU32(s, SUMMARY_SIZE);
    rt.check(rt.x.vld_report_get_summary(ptr, s));
    const status = rt.i32(s + 12);
    this.summary = Object.freeze({
      verdict: VERDICTS[rt.u32(s + 4)],
      depth: DEPTH_NAMES[rt.u32(s + 8)],
      status: rt.statusName(status),
      bytesTotal: rt.u64(s + 16),
      bytesSeen: rt.u64(s + 24),
      bytesChecked: rt.u64(s + 32),
      chunksTotal: rt.u64(s + 40),
      chunksChecked: rt.u64(s + 48),
      chunksDamaged: rt.u64(s + 56),
      rangesCount: rt.u64(s + 64),
      rangesTruncated: rt.i32(s + 72) !== 0,
      digestChecked: rt.i32(s + 76) !== 0,
      digestOk: rt.i32(s + 80) !== 0,
      chunksInScope: rt.u64(s + 88),
    });
    const ranges = [];
    for (let i = 0; i < this.summary.rangesCount; i++) {
      rt.u8.fill(0, s, s + RANGE_SIZE);
      rt.putU32(s, RANGE_SIZE);
      rt.check(rt.x.vld_report_get_range(ptr, i, s));
      const flags = rt.u32(s + 24);
      ranges.push(Object.freeze({
        offset: rt.u64(s + 8),
        length: rt.u64(s + 16),
        flags: RANGE_FLAGS.filter(([bit]) => flags & bit).map(([, name]) => name),
      }));
    }
    this.ranges = Object.freeze(ranges);
    /** What the auto-tuner chose (tuned: false without a budget; actualNs is measured either way). */
    this.tuning = readTuning(rt, ptr);
  }

  /** No damage found in what was checked (see summary.depth for how much that was). */
  get ok() { return this.summary.verdict === 'ok' && this.summary.status === 'VLD_OK'; }

  /** 'unchecked', 'ok', 'damaged' or 'missing'. */
  chunkState(index) {
    const rt = this.rt;
    rt.check(rt.x.vld_report_get_chunk_state(this.ptr, BigInt(index), rt.slot(0)));
    return CHUNK_STATES[rt.u32(rt.slot(0))];
  }

  toJSON() { return { ...this.summary, ranges: this.ranges }; }
}
