/**
 * Declared block detection: a source lists the statuses and the body markers (plain text or
 * CSS selectors) that mean "a WAF or captcha answered instead of the site"; this turns a
 * match into a BlockedError so every source handles blocks the same way.
 */
import { load } from 'cheerio';
import { z } from 'zod';

import { BlockedError } from '../shared/errors.js';
import { safeUrl } from './fetch-logger.js';

/** One body marker: `{ text }` is a substring, `{ selector }` a CSS selector that must match. */
export const BlockMarkerSchema = z.union([
  z.string().min(1).describe('shorthand: starts with # . or [ → CSS selector, else text'),
  z.strictObject({ text: z.string().min(1) }),
  z.strictObject({ selector: z.string().min(1) }),
]);
export type BlockMarker = z.infer<typeof BlockMarkerSchema>;

/** What a source declares as "we are blocked". */
export const BlockRulesSchema = z.strictObject({
  statuses: z
    .array(z.number().int().min(100).max(599))
    .default([403])
    .describe('statuses that mean blocked (429 stays a rate limit); @default [403]'),
  markers: z
    .array(BlockMarkerSchema)
    .default([])
    .describe('body markers of challenge or captcha pages; @default []'),
  checkJson: z
    .boolean()
    .default(false)
    .describe('also scan JSON bodies; off because citizens write "访问过于频繁" too; @default false'),
});
export type BlockRules = z.infer<typeof BlockRulesSchema>;
export type BlockRulesInput = z.input<typeof BlockRulesSchema>;

/** The facts of a response that block detection looks at. */
export interface BlockCheckInput {
  url: string;
  status: number;
  contentType: string | undefined;
  text: string;
}

/** True when the status is a declared block status. */
export function isBlockedStatus(status: number, rules: BlockRules): boolean {
  return rules.statuses.includes(status);
}

/**
 * Returns a BlockedError when the response matches a declared status or marker, else
 * `undefined`. The error names the marker (a declared constant, never body text).
 */
export function detectBlock(input: BlockCheckInput, rules: BlockRules): BlockedError | undefined {
  const url = safeUrl(input.url);
  if (isBlockedStatus(input.status, rules)) {
    return new BlockedError(`Blocked with status ${input.status} at ${url}`, {
      code: 'ERR_BLOCKED_STATUS',
      details: { url, status: input.status },
    });
  }
  if (rules.markers.length === 0 || (!rules.checkJson && isJson(input.contentType))) return undefined;
  const marker = findMarker(input.text, rules.markers);
  if (marker === undefined) return undefined;
  return new BlockedError(`Blocked: marker ${marker} found at ${url}`, {
    code: 'ERR_BLOCKED_MARKER',
    details: { url, status: input.status, marker },
  });
}

/** Returns a description of the first marker found in the body, if any. */
export function findMarker(text: string, markers: readonly BlockMarker[]): string | undefined {
  let dom: ReturnType<typeof load> | undefined;
  for (const marker of markers) {
    const normalized = normalizeMarker(marker);
    if ('text' in normalized) {
      if (text.includes(normalized.text)) return `text:${normalized.text}`;
      continue;
    }
    // Parse lazily: most pages are checked against text markers only.
    dom ??= load(text);
    if (dom(normalized.selector).length > 0) return `selector:${normalized.selector}`;
  }
  return undefined;
}

function normalizeMarker(marker: BlockMarker): { text: string } | { selector: string } {
  if (typeof marker !== 'string') return marker;
  return /^[#.[]/.test(marker) ? { selector: marker } : { text: marker };
}

function isJson(contentType: string | undefined): boolean {
  return contentType !== undefined && /\bjson\b/i.test(contentType);
}
