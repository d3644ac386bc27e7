// Errors: every negative vld_status becomes a VldError (or a subclass by
// concern) carrying the C status name and message plus the context's detail.
// Misuse that never reaches C (closed handles, wrong types) throws the
// ordinary JS TypeError, so callers can tell a bug from bad data.

export class VldError extends Error {
  constructor(code, name, message, detail) {
    super(detail ? `${name}: ${message}: ${detail}` : `${name}: ${message}`);
    this.code = code;       // the numeric vld_status, e.g. -24
    this.status = name;     // its C name, e.g. 'VLD_E_MANIFEST_CHECKSUM'
    this.detail = detail || '';
  }
  get name() { return this.constructor.name; }
}
/** A serialized manifest that failed a reading rule (docs/manifest-format.md). */
export class VldManifestError extends VldError {}
/** A bad argument or parameter value, caught by the library. */
export class VldArgumentError extends VldError {}
/** The library or wasm memory ran out of room. */
export class VldMemoryError extends VldError {}
/** A call the handle's state does not allow (e.g. update after finish). */
export class VldStateError extends VldError {}
/** Cancelled or aborted by a callback; a partial report may be attached. */
export class VldStoppedError extends VldError {}

const MANIFEST = new Set([-20, -21, -22, -23, -24, -25, -26, -27]);
const ARGUMENT = new Set([-1, -2, -3, -5, -6, -8, -9]);

export function errorFor(code, name, message, detail) {
  const Class = MANIFEST.has(code) ? VldManifestError
    : ARGUMENT.has(code) ? VldArgumentError
    : code === -4 ? VldMemoryError
    : code === -7 ? VldStateError
    : code === -60 || code === -61 ? VldStoppedError
    : VldError;
  return new Class(code, name, message, detail);
}
