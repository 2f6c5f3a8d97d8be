/**
 * The normalize stage: ParsedMessage (site-shaped, raw) → NormalizedMessage (clean Simplified
 * text, UTC dates, canonical codes, region, sensitive-data flags), validated by its schema.
 */
import {
  NormalizedMessageSchema,
  type NormalizedEvaluation,
  type NormalizedMessage,
  type NormalizedReply,
  type ParsedEvaluation,
  type ParsedMessage,
  type ParsedReply,
} from '../shared/types.js';
import { parseChineseDate } from '../parse/dates.js';
import { detectScript, toSimplified } from './chinese.js';
import { resolveRegion } from './region.js';
import { maskSensitive, scanSensitive } from './sensitive.js';
import { normalizeText } from './text.js';
import { normalizeDomain, normalizeStatus, normalizeType } from './vocab.js';

export { normalizeText } from './text.js';
export type { NormalizeTextOptions } from './text.js';

/** What normalization needs besides the message. */
export interface NormalizeContext {
  /** Source id (kebab-case), copied onto the record. */
  source: string;
  /** Reference instant for relative dates (3分钟前); the fetch time in the pipeline. */
  now: Date;
  /** Mask phone and ID numbers in title, body and replies (flags are reported either way). */
  maskSensitive: boolean;
}

interface TextPolicy {
  html: boolean;
  mask: boolean;
}

function clean(s: string, policy: TextPolicy): string {
  const t = normalizeText(s, { html: policy.html });
  return policy.mask ? maskSensitive(t) : t;
}

function cleanOptional(s: string | null, policy: TextPolicy): string | null {
  if (s === null) return null;
  const t = clean(s, { ...policy, html: false });
  return t === '' ? null : t;
}

function normalizeReply(r: ParsedReply, policy: TextPolicy, now: Date): NormalizedReply {
  return {
    org: cleanOptional(r.org, policy),
    body: clean(r.body, policy),
    at: parseChineseDate(r.at, { now }),
  };
}

function normalizeEvaluation(
  e: ParsedEvaluation | null,
  policy: TextPolicy,
  now: Date,
): NormalizedEvaluation | null {
  if (e === null) return null;
  return {
    label: cleanOptional(e.label, policy),
    resolution: e.resolution,
    attitude: e.attitude,
    speed: e.speed,
    text: cleanOptional(e.text, policy),
    at: parseChineseDate(e.at, { now }),
  };
}

function regionOf(parsed: ParsedMessage): NormalizedMessage['region'] {
  // Hints may come from Traditional pages (廣西); the region table is Simplified.
  const hints = [parsed.regionHint, parsed.boardName].map((h) => (h === null ? null : toSimplified(h)));
  return resolveRegion(...hints);
}

/**
 * Normalizes one parsed message; throws a ZodError if the result breaks the schema (a bug in
 * this stage, not bad input, since every field is derived defensively).
 */
export function normalizeMessage(parsed: ParsedMessage, ctx: NormalizeContext): NormalizedMessage {
  const html = parsed.bodyFormat === 'html';
  const title = normalizeText(parsed.title, { html });
  const body = normalizeText(parsed.body, { html });
  // Flags are computed before masking so that they report what the citizen wrote.
  const sensitive = scanSensitive(`${title}\n${body}`);
  const mask = ctx.maskSensitive && (sensitive.phone || sensitive.idNumber);
  const policy: TextPolicy = { html, mask };
  const result: NormalizedMessage = {
    source: ctx.source,
    externalId: parsed.externalId,
    url: parsed.url,
    board: { id: parsed.boardId, name: cleanOptional(parsed.boardName, { html: false, mask: false }) },
    title: mask ? maskSensitive(title) : title,
    body: mask ? maskSensitive(body) : body,
    bodyTruncated: parsed.bodyTruncated,
    // With masking on, the verbatim copy is masked too: otherwise it would keep the very
    // numbers the option asks us not to store.
    original: mask
      ? { title: maskSensitive(parsed.title), body: maskSensitive(parsed.body) }
      : { title: parsed.title, body: parsed.body },
    script: detectScript(`${parsed.title}\n${parsed.body}`),
    postedAt: parseChineseDate(parsed.postedAt, { now: ctx.now }),
    author: cleanOptional(parsed.author, { html: false, mask: false }),
    status: normalizeStatus(parsed.status),
    type: normalizeType(parsed.type),
    domain: normalizeDomain(parsed.domain),
    region: regionOf(parsed),
    replies: parsed.replies.map((r) => normalizeReply(r, policy, ctx.now)),
    evaluation: normalizeEvaluation(parsed.evaluation, policy, ctx.now),
    views: parsed.views,
    likes: parsed.likes,
    sensitive: { ...sensitive, masked: mask },
    extra: { ...parsed.extra },
  };
  return NormalizedMessageSchema.parse(result);
}
