/**
 * A variant measured by tools/eval-dedup.ts --title-sim and not kept (docs/dedup.md,
 * "Similar titles"): accept a pair under the body thresholds when the titles are alike.
 *
 * Most re-posts the deduplicator still misses on 泰迪杯 are retold in other words under an
 * edited title, at body Jaccard 0.15-0.4. The variant asks whether title likeness can carry
 * such pairs: deployed rule, or title bigram Jaccard ≥ T with body Jaccard ≥ J, containment
 * ≥ C and no conflicting name or number in the bodies. Candidates are ideal (every labelled
 * pair on 泰迪杯; on the simulator every pair with alike titles is added), so the figures are
 * the variant's best case.
 */
import { compareSets } from '../src/dedup/similarity.js';
import { canonicalChars, type DedupInput } from '../src/dedup/text.js';

/** Character bigrams of a title's letters and digits. */
export function titleBigrams(title: string | null | undefined): Set<string> {
  const chars = canonicalChars(title ?? '');
  const out = new Set<string>();
  for (let i = 0; i + 2 <= chars.length; i++) out.add(chars.slice(i, i + 2));
  return out;
}

/** Jaccard of two titles' bigrams; a title without any (empty or one character) is like no other. */
export function bigramJaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  return a.size === 0 || b.size === 0 ? 0 : compareSets(a, b).jaccard;
}

export interface TitleVariant {
  name: string;
  title: number;
  jaccard: number;
  containment: number;
}

/** The grid printed: three body floors, loose to strict (the stricter, the fewer simulator pairs it lets through). */
export const TITLE_VARIANTS: TitleVariant[] = [0.3, 0.5].flatMap((title) =>
  [
    [0.15, 0.4],
    [0.2, 0.5],
    [0.3, 0.55],
  ].map(([jaccard = 0, containment = 0]) => ({ name: `title bigram Jaccard >= ${title}, body Jaccard >= ${jaccard}, containment >= ${containment}`, title, jaccard, containment })),
);

/** Every pair of `ids` whose titles reach `min` bigram Jaccard (n² title comparisons; fine for a few thousand). */
export function alikeTitlePairs(ids: string[], inputs: Map<string, DedupInput>, min = 0.3): Array<[string, string]> {
  const grams = ids.map((id) => titleBigrams(inputs.get(id)?.title));
  const out: Array<[string, string]> = [];
  for (let i = 0; i < ids.length; i++) {
    for (let j = i + 1; j < ids.length; j++) {
      if (bigramJaccard(grams[i] as Set<string>, grams[j] as Set<string>) >= min) out.push([ids[i] as string, ids[j] as string]);
    }
  }
  return out;
}
