/**
 * A variant measured by tools/eval-dedup.ts --swapped (docs/dedup.md): refuse a pair in which
 * each text, at the same place between shared runs, says something the other does not say at
 * all. The simulator's remaining wrong merges are petitions built from one topic's sentences
 * that differ in one whole fact sentence (opening + F1 + F2 + impact / opening + F1 + F3 +
 * impact); a re-post edits within sentences or adds on one side.
 */
import { commonRuns } from '../src/dedup/specifics.js';

export interface SwapParams {
  /** Shared runs at least this long anchor the alignment (sentence pieces, not chance characters). */
  anchor: number;
  /** Both gaps at least this long: a whole sentence each. */
  gap: number;
  /** The two gaps share at most this share of the smaller one's bigrams. */
  overlap: number;
}

export const SWAP_VARIANTS: SwapParams[] = [
  { anchor: 4, gap: 10, overlap: 0.2 },
  { anchor: 4, gap: 16, overlap: 0.2 },
  { anchor: 6, gap: 12, overlap: 0.3 },
];

function bigrams(s: string): Set<string> {
  const out = new Set<string>();
  for (let i = 0; i + 2 <= s.length; i++) out.add(s.slice(i, i + 2));
  return out;
}

/** Share of x's bigrams for which `has` holds (found in the other gap, or anywhere in the other text). */
function shareIn(x: Set<string>, has: (g: string) => boolean): number {
  if (x.size === 0) return 0;
  let n = 0;
  for (const g of x) if (has(g)) n++;
  return n / x.size;
}

/** Whether the two comparison texts have an aligned pair of long gaps with unrelated content. */
export function swappedFact(a: string, b: string, p: SwapParams): boolean {
  if (a.length * b.length > 4_000_000 || a.length === 0 || b.length === 0) return false;
  const anchors: Array<[number, number, number]> = [[0, 0, 0], ...commonRuns(a, b).filter((r) => r[2] >= p.anchor), [a.length, b.length, 0]];
  for (let k = 0; k + 1 < anchors.length; k++) {
    const [pa, pb, pl] = anchors[k] as [number, number, number];
    const [na, nb] = anchors[k + 1] as [number, number, number];
    const ga = a.slice(pa + pl, na);
    const gb = b.slice(pb + pl, nb);
    if (ga.length < p.gap || gb.length < p.gap) continue;
    const [xa, xb] = [bigrams(ga), bigrams(gb)];
    const [small, large] = xa.size <= xb.size ? [xa, xb] : [xb, xa];
    if (shareIn(small, (g) => large.has(g)) > p.overlap) continue;
    // A sentence moved elsewhere in the other text is not a different fact.
    if (shareIn(xa, (g) => b.includes(g)) > 0.5 || shareIn(xb, (g) => a.includes(g)) > 0.5) continue;
    return true;
  }
  return false;
}
