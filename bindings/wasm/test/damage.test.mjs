// Damage is localized to its chunk, whatever the path in: one-shot, stream
// in odd pieces, budgeted job (both engines), truncated and extended data.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { vld, pattern } from './helpers.mjs';

const C = 8192;
const data = pattern(50 * C + 123, 3);
const ctx = vld.context({ chunkSize: C });
const m = ctx.buildManifest(data);

test('a flipped byte marks exactly its chunk', () => {
  const bad = data.slice();
  bad[17 * C + 99] ^= 1;
  bad[49 * C] ^= 0x80;
  const r = ctx.verify(m, bad);
  assert.equal(r.summary.verdict, 'corrupt');
  assert.deepEqual(r.ranges.map((x) => [x.offset, x.length]), [[17 * C, C], [49 * C, C]]);
  assert.equal(r.chunkState(17), 'damaged');
  assert.equal(r.chunkState(18), 'ok');
});

test('the stream in odd pieces agrees with one-shot', () => {
  const bad = data.slice();
  bad[3 * C] ^= 1;
  const s = ctx.createVerifyStream(m);
  for (let off = 0, n = 7; off < bad.length; off += n, n = (n * 5) % 30011 + 1) s.update(bad.subarray(off, off + n));
  assert.deepEqual(s.finish().toJSON(), ctx.verify(m, bad).toJSON());
});

test('truncated and extended data are length mismatches with missing/extra ranges', () => {
  const short = ctx.verify(m, data.subarray(0, 10 * C + 1));
  assert.equal(short.summary.verdict, 'length-mismatch');
  assert.deepEqual(short.ranges.at(-1).flags, ['missing']);
  const long = ctx.verify(m, Buffer.concat([data, Buffer.from('xx')]));
  assert.equal(long.summary.verdict, 'length-mismatch');
  assert.deepEqual(long.ranges.at(-1), { offset: data.length, length: 2, flags: ['extra'] });
});

test('async iterables (a ReadableStream) verify like buffers', async () => {
  const body = new Blob([data]).stream();
  const r = await ctx.verifyFrom(m, body);
  assert.ok(r.ok);
});
