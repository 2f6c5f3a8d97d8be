/** Everything dedup stores about one message, computed once per message version. */
import { authorKey, titleKey } from './author.js';
import { bandKeys, minhashSignature } from './minhash.js';
import { shingleSet } from './shingles.js';
import { dedupText, exactTextHash, type DedupInput } from './text.js';

export interface Fingerprint {
  /** Exact-duplicate key: sha256 of whitespace/punctuation-free title and body. */
  textHash: string;
  /** Boilerplate-stripped comparison text (letters and digits only). */
  text: string;
  /** LSH band keys of the MinHash signature of `text`. */
  bands: string[];
  /** 6-digit division code of the message's place, when known. */
  regionCode: string | null;
  /** Hash of source and author when the author identifies a person (author.ts), else null. */
  authorKey: string | null;
  /** Hash of the title (author.ts `titleKey`), null for a short one; compared only within one author. */
  titleKey: string | null;
}

/** The exact-copy key of a fingerprint in the index lists. */
export const exactKeyOf = (fp: Fingerprint): string => `x:${fp.textHash}`;

/** The identified-author key of a fingerprint in the index lists; null without one. */
export const authorKeyOf = (fp: Fingerprint): string | null => (fp.authorKey === null ? null : `a:${fp.authorKey}`);

/**
 * The index lists a message goes into: its exact-copy key, its identified author's key
 * (author.ts: a follow-up in new words shares few bands), and its LSH band keys.
 */
export function indexKeys(fp: Fingerprint): string[] {
  const author = authorKeyOf(fp);
  return author === null ? [exactKeyOf(fp), ...fp.bands] : [exactKeyOf(fp), author, ...fp.bands];
}

/** Computes the fingerprint of a message. */
export function fingerprint(m: DedupInput): Fingerprint {
  const text = dedupText(m);
  const regionCode = m.region?.code ?? null;
  return {
    textHash: exactTextHash(m), text, bands: bandKeys(minhashSignature(shingleSet(text))), regionCode,
    authorKey: authorKey(m.source, m.author),
    titleKey: titleKey(m.title),
  };
}
