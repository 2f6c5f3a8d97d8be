/**
 * MinHash signatures and LSH band keys. A signature of BANDS × ROWS minimums estimates the
 * Jaccard similarity of two shingle sets; two messages share at least one band key with
 * probability 1 - (1 - J^ROWS)^BANDS, so band keys stored in an index find candidates
 * without comparing against every message.
 */
import { fmix32, hashString } from './shingles.js';

/** LSH bands; with ROWS = 3 the candidate threshold is about (1/BANDS)^(1/ROWS) ≈ 0.29. */
export const BANDS = 42;
/** Rows per band. */
export const ROWS = 3;
/** Signature length. */
export const NUM_HASHES = BANDS * ROWS;

// Fixed seeds (splitmix32 from a constant): signatures must be equal across processes,
// restarts and versions of this program, or stored band keys would stop matching.
const SEEDS: Uint32Array = (() => {
  const seeds = new Uint32Array(NUM_HASHES);
  let state = 0x9e3779b9;
  for (let i = 0; i < NUM_HASHES; i++) {
    state = (state + 0x9e3779b9) >>> 0;
    seeds[i] = fmix32(state ^ 0x5bd1e995);
  }
  return seeds;
})();

/** The MinHash signature of a shingle set (all 0xffffffff for an empty set). */
export function minhashSignature(shingles: Iterable<number>): Uint32Array {
  const sig = new Uint32Array(NUM_HASHES).fill(0xffffffff);
  for (const x of shingles) {
    for (let i = 0; i < NUM_HASHES; i++) {
      const v = fmix32(x ^ (SEEDS[i] ?? 0));
      if (v < (sig[i] ?? 0)) sig[i] = v;
    }
  }
  return sig;
}

/** The fraction of equal positions: an estimate of Jaccard similarity. */
export function estimateJaccard(a: Uint32Array, b: Uint32Array): number {
  let same = 0;
  for (let i = 0; i < NUM_HASHES; i++) if (a[i] === b[i]) same++;
  return same / NUM_HASHES;
}

/** One key per band, `${band}:${hex}`; 64 bits of hash per band keeps false collisions negligible. */
export function bandKeys(sig: Uint32Array): string[] {
  const keys: string[] = [];
  for (let b = 0; b < BANDS; b++) {
    const rows = Array.from(sig.subarray(b * ROWS, (b + 1) * ROWS)).join(',');
    const hi = hashString(rows, 0x811c9dc5);
    const lo = hashString(rows, 0x01000193 ^ b);
    keys.push(`${b}:${hi.toString(16).padStart(8, '0')}${lo.toString(16).padStart(8, '0')}`);
  }
  return keys;
}
