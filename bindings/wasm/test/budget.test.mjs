// Budgeted verification, as an edge worker runs it: small steps, resumed
// until done, must end with the report a one-shot verification gives.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { vld, pattern } from './helpers.mjs';

const C = 65536;
const data = pattern(200 * C + 5, 9);
data[77 * C + 1] ^= 4; // some damage to find
const ctx = vld.context({ chunkSize: C });
const m = ctx.buildManifest(pattern(200 * C + 5, 9));

for (const engine of ['memory', 'stream'])
  for (const depth of ['full', 'deep', 'sampled', 'shallow'])
    test(`${engine} engine, ${depth} depth: same report as one-shot`, () => {
      ctx.set('depth', depth);
      const expected = ctx.verify(m, data).toJSON();
      const job = ctx.startVerification(m, data, { engine });
      let steps = 0;
      let last = -1;
      for (let p = job.step(0.2); !p.done; p = job.step(0.2)) {
        assert.ok(p.bytesDone >= last, 'progress never goes back');
        last = p.bytesDone;
        steps++;
      }
      assert.deepEqual(job.finish().toJSON(), expected);
      if (depth === 'full') assert.ok(steps > 1, 'a 0.2 ms budget cannot verify 12 MiB at once');
      assert.throws(() => job.step(1), TypeError);
    });

test('a job stopped part way resumes at its chunk and merges', () => {
  ctx.set('depth', 'full');
  const first = ctx.startVerification(m, data, { engine: 'memory' });
  first.step(0.2);
  const { nextChunk } = first.position();
  const a = first.finish();
  const rest = ctx.startVerification(m, data.subarray(nextChunk * C), { engine: 'memory', firstChunk: nextChunk });
  while (!rest.step(5).done);
  const merged = ctx.mergeReports(a, rest.finish());
  const expected = ctx.verify(m, data);
  assert.deepEqual(merged.ranges, expected.ranges);
  assert.equal(merged.summary.chunksInScope, expected.summary.chunksTotal);
});
