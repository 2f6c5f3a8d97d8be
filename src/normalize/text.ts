/**
 * Text cleaning for titles, bodies and replies. `normalizeText` is idempotent:
 * normalizeText(normalizeText(s)) === normalizeText(s) (checked with fast-check), so records
 * can be re-normalized after a rule change without drifting.
 */
import { toSimplified } from './chinese.js';
import { htmlToText, stripHighlight } from './html.js';

/** Options for {@link normalizeText}. */
export interface NormalizeTextOptions {
  /**
   * The input is HTML: tags go, entities are decoded, <p>/<br>/<div> become line breaks.
   * @default false
   */
  html?: boolean;
  /**
   * Convert Traditional runs to Simplified.
   * @default true
   */
  simplify?: boolean;
}

// Zero-width characters (ZWSP, ZWNJ, ZWJ, word joiner, BOM) and soft hyphens carry no text;
// mirrored pages and copy-paste from Word leave them between Han characters.
const ZERO_WIDTH = /[\u200B-\u200D\u2060\uFEFF\u00AD]/g;
// NBSP, ideographic space (U+3000, used for paragraph indents), the U+2000 family, tabs.
const ODD_SPACE = /[\t\v\f\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000]/g;
const CR = /\r\n?/g;

/** Removes zero-width characters and maps every space variant and CR/CRLF to ' ' and '\n'. */
export function normalizeSpaces(s: string): string {
  return s.replace(CR, '\n').replace(ZERO_WIDTH, '').replace(ODD_SPACE, ' ');
}

// Full-width punctuation that Chinese text must keep (，。！？：；（）「」 …), plus … and ―
// which NFKC would turn into ASCII. Half-width CJK forms (U+FF61-FF64 ｡｢｣､) are not listed so
// that NFKC turns them into the full forms 。「」、.
const KEEP_PUNCT = /[\u3000-\u303F\uFF01-\uFF0F\uFF1A-\uFF20\uFF3B-\uFF40\uFF5B-\uFF60\u2026\u2015]/;
const NOT_KEEP_RUN = /[^\u3000-\u303F\uFF01-\uFF0F\uFF1A-\uFF20\uFF3B-\uFF40\uFF5B-\uFF60\u2026\u2015]+/g;

// Characters NFKC never changes or that we keep anyway: ASCII, CJK punctuation, the URO
// ideographs, kept full-width punctuation, curly quotes, dashes. Most board text is only these,
// so one compiled regex test skips the (allocating) normalize call.
const NFKC_CANDIDATE = /[^\x00-\x9F\u2013-\u2014\u2018-\u201D\u2026\u3001-\u303F\u4E00-\u9FFF\uFF01-\uFF0F\uFF1A-\uFF20\uFF3B-\uFF40\uFF5B-\uFF60]/;

/** NFKC (full-width letters and digits → ASCII) that leaves Chinese punctuation alone. */
export function nfkcKeepingPunctuation(s: string): string {
  if (!NFKC_CANDIDATE.test(s)) return s;
  const all = s.normalize('NFKC');
  if (all === s) return s;
  if (!KEEP_PUNCT.test(s)) return all;
  return s.replace(NOT_KEEP_RUN, (run) => run.normalize('NFKC'));
}

const TONE = 'āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ';
const SYLLABLE = `[a-zü]{0,5}[${TONE}][a-zü${TONE}]{0,5}`;
// A Han character followed by one or more parenthesised, tone-marked pinyin groups: 來(lái),
// 網（wǎng）, 来自(lái zì). Requiring a tone mark keeps (2021), (de) and （咨询） untouched.
const PINYIN_NOTE = new RegExp(
  `(\\p{Script=Han})(?:[(（] *${SYLLABLE}(?:[ '’]${SYLLABLE})* *[)）])+`,
  'gu',
);

/** Removes inline pinyin annotations after Han characters (來(lái) → 來). */
export function removePinyinAnnotations(s: string): string {
  if (!s.includes('(') && !s.includes('（')) return s;
  return s.replace(PINYIN_NOTE, '$1');
}

const MULTI_SPACE = / {2,}/g;
const EDGE_SPACE = /^ +| +$/gm;
const MANY_BREAKS = /\n{3,}/g;

/** Collapses space runs, trims each line, keeps at most one blank line between paragraphs. */
export function collapseWhitespace(s: string): string {
  return s.replace(MULTI_SPACE, ' ').replace(EDGE_SPACE, '').replace(MANY_BREAKS, '\n\n').trim();
}

const SPACE_BEFORE_CLOSE = / +(?=[，。！？：；、）」』】》])/g;
const SPACE_AFTER_OPEN = /([（「『【《]) +/g;
const PAUSE_BEFORE_STOP = /[，、；：]+(?=[。！？])/g;
const PAUSE_AFTER_STOP = /([。！？])[，、]+/g;
const TRIPLE_STOP = /。{3,}/g;
const DOUBLE_STOP = /。。/g;
const DOUBLE_PAUSE = /([，、；：])\1+/g;

/**
 * Repairs doubled and misplaced punctuation: ，， → ，; ，。 → 。; 。， → 。; 。。 → 。;
 * 。。。 → …… (netizens' ellipsis). ！！ and ？？ are kept: they are emphasis, not errors.
 */
export function repairPunctuation(s: string): string {
  if (!/[，。！？：；、（「『【《]/.test(s)) return s;
  return s
    .replace(SPACE_BEFORE_CLOSE, '')
    .replace(SPACE_AFTER_OPEN, '$1')
    .replace(PAUSE_BEFORE_STOP, '')
    .replace(PAUSE_AFTER_STOP, '$1')
    .replace(TRIPLE_STOP, '……')
    .replace(DOUBLE_STOP, '。')
    .replace(DOUBLE_PAUSE, '$1');
}

/**
 * Cleans one text field: markup, spaces, NFKC, pinyin notes, Traditional → Simplified,
 * whitespace and punctuation, in that order (conversion after pinyin removal so that 來(lái)自
 * converts as one run; punctuation after whitespace so removed spaces cannot re-double it).
 */
export function normalizeText(s: string, options: NormalizeTextOptions = {}): string {
  let t = options.html === true ? htmlToText(s) : stripHighlight(s);
  t = normalizeSpaces(t);
  t = nfkcKeepingPunctuation(t);
  t = removePinyinAnnotations(t);
  if (options.simplify !== false) t = toSimplified(t);
  t = collapseWhitespace(t);
  return repairPunctuation(t);
}
