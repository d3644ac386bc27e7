// Manifests cross the native/wasm boundary both ways: `vld manifest` (the
// native CLI) output loads and verifies here, and ours verifies there.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { vld, pattern, hex, nativeCli } from './helpers.mjs';

const skip = existsSync(nativeCli) ? false : `no native vld at ${nativeCli} (set VLD_CLI)`;

test('native manifest verifies in wasm, wasm manifest verifies natively', { skip }, (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'vld-wasm-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const data = pattern(3 * 1024 * 1024 + 17, 11);
  const file = join(dir, 'obj.bin');
  writeFileSync(file, data);

  execFileSync(nativeCli, ['manifest', '-q', '-a', 'xxh128', '-o', join(dir, 'native.vldm'), file]);
  const native = readFileSync(join(dir, 'native.vldm'));
  const ctx = vld.context({ hash: 'xxh128' });
  const m = ctx.loadManifest(native);
  const ours = ctx.buildManifest(data);
  assert.equal(hex(ours.serialize()), hex(native), 'same bytes as the native library');
  const r = ctx.set('depth', 'deep').verify(m, data);
  assert.ok(r.ok);

  // And back: a manifest made here, checked by the native CLI, which must
  // find the damage in the same place the wasm build does.
  writeFileSync(join(dir, 'wasm.vldm'), ours.serialize());
  execFileSync(nativeCli, ['verify', '-q', '--no-progress', file, join(dir, 'wasm.vldm')]); // throws unless exit 0
  const damaged = data.slice();
  damaged[2 * 1024 * 1024 + 5] ^= 0x40;
  writeFileSync(file, damaged);
  const run = spawnSync(nativeCli, ['verify', '--json', '--no-progress', file, join(dir, 'wasm.vldm')], { encoding: 'utf8' });
  assert.equal(run.status, 1, run.stderr);
  const nat = JSON.parse(run.stdout);
  const r2 = ctx.set('depth', 'full').verify(m, damaged);
  assert.equal(nat.verdict, r2.summary.verdict);
  assert.deepEqual(nat.bad_ranges, r2.ranges.map((x) => [x.offset, x.length]));
});
