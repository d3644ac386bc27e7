// The auto-tuner through the wrapper: report.tuning, the budget parameters,
// rotating coverage. Throughput is supplied and the object stays under the
// 1 MiB refinement threshold, so every choice is deterministic.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { vld, pattern } from './helpers.mjs';

const C = 4096;
const CHUNKS = 240;
const data = pattern(CHUNKS * C, 2);

test('rotation covers every chunk within t passes', () => {
  const ctx = vld.context({ chunkSize: C });
  const m = ctx.buildManifest(data);
  // 1 ms budget, 0.8 ms planned, 20 us overhead, at 200 MB/s: 15.9 %: t = 7.
  ctx.set('budgetMs', 1).set('calibratedBps', 200_000_000);
  assert.equal(ctx.get('budgetMs'), 1);
  const seen = new Array(CHUNKS).fill(0);
  for (let pass = 0; pass < 7; pass++) {
    const r = ctx.verify(m, data);
    const t = r.tuning;
    assert.equal(t.tuned, true);
    assert.equal(t.depth, 'sampled');
    assert.deepEqual(t.reasons, ['fits', 'rotated']);
    assert.equal(t.group, pass);
    assert.equal(t.groups, 7);
    assert.equal(t.budgetNs, 1e6);
    assert.ok(t.predictedNs <= 800_000);
    assert.equal(t.throughputBps, 200e6);
    assert.ok(r.ok);
    for (let i = 0; i < CHUNKS; i++) seen[i] += r.chunkState(i) === 'ok';
    r.close();
  }
  assert.ok(seen.every((n) => n === 1), 'each chunk checked exactly once in 7 passes');
});

test('an ample budget keeps the depth; no budget is untuned; floor names', () => {
  const ctx = vld.context({ chunkSize: C, depth: 'deep', budgetMs: 50, calibratedBps: 1e9, minDepth: 'sampled', rotate: true });
  const m = ctx.buildManifest(data);
  const t = ctx.verify(m, data).tuning;
  assert.equal(t.depth, 'deep');
  assert.deepEqual(t.reasons, ['fits', 'capped']);
  ctx.set('budgetMs', 0);
  const u = ctx.verify(m, data).tuning;
  assert.equal(u.tuned, false);
  assert.equal(u.depth, 'deep');
  assert.ok(u.actualNs > 0);
  assert.equal(ctx.get('minDepth'), 2);
  for (const name of ['metricsIntervalMs', 'latencyWindow', 'scaleCpuPct', 'scaleLatencyMs', 'scaleInPct',
    'scaleSustain', 'scaleInSustain', 'scaleCooldown', 'regressionPct', 'minSamplePpm', 'rotate'])
    assert.equal(typeof ctx.get(name), 'number', name);
  assert.throws(() => ctx.set('scaleCpuPct', 101), { status: 'VLD_E_OUT_OF_RANGE' });
});
