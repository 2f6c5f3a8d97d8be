/** Everything dedup stores about one message, computed once per message version. */
import { authorKey } from './author.js';
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
}

/** Computes the fingerprint of a message. */
export function fingerprint(m: DedupInput): Fingerprint {
  const text = dedupText(m);
  const regionCode = m.region?.code ?? null;
  return {
    textHash: exactTextHash(m), text, bands: bandKeys(minhashSignature(shingleSet(text))), regionCode,
    authorKey: authorKey(m.source, m.author),
  };
}
