/**
 * Measures the deduplicator's precision and recall of "same issue" pairs.
 *
 *   npx tsx tools/eval-dedup.ts --tipdm ../shared/data/tipdm2020c [--sim 2000] [--seed 1] [--grid] [--hand-labels F]
 *
 * (a) Simulator: every board's first --sim messages and the simulator's truth groups.
 * (b) 泰迪杯 附件3 (fj3_hot_issue_messages.xlsx under --tipdm), labelled as described in
 *     tools/eval-dedup-tipdm.ts, and estimated from the hand-labelled sample
 *     (tools/tipdm-hand-labels.json; tools/eval-dedup-hand.ts). Only counts are printed,
 *     never message text.
 * --explain prints the simulator's wrong merges and missed pairs with their generated texts.
 * --idf adds the rule with an IDF-weighted Jaccard bound (document frequencies of the
 *   3-shingles over the corpus), a variant measured and not kept (docs/dedup.md).
 * --title-sim adds the rule that lets alike titles carry a pair under the body thresholds
 *   (tools/eval-dedup-title.ts), also measured and not kept; on the simulator every pair
 *   with alike titles becomes a candidate, so the figures of the deployed rule move with it.
 * --swapped adds the rule that refuses a pair whose texts each hold, at one aligned place, a
 *   sentence the other lacks (tools/eval-dedup-swapped.ts), at three threshold pairs; measured
 *   and not kept.
 * --window adds the rule that accepts lower thresholds for two posts at most 7/14/30 days
 *   apart (posting times from the simulator's timeline and from 留言时间); measured, not kept.
 * Two views per corpus: "pairs" judges each candidate pair on its own (the confirmation
 * rule); "cases" judges pairs of messages that end up in the same case (union-find over
 * confirmed pairs, as the case store does), which is what downstream systems see.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import { authorKey, sameKey, titleKey } from '../src/dedup/author.js';
import { MemoryDedupIndex } from '../src/dedup/memory-index.js';
import { placesCompatible } from '../src/dedup/region-guard.js';
import {
  compareTexts, CONTAINMENT_MIN_SHINGLES, isSameAuthorFollowUp, isSameIssue, SPECIFICS_JACCARD_MAX, specificsAllow, type Similarity,
} from '../src/dedup/similarity.js';
import { specificConflicts } from '../src/dedup/specifics.js';
import { shingleSet } from '../src/dedup/shingles.js';
import { dedupText, type DedupInput } from '../src/dedup/text.js';
import { candidatePairs, pairKey } from './eval-dedup-candidates.js';
import { printSelection, selectionReport } from './eval-dedup-selection.js';
import { simCorpus } from './eval-dedup-sim.js';
import { swappedFact, SWAP_VARIANTS, type SwapParams } from './eval-dedup-swapped.js';
import { alikeTitlePairs, bigramJaccard, TITLE_VARIANTS, titleBigrams, type TitleVariant } from './eval-dedup-title.js';
import { estimate, HARD_NEGATIVE_JACCARD, type HandLabels, readHandLabels } from './eval-dedup-hand.js';
import { labelPair, overlapPairs, postedMs, rawJaccard, readTipdm, sameUserPairs, type TipdmRow } from './eval-dedup-tipdm.js';

interface Scored {
  a: string;
  b: string;
  truth: boolean;
  s: Similarity;
  /** The index proposes the pair (the pipeline confirms only such pairs; the rest come from the label net). */
  lsh: boolean;
  /** The index proposes the pair from text alone (band keys and exact hash, no author key). */
  lshText: boolean;
  /** The region guard lets the pair through (src/dedup/region-guard.ts). */
  placesOk: boolean;
  /** Both messages have the same identified author on one source (src/dedup/author.ts). */
  sameAuthor: boolean;
  /** Their titles have the same title key (src/dedup/author.ts); counts only with sameAuthor. */
  sameTitle: boolean;
  /** The comparison texts differ in an aligned name or number (computed when first asked). */
  conflict: () => boolean;
  /** IDF-weighted Jaccard of the comparison texts' shingles (computed when first asked). */
  weighted: () => number;
  /** Bigram Jaccard of the two titles (tools/eval-dedup-title.ts). */
  titleSim: () => number;
  /** Each text says, at one aligned place, what the other does not (tools/eval-dedup-swapped.ts), per SWAP_VARIANTS entry. */
  swapped: (v: number) => boolean;
  /** Days between the two posts (NaN where a time is unknown). */
  days: number;
}

interface Metrics {
  precision: number;
  recall: number;
  tp: number;
  fp: number;
  fn: number;
}

/** isSameIssue's shape with other thresholds, for the grids. */
function thresholds(jaccard: number, containment: number): (s: Similarity) => boolean {
  return (s) => s.jaccard >= jaccard || (s.containment >= containment && s.smaller >= CONTAINMENT_MIN_SHINGLES);
}

/**
 * A threshold rule plus the specifics check, as confirmSameIssue applies it, with its rule
 * for two messages by the same identified author unless `author` is false.
 */
function withSpecifics(p: Scored, thresholds: (s: Similarity) => boolean, bound = SPECIFICS_JACCARD_MAX, author = true): boolean {
  if (author && p.sameAuthor && (p.sameTitle || isSameAuthorFollowUp(p.s))) return true;
  return thresholds(p.s) && specificsAllow(p.s, p.conflict, bound);
}

function metrics(pairs: Scored[], accept: (p: Scored) => boolean): Metrics {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const p of pairs) {
    const yes = p.placesOk && accept(p);
    if (yes && p.truth) tp++;
    else if (yes) fp++;
    else if (p.truth) fn++;
  }
  return { precision: tp / Math.max(1, tp + fp), recall: tp / Math.max(1, tp + fn), tp, fp, fn };
}

/** Pair metrics over the transitive closure (cases) of the accepted pairs. */
function caseMetrics(ids: string[], inputs: Map<string, DedupInput>, isTrue: (a: string, b: string) => boolean, positives: number): Metrics {
  const index = new MemoryDedupIndex();
  for (const id of ids) index.add(id, inputs.get(id) as DedupInput);
  const byRoot = new Map<string, string[]>();
  for (const id of ids) byRoot.set(index.find(id), [...(byRoot.get(index.find(id)) ?? []), id]);
  let tp = 0;
  let fp = 0;
  for (const members of byRoot.values()) {
    for (let i = 0; i < members.length; i++) {
      for (let j = i + 1; j < members.length; j++) {
        if (isTrue(members[i] ?? '', members[j] ?? '')) tp++;
        else fp++;
      }
    }
  }
  return { precision: tp / Math.max(1, tp + fp), recall: tp / Math.max(1, positives), tp, fp, fn: positives - tp };
}

/** Candidate pairs: what LSH proposes with acceptance off, plus every labelled positive. */
function scorePairs(
  ids: string[],
  inputs: Map<string, DedupInput>,
  extra: Array<[string, string]>,
  isTrue: (a: string, b: string) => boolean,
  posted: Map<string, number>,
): Scored[] {
  const { pairs, proposed } = candidatePairs(ids, inputs, extra);
  const anonymous = new Map([...inputs].map(([id, m]) => [id, { ...m, author: null }]));
  const proposedText = candidatePairs(ids, anonymous, []).proposed;
  const texts = new Map(ids.map((id) => [id, dedupText(inputs.get(id) as DedupInput)]));
  const code = (id: string) => inputs.get(id)?.region?.code ?? null;
  const author = (id: string) => authorKey(inputs.get(id)?.source, inputs.get(id)?.author);
  const title = (id: string) => titleKey(inputs.get(id)?.title);
  const weightedJaccard = idfJaccard(texts);
  const grams = new Map<string, Set<string>>();
  const gramsOf = (id: string) => grams.get(id) ?? grams.set(id, titleBigrams(inputs.get(id)?.title)).get(id) ?? new Set<string>();
  return pairs.map(([a, b]) => {
    const [ta, tb] = [texts.get(a) ?? '', texts.get(b) ?? ''];
    let conflict: boolean | undefined;
    let weighted: number | undefined;
    const swapped = new Map<number, boolean>();
    return {
      a, b, truth: isTrue(a, b), s: compareTexts(ta, tb), placesOk: placesCompatible(code(a), code(b)), lsh: proposed.has(pairKey(a, b)),
      lshText: proposedText.has(pairKey(a, b)),
      sameAuthor: sameKey(author(a), author(b)),
      sameTitle: sameKey(title(a), title(b)),
      conflict: () => (conflict ??= specificConflicts(ta, tb).length > 0),
      weighted: () => (weighted ??= weightedJaccard(a, b)),
      titleSim: () => bigramJaccard(gramsOf(a), gramsOf(b)),
      days: Math.abs((posted.get(a) ?? NaN) - (posted.get(b) ?? NaN)) / 86_400_000,
      swapped: (v) => swapped.get(v) ?? swapped.set(v, swappedFact(ta, tb, SWAP_VARIANTS[v] as SwapParams)).get(v) ?? false,
    };
  });
}

/** IDF-weighted Jaccard over the 3-shingles of `texts`, document frequencies from all of them. */
function idfJaccard(texts: Map<string, string>): (a: string, b: string) => number {
  const sets = new Map([...texts].map(([id, text]) => [id, shingleSet(text)]));
  const df = new Map<number, number>();
  for (const set of sets.values()) for (const h of set) df.set(h, (df.get(h) ?? 0) + 1);
  const idf = (h: number) => Math.log(sets.size / (df.get(h) ?? 1));
  return (a, b) => {
    const [sa, sb] = [sets.get(a) ?? new Set<number>(), sets.get(b) ?? new Set<number>()];
    let [shared, wa, wb] = [0, 0, 0];
    for (const h of sa) {
      wa += idf(h);
      if (sb.has(h)) shared += idf(h);
    }
    for (const h of sb) wb += idf(h);
    return shared / Math.max(1e-9, wa + wb - shared);
  };
}

/** The IDF variant: the rule as deployed, and a weighted-Jaccard bound unless the same author wrote both under one title. */
const withIdf = (bound: number) => (p: Scored) => withSpecifics(p, isSameIssue) && (p.weighted() >= bound || (p.sameAuthor && p.sameTitle));
const IDF_BOUNDS = [0.3, 0.4];

/** The title variant: the rule as deployed, or alike titles with the body floors and no conflicting specifics. */
const withTitle = (v: TitleVariant) => (p: Scored) =>
  withSpecifics(p, isSameIssue) || (p.titleSim() >= v.title && p.s.jaccard >= v.jaccard && p.s.containment >= v.containment && !p.conflict());

/**
 * The swapped-fact variant: a threshold rule with the specifics check, and no aligned pair of
 * unrelated sentences (below the specifics bound; the author rule is kept as deployed).
 */
const withoutSwap = (v: number, rule: (s: Similarity) => boolean) => (p: Scored) =>
  (p.sameAuthor && (p.sameTitle || isSameAuthorFollowUp(p.s))) || (withSpecifics(p, rule, SPECIFICS_JACCARD_MAX, false) && (p.s.jaccard >= SPECIFICS_JACCARD_MAX || !p.swapped(v)));
const SWAP_RULES: Array<[string, (s: Similarity) => boolean]> = [
  ['Jaccard >= 0.4 or containment >= 0.7', isSameIssue],
  ['Jaccard >= 0.3 or containment >= 0.6', thresholds(0.3, 0.6)],
  ['Jaccard >= 0.25 or containment >= 0.5', thresholds(0.25, 0.5)],
];
const swapName = (v: number, rule: string) => {
  const x = SWAP_VARIANTS[v] as SwapParams;
  return `${rule}, no swapped sentence (anchors >= ${x.anchor}, gaps >= ${x.gap}, overlap <= ${x.overlap})`;
};

/**
 * The window variant: the rule as deployed, or a lower threshold rule (with the specifics
 * check) for two posts at most `days` apart. Re-posts by other users on 泰迪杯 come days
 * apart; independent petitions on one topic, weeks or months.
 */
const withinWindow = (days: number, rule: (s: Similarity) => boolean) => (p: Scored) =>
  withSpecifics(p, isSameIssue) || (p.days <= days && withSpecifics(p, rule, SPECIFICS_JACCARD_MAX, false));
const WINDOW_DAYS = [7, 14, 30];
const WINDOW_RULES: Array<[string, (s: Similarity) => boolean]> = [
  ['Jaccard >= 0.3 or containment >= 0.6', thresholds(0.3, 0.6)],
  ['Jaccard >= 0.25 or containment >= 0.5', thresholds(0.25, 0.5)],
];

function report(name: string, pairs: Scored[], cases: Metrics, grid: boolean): void {
  const positives = pairs.filter((p) => p.truth).length;
  const m = metrics(pairs, (p) => withSpecifics(p, isSameIssue));
  const plain = metrics(pairs, (p) => isSameIssue(p.s) || (p.sameAuthor && (p.sameTitle || isSameAuthorFollowUp(p.s))));
  const f = (x: number) => x.toFixed(4);
  console.log(`${name}: labelled pairs ${pairs.length}, positives ${positives}`);
  console.log(`  pairs: precision ${f(m.precision)} recall ${f(m.recall)} (tp ${m.tp} fp ${m.fp} fn ${m.fn})`);
  console.log(`  pairs without the specifics check: precision ${f(plain.precision)} recall ${f(plain.recall)} (tp ${plain.tp} fp ${plain.fp} fn ${plain.fn})`);
  console.log(`  cases: precision ${f(cases.precision)} recall ${f(cases.recall)} (tp ${cases.tp} fp ${cases.fp} fn ${cases.fn})`);
  for (const bound of [0.6, 0.8]) {
    const b = metrics(pairs, (p) => withSpecifics(p, isSameIssue, bound));
    console.log(`  pairs with the specifics check below Jaccard ${bound} instead of ${SPECIFICS_JACCARD_MAX}: precision ${f(b.precision)} recall ${f(b.recall)}`);
  }
  for (const bound of idf ? IDF_BOUNDS : []) {
    const w = metrics(pairs, withIdf(bound));
    console.log(`  pairs with IDF-weighted Jaccard >= ${bound} as well: precision ${f(w.precision)} recall ${f(w.recall)} (tp ${w.tp} fp ${w.fp} fn ${w.fn})`);
  }
  for (const v of titleSim ? TITLE_VARIANTS : []) {
    const t = metrics(pairs, withTitle(v));
    console.log(`  pairs, or ${v.name}: precision ${f(t.precision)} recall ${f(t.recall)} (tp ${t.tp} fp ${t.fp} fn ${t.fn})`);
  }
  for (const [rule, test] of swapped ? SWAP_RULES : []) {
    const base = metrics(pairs, (p) => withSpecifics(p, test));
    console.log(`  pairs, ${rule} (specifics check): precision ${f(base.precision)} recall ${f(base.recall)} (tp ${base.tp} fp ${base.fp} fn ${base.fn})`);
    SWAP_VARIANTS.forEach((_, v) => {
      const t = metrics(pairs, withoutSwap(v, test));
      console.log(`  pairs, ${swapName(v, rule)}: precision ${f(t.precision)} recall ${f(t.recall)} (tp ${t.tp} fp ${t.fp} fn ${t.fn})`);
    });
  }
  for (const [rule, test] of window ? WINDOW_RULES : []) {
    for (const d of WINDOW_DAYS) {
      const t = metrics(pairs, withinWindow(d, test));
      console.log(`  pairs, or ${rule} within ${d} days: precision ${f(t.precision)} recall ${f(t.recall)} (tp ${t.tp} fp ${t.fp} fn ${t.fn})`);
    }
  }
  if (!grid) return;
  for (const j of [0.3, 0.4, 0.5, 0.6, 0.7, 0.8]) {
    for (const c of [0.6, 0.7, 0.75, 0.8, 0.9, 1.01]) {
      const g = metrics(pairs, (p) => withSpecifics(p, thresholds(j, c)));
      console.log(`  grid jaccard>=${j} containment>=${c}: precision ${f(g.precision)} recall ${f(g.recall)}`);
    }
  }
}

async function evalSim(seed: number, perBoard: number, grid: boolean): Promise<void> {
  const corpus = await simCorpus(seed, perBoard);
  const group = new Map<string, number>();
  corpus.groups.forEach((g, i) => g.forEach((id) => group.set(id, i)));
  const isTrue = (a: string, b: string) => group.get(a) !== undefined && group.get(a) === group.get(b);
  const inputs = new Map(corpus.messages.map((m) => [m.id, m.input]));
  const ids = corpus.messages.map((m) => m.id);
  const truthPairs = corpus.groups.flatMap((g) => g.flatMap((a, i) => g.slice(i + 1).map((b): [string, string] => [a, b])));
  const extra = titleSim ? [...truthPairs, ...alikeTitlePairs(ids, inputs, Math.min(...TITLE_VARIANTS.map((v) => v.title)))] : truthPairs;
  const pairs = scorePairs(ids, inputs, extra, isTrue, new Map(corpus.messages.map((m) => [m.id, m.postedAt])));
  report(`simulator (seed ${seed}, ${perBoard}/board, ${ids.length} messages)`, pairs, caseMetrics(ids, inputs, isTrue, truthPairs.length), grid);
  printSelection('simulator', selectionReport(ids, inputs, isTrue));
  const identical = pairs.filter((p) => !p.truth && p.s.jaccard === 1).length;
  console.log(`  different-issue pairs with identical comparison text (no text method can split them): ${identical}`);
  if (explain) explainSim(pairs, inputs);
}

/**
 * Prints the simulator's wrong merges and missed pairs with their texts (generated, not real
 * messages; never used for 泰迪杯), so a rule change can be aimed at them.
 */
function explainSim(pairs: Scored[], inputs: Map<string, DedupInput>): void {
  const accepted = (p: Scored) => p.placesOk && withSpecifics(p, isSameIssue);
  const wrong = pairs.filter((p) => accepted(p) !== p.truth);
  for (const p of wrong) {
    const s = p.s;
    console.log(`  ${p.truth ? 'missed' : 'wrong merge'} ${p.a} ~ ${p.b}: jaccard ${s.jaccard.toFixed(3)} containment ${s.containment.toFixed(3)} smaller ${s.smaller}${p.sameAuthor ? ' same author' : ''}`);
    for (const id of [p.a, p.b]) console.log(`    ${id}: ${dedupText(inputs.get(id) as DedupInput)}`);
  }
}

async function evalTipdm(dir: string, grid: boolean): Promise<void> {
  const rows = await readTipdm(path.join(dir, 'fj3_hot_issue_messages.xlsx'));
  // In posting order, as a crawl stores them. 留言时间 is text such as 2019/2/28 11:25:05, which
  // does not sort as a string (2019/12 before 2019/2); rows whose time cannot be read go last.
  const posted = new Map(rows.map((r) => [r.id, postedMs(r)]));
  const at = (r: TipdmRow) => (Number.isNaN(posted.get(r.id)) ? Infinity : (posted.get(r.id) as number));
  rows.sort((a, b) => at(a) - at(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const byId = new Map(rows.map((r) => [r.id, r]));
  const isTrue = (a: string, b: string) => labelPair(byId.get(a) as TipdmRow, byId.get(b) as TipdmRow);
  const net = [...sameUserPairs(rows), ...overlapPairs(rows)].map(([a, b]): [string, string] => [a.id, b.id]);
  // One source; 留言用户 is a pseudonymous id per user, so it identifies the author.
  const inputs = new Map<string, DedupInput>(rows.map((r) => [r.id, { ...r, source: 'tipdm-fj3', author: r.user }]));
  const ids = rows.map((r) => r.id);
  const pairs = scorePairs(ids, inputs, net, isTrue, posted);
  const positives = pairs.filter((p) => p.truth).length;
  report(`tipdm fj3 (${rows.length} messages)`, pairs, caseMetrics(ids, inputs, isTrue, positives), grid);
  printSelection('tipdm (rule labels)', selectionReport(ids, inputs, isTrue));
  reportHand(readHandLabels(handFile), pairs, byId, grid);
}

/** Estimates from the hand-labelled sample (tools/eval-dedup-hand.ts) for the rule and variants. */
function reportHand(labels: HandLabels, pairs: Scored[], byId: Map<string, TipdmRow>, grid: boolean): void {
  const scored = new Map(pairs.map((p) => [pairKey(p.a, p.b), p]));
  const dis = new Set(labels.pairs.filter((p) => p.stratum === 'dis').map((p) => pairKey(p.a, p.b)));
  const ruleLabel = (a: string, b: string) => labelPair(byId.get(a) as TipdmRow, byId.get(b) as TipdmRow);
  // Raw Jaccard of a pair, once per pair however many rules accept it.
  const raw = new Map<string, number>();
  const rawOf = (p: Scored) => {
    const k = pairKey(p.a, p.b);
    let j = raw.get(k);
    if (j === undefined) raw.set(k, (j = rawJaccard(byId.get(p.a) as TipdmRow, byId.get(p.b) as TipdmRow)));
    return j;
  };
  const f = (x: number) => x.toFixed(4);
  console.log(`tipdm hand-labelled sample (${labels.pairs.length} pairs, drawn at ${labels.drawnAt.split(' (')[0]}; weighted by stratum):`);
  const show = (name: string, accept: (p: Scored) => boolean) => {
    const decide = (a: string, b: string) => {
      const p = scored.get(pairKey(a, b));
      return p !== undefined && p.placesOk && accept(p);
    };
    const e = estimate(labels, decide, ruleLabel);
    // Accepted pairs the sample cannot judge: rule-negative, raw Jaccard below the sampled floor.
    const outside = pairs.filter((p) => p.placesOk && accept(p) && !p.truth && !dis.has(pairKey(p.a, p.b)) && rawOf(p) < HARD_NEGATIVE_JACCARD).length;
    const iv = ([lo, hi]: [number, number]) => `[${lo.toFixed(2)}, ${hi.toFixed(2)}]`;
    console.log(
      `  ${name}: precision ${f(e.precision)} ${iv(e.precisionInterval)}, re-post recall ${f(e.repostRecall)} ${iv(e.repostRecallInterval)}, ` +
        `same-issue recall ${f(e.sameIssueRecall)}; accepted outside the sampled population: ${outside}`,
    );
    return e;
  };
  // The pipeline confirms only the pairs LSH proposes; the confirmation rule alone is what
  // it would give with perfect candidates.
  const e = show('pipeline (LSH and author candidates, confirmation rule with the specifics check and the author rule)', (p) => p.lsh && withSpecifics(p, isSameIssue));
  show('confirmation rule alone, every labelled pair a candidate', (p) => withSpecifics(p, isSameIssue));
  show('pipeline without the specifics check', (p) => p.lsh && (isSameIssue(p.s) || (p.sameAuthor && (p.sameTitle || isSameAuthorFollowUp(p.s)))));
  show('pipeline without the same-title rule (before 2026-11-30, sixth session)', (p) => p.lsh && ((p.sameAuthor && isSameAuthorFollowUp(p.s)) || withSpecifics(p, isSameIssue, SPECIFICS_JACCARD_MAX, false)));
  show('pipeline without the author rule (before 2026-11-30 afternoon)', (p) => p.lshText && withSpecifics(p, isSameIssue, SPECIFICS_JACCARD_MAX, false));
  show('every pair LSH proposes (no thresholds: the ceiling of any rule)', (p) => p.lsh);
  for (const bound of idf ? IDF_BOUNDS : []) show(`pipeline with IDF-weighted Jaccard >= ${bound} as well`, (p) => p.lsh && withIdf(bound)(p));
  for (const v of titleSim ? TITLE_VARIANTS : []) show(`every labelled pair a candidate, rule or ${v.name}`, withTitle(v));
  for (const [rule, test] of swapped ? SWAP_RULES : []) {
    show(`pipeline with ${rule}`, (p) => p.lsh && withSpecifics(p, test));
    SWAP_VARIANTS.forEach((_, v) => show(`pipeline with ${swapName(v, rule)}`, (p) => p.lsh && withoutSwap(v, test)(p)));
  }
  for (const [rule, test] of window ? WINDOW_RULES : []) {
    for (const d of WINDOW_DAYS) show(`pipeline, or ${rule} within ${d} days`, (p) => p.lsh && withinWindow(d, test)(p));
  }
  console.log(`  rule labels (Jaccard >= 0.3) agree with the hand labels on ${f(e.ruleAgreement)} of the sampled population`);
  if (!grid) return;
  // The same-author rule's thresholds, with and without the specifics check on such pairs.
  for (const j of [0.25, 0.3, 0.35]) {
    for (const c of [0.5, 0.6]) {
      for (const specifics of [false, true]) {
        const author = (p: Scored) => p.sameAuthor && thresholds(j, c)(p.s) && (!specifics || specificsAllow(p.s, p.conflict));
        show(`grid same author jaccard>=${j} containment>=${c}${specifics ? ' with the specifics check' : ''}`, (p) => p.lsh && (author(p) || withSpecifics(p, isSameIssue, SPECIFICS_JACCARD_MAX, false)));
      }
    }
  }
  for (const j of [0.2, 0.25, 0.3, 0.4]) {
    for (const c of [0.5, 0.6, 0.7]) {
      show(`grid jaccard>=${j} containment>=${c}`, (p) => withSpecifics(p, thresholds(j, c)));
      show(`grid jaccard>=${j} containment>=${c}, LSH candidates only`, (p) => p.lsh && withSpecifics(p, thresholds(j, c)));
    }
  }
}

const { values } = parseArgs({
  options: { tipdm: { type: 'string' }, sim: { type: 'string' }, seed: { type: 'string' }, grid: { type: 'boolean' }, 'hand-labels': { type: 'string' }, explain: { type: 'boolean' }, idf: { type: 'boolean' }, 'title-sim': { type: 'boolean' }, swapped: { type: 'boolean' }, window: { type: 'boolean' } },
});
const explain = values.explain === true;
const idf = values.idf === true;
const titleSim = values['title-sim'] === true;
const swapped = values.swapped === true;
const window = values.window === true;
const grid = values.grid === true;
const handFile = values['hand-labels'] ?? fileURLToPath(new URL('./tipdm-hand-labels.json', import.meta.url));
await evalSim(Number(values.seed ?? 1), Number(values.sim ?? 1000), grid);
if (values.tipdm) await evalTipdm(values.tipdm, grid);
else console.log('tipdm: skipped (pass --tipdm <dir with fj3_hot_issue_messages.xlsx>)');
