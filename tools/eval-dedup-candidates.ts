/**
 * Candidate pairs for the dedup evaluations (tools/eval-dedup.ts, tools/tipdm-label-sheet.ts):
 * every pair the in-memory LSH index proposes with acceptance off, plus extra pairs from a
 * label net, each pair once.
 */
import { MemoryDedupIndex } from '../src/dedup/memory-index.js';
import type { DedupInput } from '../src/dedup/text.js';

/** One key per unordered pair. */
export function pairKey(a: string, b: string): string {
  return a < b ? `${a}|${b}` : `${b}|${a}`;
}

export interface Candidates {
  /** LSH pairs first, in the order the index found them, then extra pairs not among them. */
  pairs: Array<[string, string]>;
  /** Keys of the pairs LSH proposes (the pipeline confirms only these). */
  proposed: Set<string>;
}

export function candidatePairs(ids: string[], inputs: Map<string, DedupInput>, extra: Iterable<[string, string]>): Candidates {
  const all = new MemoryDedupIndex({ accept: () => true, regionGuard: false });
  for (const id of ids) all.add(id, inputs.get(id) as DedupInput);
  const keys = new Map<string, [string, string]>();
  for (const [a, b] of all.pairs) keys.set(pairKey(a, b), [a, b]);
  const proposed = new Set(keys.keys());
  for (const [a, b] of extra) keys.set(pairKey(a, b), [a, b]);
  return { pairs: [...keys.values()], proposed };
}
