/** The end of a newest-first list sweep, as list parsers report it (pure). */
import type { ListCheckpoint } from '../../src/sources/define-source.js';
import { num } from './json-body.js';

/** Highest id listed so far in this sweep: the carried `top` and this page's ids. */
export function sweepTop(meta: Record<string, unknown>, ids: readonly string[]): number | null {
  let top = num(meta.top) ?? null;
  for (const id of ids) {
    const n = Number(id);
    if (Number.isSafeInteger(n) && (top === null || n > top)) top = n;
  }
  return top;
}

/** Rows taken so far in this sweep: the carried count plus this page's. */
export function sweepListed(meta: Record<string, unknown>, taken: number): number {
  return (num(meta.listed) ?? 0) + taken;
}

export interface PageEnd {
  /** The id of the first row not taken (already listed, or older than `since`). */
  cutAt: string | null;
  /** Another page of this list follows. */
  more: boolean;
  /** The page was full and only the page limit stops the sweep. */
  limited: boolean;
}

/** The checkpoint of a sweep's last page; undefined while the sweep goes on. */
export function checkpointOf(scope: string, top: number | null, listed: number, end: PageEnd): ListCheckpoint | undefined {
  if (end.more) return undefined;
  if (end.cutAt !== null) return { scope, top, ended: 'cut', cutAt: Number(end.cutAt), listed };
  return { scope, top, ended: end.limited ? 'limit' : 'end', cutAt: null, listed };
}
