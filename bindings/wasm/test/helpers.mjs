// Shared by the tests: the library instance, the vector file and its input
// pattern (tests/vectors/manifests.json, _comment), and the native CLI.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { load } from '../libvalidate.mjs';

const top = fileURLToPath(new URL('../../../', import.meta.url));
export const vectorsPath = process.env.VLD_TEST_VECTORS || `${top}tests/vectors/manifests.json`;
export const vectors = () => JSON.parse(readFileSync(vectorsPath, 'utf8'));
/** The native `vld` (meson test passes it; else the default build tree). */
export const nativeCli = process.env.VLD_CLI || `${top}build/cli/vld`;

export const vld = await load();

/** byte i = (((i + seed) * 2654435761) mod 2^32) >> 24 */
export function pattern(length, seed) {
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) out[i] = Math.imul((i + seed) >>> 0, 2654435761) >>> 24;
  return out;
}

export const hex = (u8) => Buffer.from(u8).toString('hex');
