/**
 * The content hash decides whether a re-crawled message changed. It covers what a
 * downstream reader cares about and leaves out counters that move on every visit
 * (views, likes) and the URL, so those never create versions or events.
 */
import { createHash } from 'node:crypto';

import type { NormalizedMessage } from '../shared/types.js';

/** Top-level fields whose change is a new version of the message. */
export const CONTENT_FIELDS = [
  'board',
  'title',
  'body',
  'bodyTruncated',
  'original',
  'postedAt',
  'author',
  'status',
  'type',
  'domain',
  'region',
  'replies',
  'evaluation',
  'sensitive',
  'extra',
] as const satisfies readonly (keyof NormalizedMessage)[];

/**
 * Fields refreshed in place without a version bump: counters move on every visit, and the
 * URL changes when a site moves host or a crawl runs against a mirror or the simulator.
 */
export const VOLATILE_FIELDS = ['url', 'views', 'likes'] as const satisfies readonly (keyof NormalizedMessage)[];

/** JSON with sorted keys and ISO dates, so equal content always hashes equal. */
export function canonicalJson(value: unknown): string {
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/** sha256 over the content fields of a message. */
export function contentHash(message: Pick<NormalizedMessage, (typeof CONTENT_FIELDS)[number]>): string {
  const picked: Record<string, unknown> = {};
  for (const field of CONTENT_FIELDS) picked[field] = message[field];
  return createHash('sha256').update(canonicalJson(picked)).digest('hex');
}

/** The content fields whose values differ between two versions. */
export function changedFields(
  before: Partial<Record<string, unknown>>,
  after: Partial<Record<string, unknown>>,
): string[] {
  return CONTENT_FIELDS.filter((f) => canonicalJson(before[f]) !== canonicalJson(after[f]));
}
