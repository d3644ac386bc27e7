// libvalidate for JavaScript (Node.js 20): the C library compiled to
// WebAssembly (see build.sh), behind a small wrapper.
//
//   import { load } from './libvalidate.mjs';
//   const vld = await load();              // compiled module cached per path
//   const ctx = vld.context({ chunkSize: 65536 });
//   const m = ctx.buildManifest(bytes);
//   const saved = m.serialize();           // Uint8Array, same bytes as C
//   const r = ctx.set('depth', 'full').verify(ctx.loadManifest(saved), bytes);
//   r.summary.verdict, r.ranges            // 'ok' | 'corrupt' | 'length-mismatch'
//
// Handles have close() (and Symbol.dispose); garbage collection frees them
// too, as a safety net.
import { instantiate } from './js/runtime.mjs';
import { Context } from './js/context.mjs';

export { VldError, VldManifestError, VldArgumentError, VldMemoryError, VldStateError, VldStoppedError } from './js/errors.mjs';
export { Context } from './js/context.mjs';
export { Manifest } from './js/manifest.mjs';
export { Report } from './js/report.mjs';
export { VerifyStream, Builder } from './js/streams.mjs';

/** One instance of the library: its own wasm memory. */
export class Libvalidate {
  constructor(rt) { this._rt = rt; }
  /** Run-time library version, e.g. '0.1.0'. */
  get version() { return this._rt.cstring(this._rt.x.vld_version_string()); }
  /** The .wasm this instance runs. */
  get path() { return this._rt.path; }
  /** A new context with the given parameters ({ depth: 'sampled', chunkSize: 65536, ... }). */
  context(params) { return new Context(this._rt, params); }
}

/** Load (and cache the compilation of) libvalidate.wasm: VLD_WASM or the build-wasm tree by default. */
export async function load({ path } = {}) {
  return new Libvalidate(await instantiate(path));
}
