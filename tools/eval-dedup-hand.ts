/**
 * The hand-labelled 泰迪杯 sample for tools/eval-dedup.ts, and how it was drawn.
 *
 * Rule-derived labels (tools/eval-dedup-tipdm.ts: raw Jaccard ≥ 0.3) are built from the
 * same kind of overlap the deduplicator measures, so they cannot show what it misses. The
 * sample is read by a person instead. Candidate pairs (LSH with acceptance off, plus the
 * label net) were split into strata at the commit named in the labels file:
 * - `dis`: every pair where the deduplicator and the rule label disagreed (all of them);
 * - `tp`: a seeded random 40 of the pairs both called the same issue;
 * - `hardneg`: a seeded random 40 of the pairs both called different whose raw Jaccard is
 *   at least 0.15 (below that, pairs read as different; they are not sampled).
 * Each pair was read blind to its stratum and to both verdicts (tools/tipdm-label-sheet.ts
 * prints the sheet; it is never stored) and labelled
 * - `repost`: one issue, one text derived from the other (a re-post, an edited copy, the
 *   same campaign text, or the same author's follow-up under the same title);
 * - `same-issue`: one concrete problem at one place or object, written independently;
 * - `different`: different places, objects or problems, however alike the wording.
 * Estimates weight each pair by its stratum's population / sample size (Horvitz-Thompson),
 * which stays unbiased for any later version of the deduplicator over the sampled
 * population; accepted pairs outside it (raw Jaccard < 0.15, not in `dis`) are counted.
 * The file holds message ids and labels only, never text.
 */
import { readFileSync } from 'node:fs';

import { z } from 'zod';

/** Rule-negative pairs below this raw Jaccard were not sampled (they read as different). */
export const HARD_NEGATIVE_JACCARD = 0.15;

export const HandLabelsSchema = z.object({
  drawnAt: z.string(),
  criterion: z.string(),
  strata: z.record(z.string(), z.object({ population: z.number().int().positive(), sampled: z.number().int().positive() })),
  pairs: z.array(z.object({ a: z.string(), b: z.string(), stratum: z.string(), label: z.enum(['repost', 'same-issue', 'different']) })),
});
export type HandLabels = z.infer<typeof HandLabelsSchema>;

export function readHandLabels(file: string): HandLabels {
  const labels = HandLabelsSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
  for (const p of labels.pairs) {
    if (!labels.strata[p.stratum]) throw new Error(`${file}: pair ${p.a}/${p.b} names unknown stratum "${p.stratum}"`);
  }
  return labels;
}

/** A 95% interval (2.5th and 97.5th percentile) of a bootstrap over the labelled pairs. */
export type Interval = [number, number];

export interface HandEstimate {
  /** Accepted pairs that are one issue (re-post or same issue), weighted. */
  precision: number;
  /** Re-posts accepted, weighted. */
  repostRecall: number;
  /** Same-issue pairs of either kind accepted, weighted. */
  sameIssueRecall: number;
  /** How often the rule label (same issue or not) matches the hand label, weighted. */
  ruleAgreement: number;
  /** Estimated counts in the sampled population. */
  accepted: number;
  reposts: number;
  /** Bootstrap intervals (pairs resampled within each stratum, 1,000 rounds, fixed seed). */
  precisionInterval: Interval;
  repostRecallInterval: Interval;
}

/** Horvitz-Thompson estimates over the strata for a decision rule (see the file comment). */
export function estimate(labels: HandLabels, decide: (a: string, b: string) => boolean, rule: (a: string, b: string) => boolean): HandEstimate {
  const decided = labels.pairs.map((p) => ({ ...p, yes: decide(p.a, p.b), rule: rule(p.a, p.b) }));
  const point = pointEstimate(labels, decided);
  // Within-stratum resampling: the sample is small (40 pairs stand for 488 in one stratum),
  // so the interval says how far the point figures can be trusted.
  const byStratum = Object.keys(labels.strata).map((k) => decided.filter((p) => p.stratum === k));
  let seed = 12345;
  const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
  const precisions: number[] = [];
  const recalls: number[] = [];
  for (let round = 0; round < BOOTSTRAP_ROUNDS; round++) {
    const resampled = byStratum.flatMap((xs) => xs.map(() => xs[Math.floor(next() * xs.length)] as Decided));
    const e = pointEstimate(labels, resampled);
    precisions.push(e.precision);
    recalls.push(e.repostRecall);
  }
  return { ...point, precisionInterval: percentiles(precisions), repostRecallInterval: percentiles(recalls) };
}

const BOOTSTRAP_ROUNDS = 1000;

type Decided = HandLabels['pairs'][number] & { yes: boolean; rule: boolean };

function percentiles(xs: number[]): Interval {
  const sorted = [...xs].sort((x, y) => x - y);
  return [sorted[Math.floor(0.025 * (sorted.length - 1))] ?? 0, sorted[Math.ceil(0.975 * (sorted.length - 1))] ?? 0];
}

function pointEstimate(labels: HandLabels, decided: Decided[]): Omit<HandEstimate, 'precisionInterval' | 'repostRecallInterval'> {
  let acceptedSame = 0, accepted = 0, reposts = 0, repostsAccepted = 0, same = 0, sameAccepted = 0, agree = 0, total = 0;
  for (const p of decided) {
    const s = labels.strata[p.stratum] as { population: number; sampled: number };
    const w = s.population / s.sampled;
    const yes = p.yes;
    const isSame = p.label !== 'different';
    total += w;
    if (p.rule === isSame) agree += w;
    if (yes) accepted += w;
    if (yes && isSame) acceptedSame += w;
    if (isSame) same += w;
    if (isSame && yes) sameAccepted += w;
    if (p.label === 'repost') {
      reposts += w;
      if (yes) repostsAccepted += w;
    }
  }
  return {
    precision: acceptedSame / Math.max(1e-9, accepted),
    repostRecall: repostsAccepted / Math.max(1e-9, reposts),
    sameIssueRecall: sameAccepted / Math.max(1e-9, same),
    ruleAgreement: agree / Math.max(1e-9, total),
    accepted,
    reposts,
  };
}
