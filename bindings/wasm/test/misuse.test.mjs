// Misuse throws a clear error and never touches freed wasm memory.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { vld, pattern } from './helpers.mjs';
import { VldManifestError, VldArgumentError, VldStateError, Manifest } from '../libvalidate.mjs';

const data = pattern(20000, 1);

test('closed handles throw TypeError; close is idempotent', () => {
  const ctx = vld.context({ chunkSize: 4096 });
  const m = ctx.buildManifest(data);
  m.close();
  m.close();
  assert.throws(() => m.serialize(), { name: 'TypeError', message: /Manifest is closed/ });
  assert.throws(() => ctx.verify(m, data), TypeError);
  ctx.close();
  assert.throws(() => ctx.buildManifest(data), /Context is closed/);
});

test('a stream keeps its context and manifest alive after they are closed', () => {
  const ctx = vld.context({ chunkSize: 4096 });
  const m = ctx.buildManifest(data);
  const s = ctx.createVerifyStream(m);
  m.close();
  ctx.close();
  // Churn the allocator: freed blocks would be reused and scribbled on.
  for (let i = 0; i < 50; i++) vld.context().buildManifest(pattern(5000 + i, i)).close();
  s.update(data);
  assert.ok(s.finish().ok);
  assert.throws(() => s.update(data), TypeError);
});

test('wrong types are TypeErrors', () => {
  const ctx = vld.context();
  assert.throws(() => ctx.buildManifest('text'), TypeError);
  assert.throws(() => ctx.verify({}, data), /expected a Manifest/);
  assert.throws(() => ctx.set('nope', 1), /unknown parameter/);
  assert.throws(() => ctx.set('depth', 2.5), TypeError);
  assert.throws(() => ctx.startVerification(ctx.buildManifest(data), data, { engine: 'x' }), TypeError);
  assert.throws(() => vld.context({ chunkSize: 'big' }), TypeError);
});

test('library errors carry the C status name and message', () => {
  const ctx = vld.context();
  assert.throws(() => ctx.set('chunkSize', 5000), (e) => e instanceof VldArgumentError &&
    e.status === 'VLD_E_OUT_OF_RANGE' && e.code === -3 && /out of bounds/.test(e.message));
  const bytes = ctx.buildManifest(data).serialize();
  assert.throws(() => ctx.loadManifest(bytes.subarray(0, 40)), { status: 'VLD_E_MANIFEST_TRUNCATED' });
  bytes[bytes.length - 1] ^= 1;
  assert.throws(() => ctx.loadManifest(bytes), (e) => e instanceof VldManifestError && e.status === 'VLD_E_MANIFEST_CHECKSUM');
  assert.throws(() => ctx.loadManifest(Buffer.concat([bytes, Buffer.from([0])])), { status: 'VLD_E_MANIFEST_TRAILING' });
});

test('finishing twice is a state error or TypeError, never a crash', () => {
  const ctx = vld.context({ chunkSize: 4096 });
  const b = ctx.createBuilder();
  b.update(data);
  assert.ok(b.finish() instanceof Manifest);
  assert.throws(() => b.finish(), TypeError);
  void VldStateError;
});

test('handles of another instance are refused', async () => {
  const { load } = await import('../libvalidate.mjs');
  const other = await load();
  const ctx = vld.context();
  const theirs = other.context().buildManifest(data);
  assert.throws(() => ctx.verify(theirs, data), /another libvalidate instance/);
});
