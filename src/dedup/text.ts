/**
 * The text that deduplication compares: title plus body of the normalized (Simplified,
 * cleaned) message, boilerplate removed, then reduced to letters and digits so that
 * whitespace, punctuation and masked numbers (138****1234) never decide similarity.
 */
import { createHash } from 'node:crypto';

import { stripBoilerplate } from './boilerplate.js';

/** What dedup needs of a message; NormalizedMessage and MessageRecord both fit. */
export interface DedupInput {
  title: string;
  body: string;
  /** Where the message is about; used by the region guard. */
  region?: { code: string | null } | null;
  /** Source and author; together they identify a petitioner's follow-ups (author.ts). */
  source?: string | null;
  author?: string | null;
}

const NON_TEXT = /[^\p{L}\p{N}]+/gu;

/** Lower-cased letters and digits only (Han characters are letters). */
export function canonicalChars(s: string): string {
  return s.toLowerCase().replace(NON_TEXT, '');
}

/**
 * sha256 of title and body with whitespace and punctuation removed: equal for posts that
 * are the same text under different ids or boards.
 */
export function exactTextHash(m: DedupInput): string {
  return createHash('sha256')
    .update(`${canonicalChars(m.title)}\u0000${canonicalChars(m.body)}`)
    .digest('hex');
}

/**
 * The comparison text: boilerplate-stripped title and body. If stripping leaves almost
 * nothing (a message that is all greeting), the unstripped text is used, so such messages
 * only match their exact copies.
 */
export function dedupText(m: DedupInput): string {
  const stripped = canonicalChars(`${stripBoilerplate(m.title)}\n${stripBoilerplate(m.body)}`);
  if (stripped.length >= MIN_STRIPPED_CHARS) return stripped;
  return canonicalChars(`${m.title}\n${m.body}`);
}

/** Below this many characters a stripped text is too short to compare on its own. */
export const MIN_STRIPPED_CHARS = 8;
