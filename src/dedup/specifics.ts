/**
 * Conflicting specifics: two texts written from the same sentences that differ, in the same
 * place of a shared sentence, in a name or a number (石桥村 / 黄土村, 5个月 / 4个月,
 * 康乐城 / 铂悦家园). Shingle overlap cannot see that one differing name outweighs the
 * shared frame; an alignment can.
 *
 * The texts are aligned by their longest common subsequence; common runs of at least
 * ANCHOR_MIN characters are anchors (the text ends count as anchors too), and between two
 * anchors each side has a gap. Two gaps conflict when
 * - both are numbers written the same way (digits, or Chinese numerals) and neither number
 *   with its unit (5个 of 5个月) occurs elsewhere in the other text, or
 * - the last NAME_WINDOW characters of each hold a name of one kind (estate, road, area, body:
 *   a stem of 2-4 non-grammatical characters before a suffix such as 村, 小区, 家园, 路,
 *   公司), the stems are not one name misspelt or shortened, and neither stem occurs in the
 *   other text (a moved name is no conflict). When the anchor after the gap begins inside
 *   the name (金桂|华府 / 翠湖|华府), the name runs into it if the whole gap is its head.
 *   Names in the first NAME_WINDOW characters of two long gaps are compared the same way
 *   (佳木斯市|开发区… / 佳木斯市|城关区…: titles that name their place right after shared text).
 * Two texts that share no number with its unit (so not two accounts of one long complaint,
 * which share figures and may update one of them) also conflict when
 * - both gaps open with different numbers before the same unit (生活了|12年 / 生活了|9年,
 *   a3区 / a5区), or
 * - a number stands after the same two characters and before the same unit in both texts,
 *   wherever its sentence sits (要走2公里 / 要走6公里 in sentences the alignment could not pair).
 * A re-post keeps its names and numbers and rewords around them, which shows as gaps on one
 * side only, as long gaps, or as grammatical words; those never conflict.
 * Measured on the simulator and the 泰迪杯 sample in docs/dedup.md ("Specifics").
 */

/** Common runs shorter than this are chance agreements, not anchors. */
const ANCHOR_MIN = 2;
/** How much of a gap, before the anchor that ends it, can hold a swapped name. */
const NAME_WINDOW = 8;
/** A differing number is a whole gap of at most this many digits or numerals on both sides. */
const NUMBER_GAP_MAX = 8;
/** A number in its sentence: the two characters before it, the digits, the unit after it. */
const KEYED_NUMBER = /(\p{Script=Han}{2})([0-9]+)(\p{Script=Han})/gu;
/** A number with its unit, as it opens a gap or is shared by two texts. */
const OPENING_NUMBER = /^([0-9]+)(\p{Script=Han})/u;
const NUMBER_WITH_UNIT = /[0-9]+\p{Script=Han}/gu;
/** Alignment cost is |a|·|b|; beyond this the texts are compared by shingles alone. */
const MAX_CELLS = 4_000_000;

/** Digits, or Chinese numerals: a number written both ways in one pair is a rewrite, not a conflict. */
const DIGITS = /^[0-9.]+$/u;
const NUMERALS = /^[零〇一二两三四五六七八九十百千万]+$/u;
/** Place and organization suffixes by kind; a name conflicts only with a name of its kind. */
const SUFFIX_KINDS: Record<string, string[]> = {
  estate: ['新村', '小区', '花园', '家园', '名苑', '公馆', '新城', '公寓', '大厦', '广场', '雅居', '华庭', '山庄', '苑', '府', '城', '园', '湾'],
  road: ['大道', '路', '街', '巷'],
  area: ['街道', '社区', '村', '镇', '乡', '区', '县'],
  body: ['有限公司', '公司', '学校', '小学', '中学', '幼儿园', '医院', '市场'],
};
/** Longest first, so 家园 wins over 园 and 街道 over 街. */
const SUFFIXES = Object.values(SUFFIX_KINDS).flat().sort((x, y) => y.length - x.length);
const KIND_OF_SUFFIX = new Map(Object.entries(SUFFIX_KINDS).flatMap(([kind, xs]) => xs.map((x) => [x, kind] as const)));
/** A gap's head that opens with one of these is a way of saying a name (我们小区), not a name. */
const PRONOUNS = new Set('我你他她它这那该本此其咱');
/** Characters that end a name stem when read backwards from its suffix (grammar, not names). */
const FUNCTION_CHARS = new Set('的了是在我你他她它们有和与及也都就还又被把对从向给让请说到以均这那个些之为很已要会能可但而且或者于什么看');
/** Shared characters a name can run into after its gap, before its suffix. */
const SHARED_TAIL = 2;
/** Such a name is read only from Chinese characters (a1|区 is a pseudonymised place, not a stem). */
const HAN = /^\p{Script=Han}+$/u;
/** A name stem: up to this many characters before the suffix. */
const STEM_MAX = 4;

export interface SpecificConflict {
  kind: 'number' | 'name';
  a: string;
  b: string;
}

/** Maximal common runs of a longest common subsequence, in order: [startA, startB, length]. */
export function commonRuns(a: string, b: string): Array<[number, number, number]> {
  const n = a.length;
  const m = b.length;
  // suffix LCS lengths: dp[i][j] = LCS of a[i..], b[j..]
  const dp = new Uint16Array((n + 1) * (m + 1));
  const w = m + 1;
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      dp[i * w + j] = a[i] === b[j] ? (dp[(i + 1) * w + j + 1] as number) + 1 : Math.max(dp[(i + 1) * w + j] as number, dp[i * w + j + 1] as number);
    }
  }
  const runs: Array<[number, number, number]> = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j] && dp[i * w + j] === (dp[(i + 1) * w + j + 1] as number) + 1) {
      const last = runs[runs.length - 1];
      if (last && last[0] + last[2] === i && last[1] + last[2] === j) last[2]++;
      else runs.push([i, j, 1]);
      i++;
      j++;
    } else if ((dp[(i + 1) * w + j] as number) >= (dp[i * w + j + 1] as number)) i++;
    else j++;
  }
  return runs;
}

interface Name {
  stem: string;
  suffix: string;
  kind: string;
}

/** The name stems a gap ends in, each with the suffix that follows it (in the gap or just after it). */
function namesIn(gap: string, after: string, bounded: boolean): Name[] {
  const text = gap + after;
  const names: Name[] = [];
  // A name may end in shared characters after the gap (金桂|华府 / 翠湖|华府, where the
  // alignment anchors on 华府): its suffix may start up to SHARED_TAIL characters into the
  // anchor.
  for (let end = 1; end <= gap.length + SHARED_TAIL && end < text.length; end++) {
    const suffix = SUFFIXES.find((x) => text.startsWith(x, end));
    if (suffix === undefined) continue;
    let start = end;
    while (start > 0 && end - start < STEM_MAX && !FUNCTION_CHARS.has(text[start - 1] as string)) start--;
    // A whole gap is bounded by shared text on both sides, so a head of it that is a name
    // save for its first character is all name (和平新村, 和平|华府: 和 also ends stems).
    // Not with more grammar in it (均以小区, 回复均是小区 are words), nor after a pronoun
    // (我们小区 is a way of saying the name, not another name).
    if (bounded && start === 1 && end <= STEM_MAX && HAN.test(text.slice(0, end)) && !PRONOUNS.has(text[0] as string)) start = 0;
    // Into the anchor only when the whole gap is the stem's head and all of it is Chinese
    // (not a1|区, a pseudonymised name, or 饭店|…, words before a shared name).
    if (end > gap.length && (start !== 0 || !HAN.test(text.slice(0, end)))) break;
    if (end - start >= 2) names.push({ stem: text.slice(start, end), suffix, kind: KIND_OF_SUFFIX.get(suffix) ?? '' });
    // In the anchor, the first suffix ends the name (王|庄村村务: 王庄村, not 王庄村村).
    if (end >= gap.length) break;
  }
  return names;
}

/**
 * One name misspelt or shortened (金贸 / 金茂, 万科 / 万科城), not two names. Two-character
 * stems that differ in their first character are two names (王庄 / 新庄, 东湖 / 西湖): that
 * character is what tells places of one generic second character apart.
 */
function variants(x: string, y: string): boolean {
  if (x.includes(y) || y.includes(x)) return true;
  if (x.length !== y.length) return false;
  if (x.length === 2 && x[0] !== y[0]) return false;
  let differ = 0;
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) differ++;
  return differ <= 1 || [...x].sort().join('') === [...y].sort().join('');
}

function sameNumberForm(x: string, y: string): boolean {
  return (DIGITS.test(x) && DIGITS.test(y)) || (NUMERALS.test(x) && NUMERALS.test(y));
}

/** A conflict between two aligned gaps, or null. */
function conflictOf(ga: string, gb: string, after: string, a: string, b: string): SpecificConflict | null {
  if (ga.length <= NUMBER_GAP_MAX && gb.length <= NUMBER_GAP_MAX && sameNumberForm(ga, gb)) {
    // With its unit (3次, 5个月): a bare digit occurs anywhere.
    const moved = b.includes(ga + after.slice(0, 1)) || a.includes(gb + after.slice(0, 1));
    return moved ? null : { kind: 'number', a: ga, b: gb };
  }
  // Of a long gap (a different title, an added sentence) only the end is aligned with the
  // other side: the words right before the shared anchor.
  const tail = nameConflict(
    namesIn(ga.slice(-NAME_WINDOW), after, ga.length <= NAME_WINDOW),
    namesIn(gb.slice(-NAME_WINDOW), after, gb.length <= NAME_WINDOW),
    a,
    b,
  );
  if (tail !== null || ga.length <= NAME_WINDOW || gb.length <= NAME_WINDOW) return tail;
  // Two long gaps (different titles, different sentences): their heads follow the same anchor.
  return nameConflict(namesIn(ga.slice(0, NAME_WINDOW), '', false), namesIn(gb.slice(0, NAME_WINDOW), '', false), a, b);
}

/** Two names of one kind, neither mentioned in the other text, that are not one name. */
function nameConflict(na: Name[], nb: Name[], a: string, b: string): SpecificConflict | null {
  for (const x of na) {
    if (b.includes(x.stem)) continue;
    const y = nb.find((n) => n.kind === x.kind && !a.includes(n.stem) && !variants(x.stem, n.stem));
    if (y !== undefined) return { kind: 'name', a: x.stem + x.suffix, b: y.stem + y.suffix };
  }
  return null;
}

/** Gaps that open with different numbers before the same unit (生活了|12年 / 生活了|9年). */
function openingNumberConflict(ga: string, gb: string, a: string, b: string): SpecificConflict | null {
  const x = OPENING_NUMBER.exec(ga);
  const y = OPENING_NUMBER.exec(gb);
  if (!x || !y || x[2] !== y[2] || x[1] === y[1] || b.includes(x[0]) || a.includes(y[0])) return null;
  return { kind: 'number', a: x[0], b: y[0] };
}

/**
 * Numbers in the same sentence slot wherever the sentence sits (要走2公里 / 要走6公里); a pair
 * the alignment already found (`known`, 5 / 6) is not listed again.
 */
function keyedNumberConflicts(a: string, b: string, known: SpecificConflict[]): SpecificConflict[] {
  const inB = new Map<string, string[]>();
  for (const [, before, digits, unit] of b.matchAll(KEYED_NUMBER)) {
    const key = `${before}|${unit}`;
    inB.set(key, [...(inB.get(key) ?? []), digits as string]);
  }
  const out: SpecificConflict[] = [];
  for (const [, before, digits, unit] of a.matchAll(KEYED_NUMBER)) {
    if (b.includes(`${digits}${unit}`)) continue;
    const other = inB.get(`${before}|${unit}`)?.find((d) => d !== digits && !a.includes(`${d}${unit}`));
    if (other === undefined) continue;
    const found = known.some((c) => c.kind === 'number' && leadingDigits(c.a) === digits && leadingDigits(c.b) === other);
    if (!found) out.push({ kind: 'number', a: `${digits}${unit}`, b: `${other}${unit}` });
  }
  return out;
}

function leadingDigits(x: string): string | undefined {
  return /^[0-9]+/u.exec(x)?.[0];
}

/** Whether a number with its unit (3次, 2018年) occurs in both texts. */
function sharesNumber(a: string, b: string): boolean {
  for (const [n] of a.matchAll(NUMBER_WITH_UNIT)) if (b.includes(n)) return true;
  return false;
}

/** The names and numbers that differ between two comparison texts (see the file comment). */
export function specificConflicts(a: string, b: string): SpecificConflict[] {
  if (a.length * b.length > MAX_CELLS || a.length === 0 || b.length === 0) return [];
  // The ends of the texts bound a gap like an anchor does (a title's first word).
  const anchors: Array<[number, number, number]> = [
    [0, 0, 0],
    ...commonRuns(a, b).filter((r) => r[2] >= ANCHOR_MIN),
    [a.length, b.length, 0],
  ];
  const conflicts: SpecificConflict[] = [];
  // Numbers read outside the aligned gaps only when no figure is common to both texts.
  const unaligned = !sharesNumber(a, b);
  for (let k = 0; k + 1 < anchors.length; k++) {
    const [pa, pb, pl] = anchors[k] as [number, number, number];
    const [na, nb] = anchors[k + 1] as [number, number, number];
    const ga = a.slice(pa + pl, na);
    const gb = b.slice(pb + pl, nb);
    if (ga.length === 0 || gb.length === 0) continue;
    const conflict = conflictOf(ga, gb, a.slice(na, na + 5), a, b) ?? (unaligned ? openingNumberConflict(ga, gb, a, b) : null);
    if (conflict) conflicts.push(conflict);
  }
  if (unaligned) conflicts.push(...keyedNumberConflicts(a, b, conflicts));
  return conflicts;
}
