/**
 * The same author on the same board. Most 重复留言 are one petitioner asking again, often
 * in new words: on the hand-labelled 泰迪杯 sample (docs/dedup.md) most missed re-posts
 * are such follow-ups, at Jaccard 0.3-0.4 where two different petitions written from one
 * template also sit. The author tells them apart, but only where it identifies a person:
 * an account name, a 来信人, an office's petitioner id. Masked nicknames (`陈***`,
 * `18********5`, as 人民网 publishes them) are shared by thousands and identify no one, and
 * placeholder names (匿名, 网友) no more; neither gets a key.
 *
 * The key is a hash of source and author, so the index never stores the name itself, and
 * an account on one site is never taken for the same name on another.
 */
import { createHash } from 'node:crypto';

import { canonicalChars } from './text.js';

/** Masking characters boards use in published nicknames. */
const MASK = /[*＊●•·…]|\.{2,}/u;

/** Placeholders boards and exports put where no author is given (compared without spaces, lower-cased). */
const PLACEHOLDERS = new Set([
  '匿名', '匿名用户', '匿名网友', '网友', '游客', '访客', '市民', '热心市民', '群众', '居民', '村民', '业主', '家长',
  '无', '无名', '未知', '不详', '暂无', '保密', '来信人', '用户', '某某', 'null', 'none', 'anonymous', 'guest', 'unknown', 'n/a',
]);

/** Shortest author that can identify someone (a one-character name is a surname). */
const MIN_CHARS = 2;

/** Whether an author string identifies a person rather than a masked or placeholder name. */
export function isDistinctiveAuthor(author: string | null | undefined): author is string {
  if (!author) return false;
  const a = comparable(author);
  if (Array.from(a).length < MIN_CHARS || MASK.test(a)) return false;
  return !PLACEHOLDERS.has(a);
}

/** Spacing and case do not tell two authors apart. */
function comparable(author: string): string {
  return author.replace(/\s+/gu, '').toLowerCase();
}

/**
 * The author key of a message: 16 hex digits of sha256 over source and author, or null
 * when the author does not identify a person (see isDistinctiveAuthor) or the source is unknown.
 */
export function authorKey(source: string | null | undefined, author: string | null | undefined): string | null {
  if (!source || !isDistinctiveAuthor(author)) return null;
  return createHash('sha256').update(`${source}\u0000${comparable(author)}`).digest('hex').slice(0, 16);
}

/** Shortest canonical title that names a matter rather than a kind of post (反映问题, 咨询). */
export const TITLE_MIN_CHARS = 6;

/**
 * The title key of a message: 16 hex digits of sha256 over its title reduced to letters and
 * digits, or null for a title shorter than TITLE_MIN_CHARS. One identified author posting
 * again under the same title is 重复留言 by the offices' own definition, however the body is
 * reworded (docs/dedup.md, "Same author").
 */
export function titleKey(title: string | null | undefined): string | null {
  const t = canonicalChars(title ?? '');
  if (Array.from(t).length < TITLE_MIN_CHARS) return null;
  return createHash('sha256').update(t).digest('hex').slice(0, 16);
}

/**
 * Whether two author keys (or two title keys) name the same known author (or title): an
 * unknown key, null, matches nothing, not even another null.
 */
export function sameKey(a: string | null, b: string | null | undefined): boolean {
  return a !== null && a === b;
}
