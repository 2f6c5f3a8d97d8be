/**
 * Character shingles: every run of `k` consecutive characters, hashed to 32 bits. Chinese
 * has no word boundaries, and character n-grams are robust to the edits re-posts make
 * (a prefix, a dropped sentence) without needing a segmenter.
 */

/** Shingle length in characters; see docs/dedup.md for the measurements behind it. */
export const SHINGLE_SIZE = 3;

/** FNV-1a over UTF-16 code units, then a murmur3 finalizer for avalanche. */
export function hashString(s: string, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return fmix32(h);
}

/** murmur3's 32-bit finalizer. */
export function fmix32(x: number): number {
  let h = x >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * The set of hashed k-shingles of a text. A text shorter than k yields one shingle (the
 * whole text), so short texts still compare equal to their copies.
 */
export function shingleSet(text: string, k = SHINGLE_SIZE): Set<number> {
  const chars = Array.from(text);
  const out = new Set<number>();
  if (chars.length === 0) return out;
  if (chars.length < k) {
    out.add(hashString(chars.join('')));
    return out;
  }
  for (let i = 0; i + k <= chars.length; i++) out.add(hashString(chars.slice(i, i + k).join('')));
  return out;
}
