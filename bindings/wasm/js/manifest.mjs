// Manifests: immutable, so their facts are read once.
import { Handle } from './handles.mjs';

const HASH_NAMES = [undefined, 'xxh3', 'xxh128', 'xxh32', 'xxh64'];
const INFO_SIZE = 56;
const hex = (u8) => Buffer.from(u8).toString('hex');

export class Manifest extends Handle {
  constructor(rt, ptr) {
    super(rt, ptr, 'vld_manifest_free');
    const s = rt.struct;
    rt.u8.fill(0, s, s + INFO_SIZE);
    rt.putU32(s, INFO_SIZE);
    rt.check(rt.x.vld_manifest_get_info(ptr, s));
    this.info = Object.freeze({
      formatVersion: rt.u32(s + 4),
      hash: HASH_NAMES[rt.u32(s + 8)],
      length: rt.u64(s + 16),
      chunkSize: rt.u64(s + 24),
      chunkCount: rt.u64(s + 32),
      digest: hex(rt.u8.subarray(s + 40, s + 56)), // whole-object XXH3-128, canonical
    });
  }

  /** The serialized bytes (docs/manifest-format.md), as a fresh Uint8Array. */
  serialize() {
    const rt = this.rt;
    rt.check(rt.x.vld_manifest_serialized_size(this.ptr, rt.slot(0)));
    const size = rt.u32(rt.slot(0));
    const p = rt.alloc(size);
    try {
      rt.check(rt.x.vld_manifest_serialize(this.ptr, p, size, rt.slot(0)));
      return rt.copyOut(p, rt.u32(rt.slot(0)));
    } finally { rt.free(p); }
  }

  /** Chunk `index`'s digest as lowercase hex (canonical bytes). */
  chunkDigest(index) {
    const rt = this.rt;
    const out = rt.struct;
    rt.check(rt.x.vld_manifest_get_chunk_digest(this.ptr, BigInt(index), out, rt.slot(0)));
    return hex(rt.u8.subarray(out, out + rt.u32(rt.slot(0))));
  }

  /** The chunks [first, first + count) that hold bytes [offset, offset + length). */
  chunkRange(offset, length) {
    const rt = this.rt;
    rt.check(rt.x.vld_manifest_chunk_range(this.ptr, BigInt(offset), BigInt(length), rt.slot(0), rt.slot(1)));
    return { first: rt.u64(rt.slot(0)), count: rt.u64(rt.slot(1)) };
  }
}
