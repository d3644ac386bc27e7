// Every shared vector reproduced byte for byte, and every vector manifest
// loads and verifies its input: the promise all bindings keep.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { vld, vectors, pattern, hex } from './helpers.mjs';

const { vectors: list } = vectors();

test('the vector file is not empty', () => assert.ok(list.length >= 20));

for (const v of list) {
  test(`vector ${v.name}`, () => {
    const data = pattern(v.length, v.seed);
    const ctx = vld.context({ chunkSize: v.chunk_size, hash: v.hash });
    const m = ctx.buildManifest(data);
    assert.equal(hex(m.serialize()), v.manifest_hex);
    assert.equal(m.info.digest, v.digest_hex);
    assert.equal(m.info.chunkSize, v.effective_chunk_size);
    assert.equal(m.info.chunkCount, v.chunk_count);

    const loaded = ctx.loadManifest(Buffer.from(v.manifest_hex, 'hex'));
    const r = ctx.set('depth', 'deep').verify(loaded, data);
    assert.equal(r.summary.verdict, 'ok');
    assert.equal(r.summary.digestOk, true);
  });
}

test('a builder fed uneven pieces gives the same bytes', () => {
  const v = list.find((x) => x.length === 1000000 && x.hash === 'xxh128');
  const data = pattern(v.length, v.seed);
  const ctx = vld.context({ chunkSize: v.chunk_size, hash: v.hash });
  const b = ctx.createBuilder({ expectedLength: v.length });
  for (let off = 0, n = 1; off < data.length; off += n, n = n * 3 + 1) b.update(data.subarray(off, off + n));
  const m = b.finish();
  assert.equal(hex(m.serialize()), v.manifest_hex);
});
