// Throughput of libvalidate.wasm against the native library, one thread
// each, same bytes, best of N. Run from the repository root:
//   node --disable-warning=ExperimentalWarning bindings/wasm/bench.mjs [MiB] [repeats]
// It builds the SIMD and non-SIMD modules (build.sh) and compiles
// bench/native.c against build/lib (NATIVE_BUILD overrides), then prints MB/s.
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { load } from './libvalidate.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
const top = join(here, '../..');
const mib = Number(process.argv[2] || 256);
const reps = Number(process.argv[3] || 5);
const len = mib << 20;

function best(fn) {
  let t = Infinity;
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    fn();
    t = Math.min(t, performance.now() - t0);
  }
  return Math.round(len / 1e3 / t); // MB/s
}

async function wasm(flags) {
  const path = execFileSync(join(here, 'build.sh'), flags, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  const vld = await load({ path });
  const ctx = vld.context({ depth: 'full' });
  const data = new Uint8Array(len);
  for (let i = 0; i < len; i++) data[i] = Math.imul(i, 2654435761) >>> 24;
  const m = ctx.buildManifest(data);
  return { build: best(() => ctx.buildManifest(data).close()), verify: best(() => ctx.verify(m, data).close()) };
}

function native() {
  const build = process.env.NATIVE_BUILD || join(top, 'build');
  const exe = join(mkdtempSync(join(tmpdir(), 'vld-bench-')), 'native');
  execFileSync('cc', ['-O2', '-I', join(top, 'include'), join(here, 'bench/native.c'), '-o', exe,
    '-L', join(build, 'lib'), '-lvalidate', `-Wl,-rpath,${join(build, 'lib')}`]);
  const [b, v] = execFileSync(exe, [String(mib), String(reps)], { encoding: 'utf8' }).trim().split(' ').map(Number);
  return { build: b, verify: v };
}

const rows = {
  'native (1 thread)': native(),
  'wasm -msimd128': await wasm([]),
  'wasm no SIMD': await wasm(['--no-simd']),
};
console.log(`${mib} MiB, best of ${reps}, MB/s (build manifest / verify full)`);
for (const [name, r] of Object.entries(rows))
  console.log(`${name.padEnd(20)} ${String(r.build).padStart(6)} ${String(r.verify).padStart(6)}` +
    `  (${Math.round(100 * r.verify / rows['native (1 thread)'].verify)}% of native verify)`);
