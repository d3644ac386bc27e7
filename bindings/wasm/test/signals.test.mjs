// Metrics, the scaling policy and the clock, driven deterministically: an
// injected clock and injected observations (ctx.observe), as tests/test_policy.c.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { vld, pattern } from './helpers.mjs';
import { VldStoppedError } from '../libvalidate.mjs';

const STEP = 100_000_000n; // fake nanoseconds per observation

function policyContext() {
  const ctx = vld.context({ threads: 2 });
  const clock = { now: 1000n * STEP };
  ctx.setClock(() => clock.now);
  const observe = (cpu, queuedChunks, runnersActive) => {
    clock.now += STEP;
    // cpu: the runner utilization to produce, of runnersMax (1 in wasm).
    return ctx.observe({ bytes: 64 << 20, latencyMs: 1, cpuMs: cpu * 100, queuedChunks, runnersActive });
  };
  return { ctx, clock, observe };
}

test('scale-out after the sustain count, then the cooldown', () => {
  const { ctx, observe } = policyContext();
  const delivered = [];
  ctx.setMetricsCallback((s) => delivered.push(s.events));
  assert.deepEqual(observe(0.9, 10, 2).events, []);
  assert.deepEqual(observe(0.9, 10, 2).events, []);
  const third = observe(0.9, 10, 2);
  assert.deepEqual(third.events, ['scale-out']);
  assert.equal(third.reason, 'done');
  assert.ok(third.runnerCpuUtilization > 0.89 && third.runnerCpuUtilization < 0.91);
  assert.deepEqual(delivered, [[], [], ['scale-out']], 'the callback sees the same snapshots');
  const fired = [3];
  for (let i = 4; i <= 40; i++) if (observe(0.95, 10, 2).events.includes('scale-out')) fired.push(i);
  assert.deepEqual(fired, [3, 14, 25, 36]); // sustain 3, then 10 quiet snapshots
  const pull = ctx.metrics();
  assert.equal(pull.reason, 'pull');
  assert.deepEqual(pull.events, []);
  assert.equal(pull.verificationsCompleted, 40);
  assert.equal(pull.nowNs, 1040n * STEP);
  assert.equal(pull.elapsedNs, Number(40n * STEP));
  ctx.close();
});

test('no scale-out without queued work; latency raises scale-out-edge', () => {
  const { ctx, observe } = policyContext();
  for (let i = 0; i < 30; i++) assert.deepEqual(observe(0.95, 0, 2).events, []);
  const edge = vld.context({ scaleLatencyMs: 10, scaleSustain: 1, scaleCooldown: 0 });
  assert.deepEqual(edge.observe({ latencyMs: 500, bytes: 1 }).events, ['scale-out-edge']);
  assert.throws(() => ctx.observe({ latency: 5 }), /unknown observation field/);
  assert.throws(() => ctx.observe({ bytes: -1 }), TypeError);
  assert.throws(() => ctx.observe(null), TypeError);
  ctx.close();
});

test('a metrics callback that throws stops the verification, never the process', () => {
  const C = 4096;
  const data = pattern(300 * C, 5);
  const ctx = vld.context({ chunkSize: C, metricsIntervalMs: 0 });
  const m = ctx.buildManifest(data);
  const boom = new Error('metrics boom');
  ctx.setMetricsCallback(() => { throw boom; });
  assert.throws(() => ctx.verify(m, data), (e) => e instanceof VldStoppedError &&
    e.status === 'VLD_E_CALLBACK_ABORT' && e.cause === boom && e.report?.summary.chunksChecked === 300); // it had run to its end
  const job = ctx.startVerification(m, data, { engine: 'memory' });
  while (!job.step(50).done);
  assert.throws(() => job.finish(), (e) => e.status === 'VLD_E_CALLBACK_ABORT' && e.cause === boom);
  assert.throws(() => ctx.observe({ bytes: 1 }), (e) => e.cause === boom);
  ctx.setMetricsCallback(null);
  assert.ok(ctx.verify(m, data).ok, 'the context works once the callback is gone');
  const snapshots = [];
  ctx.setMetricsCallback((s) => snapshots.push(s));
  ctx.verify(m, data);
  assert.equal(snapshots.length, 1);
  assert.equal(snapshots[0].reason, 'done');
  assert.equal(snapshots[0].depth, 'full');
  assert.ok(snapshots[0].bytesHashed >= 2 * data.length);
  assert.throws(() => ctx.setMetricsCallback('nope'), TypeError);
});

test('a clock that throws makes the call that read it throw', () => {
  const ctx = vld.context();
  let fail = false;
  ctx.setClock(() => { if (fail) throw new Error('clock boom'); return 42; });
  assert.equal(ctx.metrics().nowNs, 42n);
  fail = true;
  assert.throws(() => ctx.metrics(), (e) => e instanceof VldStoppedError && e.cause.message === 'clock boom');
  fail = false;
  assert.equal(ctx.metrics().nowNs, 42n);
  assert.throws(() => ctx.setClock(() => 'later'), /clock must return/); // read at once
  assert.throws(() => ctx.metrics(), (e) => e.status === 'VLD_E_CALLBACK_ABORT' && /clock must return/.test(e.cause.message));
  ctx.setClock(null);
  ctx.close();
  assert.throws(() => ctx.metrics(), /Context is closed/);
  // A new context at the same address does not inherit the old one's hooks.
  const next = vld.context();
  assert.ok(next.metrics().nowNs > 42n);
});
