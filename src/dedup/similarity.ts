/**
 * The confirming measure for LSH candidates. MinHash only proposes; two messages are the
 * same issue when the exact shingle sets of their stripped texts are close enough:
 * - Jaccard ≥ JACCARD_MIN (cross-posts, light edits), or
 * - containment ≥ CONTAINMENT_MIN, i.e. most of the smaller text is inside the larger one
 *   (a re-post that drops a sentence or adds a paragraph "再次反映…"), provided the smaller
 *   text is long enough that containment is not an accident of a short text.
 * Below a Jaccard of SPECIFICS_JACCARD_MAX, a pair whose texts differ in an aligned name or
 * number (specifics.ts) is two issues written from the same sentences, not a re-post.
 * Two messages by the same identified author on one board (author.ts) are a follow-up at
 * lower overlap, AUTHOR_JACCARD_MIN or AUTHOR_CONTAINMENT_MIN, and a changed date or count
 * is the author's update, not a second issue, so the specifics check does not apply.
 * The thresholds come from the measurements in docs/dedup.md.
 */
import { shingleSet } from './shingles.js';
import { specificConflicts } from './specifics.js';

export const JACCARD_MIN = 0.4;
export const CONTAINMENT_MIN = 0.7;
/** Containment alone needs at least this many shingles in the smaller text. */
export const CONTAINMENT_MIN_SHINGLES = 30;

export interface Similarity {
  jaccard: number;
  containment: number;
  smaller: number;
}

/** Jaccard and containment of two shingle sets (hashed shingles here; any set of equal values works). */
export function compareSets<T>(a: ReadonlySet<T>, b: ReadonlySet<T>): Similarity {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let inter = 0;
  for (const x of small) if (large.has(x)) inter++;
  const union = a.size + b.size - inter;
  return {
    jaccard: union === 0 ? 1 : inter / union,
    containment: small.size === 0 ? 0 : inter / small.size,
    smaller: small.size,
  };
}

/** Whether a similarity means "same issue". */
export function isSameIssue(s: Similarity): boolean {
  if (s.jaccard >= JACCARD_MIN) return true;
  return s.containment >= CONTAINMENT_MIN && s.smaller >= CONTAINMENT_MIN_SHINGLES;
}

/** Thresholds for two messages by the same identified author (see the file comment). */
export const AUTHOR_JACCARD_MIN = 0.3;
export const AUTHOR_CONTAINMENT_MIN = 0.5;

/** Whether a similarity means "same issue" for two messages by the same identified author. */
export function isSameAuthorFollowUp(s: Similarity): boolean {
  if (s.jaccard >= AUTHOR_JACCARD_MIN) return true;
  return s.containment >= AUTHOR_CONTAINMENT_MIN && s.smaller >= CONTAINMENT_MIN_SHINGLES;
}

/** At or above this Jaccard a pair is one issue even if a name or number differs (a re-post that corrects one). */
export const SPECIFICS_JACCARD_MAX = 0.7;

/**
 * The full confirmation of two comparison texts with their similarity: close enough, and
 * no differing name or number where the texts run in parallel; for two messages by the same
 * identified author, the follow-up thresholds alone, or none at all under the same title
 * (`sameTitle`, 重复留言).
 */
export function confirmSameIssue(a: string, b: string, s: Similarity = compareTexts(a, b), sameAuthor = false, sameTitle = false): boolean {
  if (sameAuthor && (sameTitle || isSameAuthorFollowUp(s))) return true;
  return isSameIssue(s) && specificsAllow(s, () => specificConflicts(a, b).length > 0);
}

/**
 * The specifics rule on its own: a pair passes at or above the Jaccard bound, or when its
 * texts have no conflicting name or number (`conflicting` is only called below the bound).
 */
export function specificsAllow(s: Similarity, conflicting: () => boolean, bound = SPECIFICS_JACCARD_MAX): boolean {
  return s.jaccard >= bound || !conflicting();
}

/** Compares two dedup texts (see dedupText). */
export function compareTexts(a: string, b: string): Similarity {
  return compareSets(shingleSet(a), shingleSet(b));
}
