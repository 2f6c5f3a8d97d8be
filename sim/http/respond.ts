import iconv from 'iconv-lite';
import type { SimRequest, SimResponse } from './types.js';

/** JSON with an explicit UTF-8 charset, as the JSON APIs send. */
export function json(value: unknown, status = 200): SimResponse {
  return {
    status,
    headers: { 'content-type': 'application/json;charset=UTF-8' },
    body: Buffer.from(JSON.stringify(value), 'utf8'),
    kind: 'json',
    charset: 'utf-8',
  };
}

export interface HtmlOptions {
  readonly status?: number;
  readonly charset?: 'utf-8' | 'gbk';
  /** When false the charset is declared only in the page's <meta> (GBK portals do this). */
  readonly charsetInHeader?: boolean;
  readonly headers?: Readonly<Record<string, string>>;
}

export function html(page: string, opts: HtmlOptions = {}): SimResponse {
  const charset = opts.charset ?? 'utf-8';
  const inHeader = opts.charsetInHeader ?? true;
  return {
    status: opts.status ?? 200,
    headers: { 'content-type': inHeader ? `text/html; charset=${charset}` : 'text/html', ...opts.headers },
    body: charset === 'gbk' ? iconv.encode(page, 'gbk') : Buffer.from(page, 'utf8'),
    kind: 'html',
    charset,
  };
}

export function text(body: string, status: number, headers: Readonly<Record<string, string>> = {}): SimResponse {
  return { status, headers: { 'content-type': 'text/plain; charset=utf-8', ...headers }, body: Buffer.from(body), kind: 'text', charset: 'utf-8' };
}

export function empty(status: number, headers: Readonly<Record<string, string>> = {}): SimResponse {
  return { status, headers, body: Buffer.alloc(0), kind: 'text', charset: 'utf-8' };
}

/** Form fields of a urlencoded POST body. */
export function formOf(req: SimRequest): URLSearchParams {
  return new URLSearchParams(req.body.toString('utf8'));
}

/** JSON body, or null when absent or malformed (handlers answer with the site's error shape). */
export function jsonOf(req: SimRequest): unknown {
  try {
    return JSON.parse(req.body.toString('utf8')) as unknown;
  } catch {
    return null;
  }
}

export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Number in [min, max] from a param, falling back to `dflt` on junk. */
export function intParam(raw: unknown, dflt: number, min = 0, max = Number.MAX_SAFE_INTEGER): number {
  const n = typeof raw === 'number' ? raw : Number.parseInt(String(raw ?? ''), 10);
  if (!Number.isFinite(n)) return dflt;
  return Math.min(max, Math.max(min, Math.trunc(n)));
}

/** `YYYY-MM-DD HH:MM[:SS]` in Asia/Shanghai, as the sites print it. */
export function formatCst(ms: number, withSeconds = false): string {
  const d = new Date(ms + 8 * 3_600_000).toISOString();
  return `${d.slice(0, 10)} ${d.slice(11, withSeconds ? 19 : 16)}`;
}
