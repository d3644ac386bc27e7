// libvalidate.wasm under Node.js, for bench/run (issue 7): the same work as
// bench-verify's one-thread native figures (build a manifest, verify at full
// depth) on the same amount of random bytes, one untimed run then N timed
// ones, one JSON line per figure. Like bindings/wasm/bench.mjs, but reports
// every repetition so that bench/report.py gives min/median/max and ratios.
//   node bench/wasm.mjs SIMD.wasm NOSIMD.wasm MiB REPS
import { webcrypto } from 'node:crypto';
import { statSync } from 'node:fs';
import { load } from '../bindings/wasm/libvalidate.mjs';

const [simdPath, noSimdPath] = process.argv.slice(2, 4);
const mib = Number(process.argv[4] || 256);
const reps = Number(process.argv[5] || 5);
const len = mib * 1048576;

const data = new Uint8Array(len);
for (let off = 0; off < len; off += 65536) // getRandomValues fills at most 64 KiB
  webcrypto.getRandomValues(data.subarray(off, Math.min(len, off + 65536)));

function times(fn) {
  fn(); // warm-up
  const secs = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    fn();
    secs.push((performance.now() - t0) / 1e3);
  }
  return secs;
}

const emit = (id, label, secs) =>
  console.log(JSON.stringify({ id, label, bytes: len, hashed: len, calls: 1, secs }));

for (const [tag, name, path] of [['simd', '-msimd128', simdPath], ['nosimd', 'no SIMD', noSimdPath]]) {
  if (!path) continue;
  const vld = await load({ path });
  const ctx = vld.context({ depth: 'full' });
  const m = ctx.buildManifest(data);
  emit(`wasm.${tag}.build`, `wasm ${name}: build manifest, 1 thread`, times(() => ctx.buildManifest(data).close()));
  emit(`wasm.${tag}.verify`, `wasm ${name}: verify full, 1 thread`, times(() => {
    const r = ctx.verify(m, data);
    if (r.summary.verdict !== 'ok') throw new Error(`verdict ${r.summary.verdict}`);
    r.close();
  }));
  m.close();
  ctx.close?.();
  console.error(`  wasm ${name}`);
}
// The modules' own sizes (issue 6 asks for them next to the throughput).
const bytesOf = (path) => (path ? statSync(path).size : null);
console.log(JSON.stringify({ id: 'wasm.setup', node: process.version, size: len, reps, warmup: 1,
                             wasm_bytes_simd: bytesOf(simdPath), wasm_bytes_nosimd: bytesOf(noSimdPath) }));
