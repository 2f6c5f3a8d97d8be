/**
 * Traditional → Simplified conversion that never touches Simplified text.
 *
 * Why not just run opencc-js over everything: its T→S dictionaries also hold characters that
 * are valid Simplified (乾 → 干 turns 乾县 into 干县; the TW variant table maps 么 → 幺), so a
 * blanket conversion damages Simplified input. We therefore classify every character once from
 * opencc's own dictionaries and only convert "runs" that provably contain Traditional writing:
 *
 * - TRAD_ONLY: a character some T→S table changes AND that never appears as a Simplified form
 *   (not a value of TSCharacters, not a key of STCharacters). 們, 網, 陝 … but not 乾, 么, 台.
 * - SIMP_MARK: a character S→T changes that no T→S table knows (们, 网, 县 …): proof that the
 *   writer used Simplified; runs are split there.
 * - A run is a span of one line without a SIMP_MARK, minus the characters glued to a SIMP_MARK
 *   on either side (乾 in 乾县 stays). A run is converted (with
 *   opencc's phrase tables, so 天氣乾燥 → 天气干燥 and 乾縣 → 乾县) only if it holds at least one
 *   TRAD_ONLY character. Text with no TRAD_ONLY character is returned as the same string: this
 *   is the guarantee for Simplified input, and tests check it with fast-check.
 */
import { ConverterFactory } from 'opencc-js/core';
import type { DictGroup, DictLike } from 'opencc-js/core';
import * as cn2t from 'opencc-js/preset/cn2t';
import * as t2cn from 'opencc-js/preset/t2cn';

/** Which Traditional standard the input follows; `auto` picks hk or tw per text. */
export type TraditionalVariant = 'auto' | 't' | 'tw' | 'hk';
/** Script of a text as seen from its Han characters. */
export type Script = 'simplified' | 'traditional' | 'mixed' | 'none';
type Variant = Exclude<TraditionalVariant, 'auto'>;

const KIND_OTHER = 0; // not Han: always a run boundary
const KIND_SHARED = 1; // Han, valid in both scripts (or unknown to opencc)
const KIND_TRAD = 2; // Traditional-only
const KIND_SIMP = 3; // Simplified marker
const HK_HINT = 4; // bit flag: key of HKVariantsRev
const TW_HINT = 8; // bit flag: key of TWVariantsRev
const KIND_MASK = 3;

function entries(dict: DictLike): (readonly string[])[] {
  if (typeof dict !== 'string') return dict.map(([k, v]) => [k, v]);
  return dict.split('|').map((e) => e.split(' '));
}

function charEntries(group: DictGroup): (readonly string[])[] {
  // The last dictionary of each opencc group is the single-character table.
  const last = group[group.length - 1];
  return last === undefined ? [] : entries(last).filter((e) => [...(e[0] ?? '')].length === 1);
}

function isHan(cp: number): boolean {
  return (
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0x20000 && cp <= 0x3ffff)
  );
}

function phraseTexts(): string[] {
  const tsPhrases = firstGroup(t2cn.to['cn'])[0];
  const stPhrases = firstGroup(cn2t.from['cn'])[0];
  const out: string[] = [];
  if (tsPhrases !== undefined) for (const [, ...vs] of entries(tsPhrases)) out.push(...vs);
  if (stPhrases !== undefined) for (const [k] of entries(stPhrases)) if (k) out.push(k);
  return out;
}

function firstGroup(groups: readonly DictGroup[] | undefined): DictGroup {
  return groups?.[0] ?? [];
}

function buildTable(): Uint8Array {
  const table = new Uint8Array(0x40000);
  for (let cp = 0; cp < table.length; cp++) if (isHan(cp)) table[cp] = KIND_SHARED;
  const simplifiedForms = new Set<string>();
  const tradChanged = new Set<string>();
  const ts = charEntries(firstGroup(t2cn.to['cn']));
  for (const [k, ...vs] of ts) {
    vs.forEach((v) => simplifiedForms.add(v));
    if (k !== undefined && vs[0] !== k) tradChanged.add(k);
  }
  const st = charEntries(firstGroup(cn2t.from['cn']));
  for (const [k] of st) if (k !== undefined) simplifiedForms.add(k);
  // Characters kept in Simplified phrases (乾县 in TSPhrases' output, 著名 in STPhrases' input)
  // are valid Simplified even though the character tables convert them.
  for (const phrase of phraseTexts()) for (const ch of phrase) simplifiedForms.add(ch);
  const hk = charEntries(firstGroup(t2cn.from['hk']));
  const tw = charEntries(firstGroup(t2cn.from['tw']));
  for (const [k] of [...hk, ...tw]) if (k !== undefined) tradChanged.add(k);
  for (const k of tradChanged) if (!simplifiedForms.has(k)) setKind(table, k, KIND_TRAD);
  for (const [k, v] of st) {
    if (k !== undefined && v !== k && !tradChanged.has(k)) setKind(table, k, KIND_SIMP);
  }
  for (const [k] of hk) if (k !== undefined) orFlag(table, k, HK_HINT);
  for (const [k] of tw) if (k !== undefined) orFlag(table, k, TW_HINT);
  return table;
}

function setKind(table: Uint8Array, ch: string, kind: number): void {
  const cp = ch.codePointAt(0);
  if (cp !== undefined && cp < table.length) table[cp] = ((table[cp] ?? 0) & ~KIND_MASK) | kind;
}

function orFlag(table: Uint8Array, ch: string, flag: number): void {
  const cp = ch.codePointAt(0);
  if (cp !== undefined && cp < table.length) table[cp] = (table[cp] ?? 0) | flag;
}

let tableCache: Uint8Array | undefined;
function table(): Uint8Array {
  tableCache ??= buildTable();
  return tableCache;
}

function kindAt(cp: number): number {
  return cp < 0x40000 ? (table()[cp] ?? 0) & KIND_MASK : KIND_OTHER;
}

/** True for a character that only Traditional writing uses (e.g. 們, 網; not 乾 or 台). */
export function isTraditionalOnly(ch: string): boolean {
  return kindAt(ch.codePointAt(0) ?? 0) === KIND_TRAD;
}

/** True for a character that only Simplified writing uses (e.g. 们, 网, 县). */
export function isSimplifiedMarker(ch: string): boolean {
  return kindAt(ch.codePointAt(0) ?? 0) === KIND_SIMP;
}

/** True for a CJK ideograph (URO, Ext-A, compatibility block, supplementary planes). */
export function isHanCodePoint(cp: number): boolean {
  return isHan(cp);
}

const converters = new Map<Variant, (s: string) => string>();

/** The cached opencc-js T→S converter for one variant (built once per process). */
export function openccToSimplified(variant: Variant): (s: string) => string {
  let conv = converters.get(variant);
  if (conv === undefined) {
    const toCn = t2cn.to['cn'] ?? [];
    const from = variant === 't' ? [] : (t2cn.from[variant] ?? []);
    conv = ConverterFactory(...from, ...toCn);
    converters.set(variant, conv);
  }
  return conv;
}

/** Counts Traditional-only and Simplified-marker characters and tells the script apart. */
export function detectScript(text: string): Script {
  let trad = 0;
  let simp = 0;
  let han = 0;
  for (let i = 0; i < text.length; i++) {
    const cp = text.codePointAt(i) ?? 0;
    if (cp > 0xffff) i++;
    const kind = kindAt(cp);
    if (kind !== KIND_OTHER) han++;
    if (kind === KIND_TRAD) trad++;
    else if (kind === KIND_SIMP) simp++;
  }
  if (han === 0) return 'none';
  if (trad > 0) return simp > 0 ? 'mixed' : 'traditional';
  return 'simplified';
}

function pickVariant(text: string): Variant {
  // HK and TW differ mostly in variant glyphs (衞/衛, 着/著 …); count the hints and let the
  // majority decide, defaulting to TW (the more common source of Traditional text here).
  let hk = 0;
  let tw = 0;
  const t = table();
  for (let i = 0; i < text.length; i++) {
    const cp = text.charCodeAt(i);
    const v = t[cp] ?? 0;
    if ((v & KIND_MASK) !== KIND_TRAD) continue;
    if (v & HK_HINT) hk++;
    if (v & TW_HINT) tw++;
  }
  return hk > tw ? 'hk' : 'tw';
}

interface Run {
  start: number;
  end: number;
}

function kindOfUnit(text: string, i: number): number {
  return kindAt(text.codePointAt(i) ?? 0);
}

/**
 * Drops the Han characters that are glued to a Simplified marker (乾 in 乾县, 么 in 这么): they
 * belong to a Simplified word, so a run stops at the last space, punctuation or
 * Traditional-only character before them.
 */
function shrink(text: string, run: Run, simpBefore: boolean, simpAfter: boolean): Run {
  let { start, end } = run;
  if (simpAfter) {
    while (end > start) {
      const low = text.charCodeAt(end - 1);
      const at = low >= 0xdc00 && low <= 0xdfff ? end - 2 : end - 1;
      if (kindOfUnit(text, at) !== KIND_SHARED) break;
      end = at;
    }
  }
  if (simpBefore) {
    while (start < end && kindOfUnit(text, start) === KIND_SHARED) {
      start += (text.codePointAt(start) ?? 0) > 0xffff ? 2 : 1;
    }
  }
  return { start, end };
}

/**
 * Line segments between Simplified markers that contain a Traditional-only character. Spaces
 * and punctuation do not end a segment (OpenCC's own word lists are space-separated, and
 * 蘋果乾 芒果乾 must convert together); a Simplified marker or a line break does.
 */
function traditionalRuns(text: string): Run[] {
  const runs: Run[] = [];
  let start = 0;
  let hasTrad = false;
  let simpBefore = false;
  for (let i = 0; i <= text.length; i++) {
    const cp = i < text.length ? (text.codePointAt(i) ?? 0) : 0x0a;
    const kind = kindAt(cp);
    if (kind === KIND_TRAD) hasTrad = true;
    const isSimp = kind === KIND_SIMP;
    if (isSimp || cp === 0x0a) {
      if (hasTrad) runs.push(shrink(text, { start, end: i }, simpBefore, isSimp));
      simpBefore = isSimp;
      hasTrad = false;
      start = i + (cp > 0xffff ? 2 : 1);
    }
    if (cp > 0xffff) i++;
  }
  return runs;
}

function hasTraditionalOnly(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const cp = s.codePointAt(i) ?? 0;
    if (kindAt(cp) === KIND_TRAD) return true;
    if (cp > 0xffff) i++;
  }
  return false;
}

function codePoints(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0xdc00 || c > 0xdfff) n++;
  }
  return n;
}

/**
 * Opencc output for one run, or a character-by-character fallback should a phrase ever map to a
 * different number of characters (none in opencc-js 1.4.2; 鮆 → 𫚖 changes UTF-16 length only).
 */
function convertRun(run: string, conv: (s: string) => string): string {
  const out = conv(run);
  if (out.length === run.length || codePoints(out) === codePoints(run)) return out;
  return Array.from(run, (ch) => conv(ch)).join('');
}


/**
 * In auto mode a run may hold a glyph only the other regional table knows (衞 is HK-only); a
 * second pass with that table converts it, which is also what keeps normalization idempotent.
 */
function convertAuto(run: string, primary: Variant): string {
  const out = convertRun(run, openccToSimplified(primary));
  if (!hasTraditionalOnly(out)) return out;
  return convertRun(out, openccToSimplified(primary === 'hk' ? 'tw' : 'hk'));
}

/**
 * Converts the Traditional parts of `text` to Simplified; text without a Traditional-only
 * character is returned unchanged (the same string).
 * @default options.variant 'auto'
 */
export function toSimplified(text: string, options: { variant?: TraditionalVariant } = {}): string {
  const runs = traditionalRuns(text);
  if (runs.length === 0) return text;
  const variant = options.variant ?? 'auto';
  const primary = variant === 'auto' ? pickVariant(text) : variant;
  let out = '';
  let last = 0;
  for (const { start, end } of runs) {
    const run = text.slice(start, end);
    const converted =
      variant === 'auto' ? convertAuto(run, primary) : convertRun(run, openccToSimplified(primary));
    out += text.slice(last, start) + converted;
    last = end;
  }
  return out + text.slice(last);
}
