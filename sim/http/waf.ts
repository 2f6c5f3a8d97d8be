import type { Waf } from '../options.js';
import { empty, html } from './respond.js';
import type { SimResponse } from './types.js';

/** Sliding-window burst detector for one board; uses real time because scrapers run in real time. */
export class WafState {
  #hits: number[] = [];
  #blockedUntil = 0;
  blockedCount = 0;

  /** Records a request; returns the block response when over the limit, else null. */
  check(cfg: Waf, nowMs = Date.now()): SimResponse | null {
    if (cfg.maxRequests === 0) return null;
    this.#hits.push(nowMs);
    const from = nowMs - cfg.windowMs;
    while ((this.#hits[0] ?? nowMs) < from) this.#hits.shift();
    const over = this.#hits.length > cfg.maxRequests;
    if (over && cfg.blockMs > 0) this.#blockedUntil = Math.max(this.#blockedUntil, nowMs + cfg.blockMs);
    if (!over && this.#blockedUntil <= nowMs) return null;
    this.blockedCount++;
    return blockResponse(cfg);
  }

  reset(): void {
    this.#hits = [];
    this.#blockedUntil = 0;
  }
}

function blockResponse(cfg: Waf): SimResponse {
  if (cfg.action === 'empty') return empty(200, { 'content-type': 'application/json;charset=UTF-8' });
  if (cfg.action === '429') {
    return html('<html><body><h1>429 Too Many Requests</h1></body></html>', { status: 429, headers: { 'retry-after': String(cfg.retryAfterSec) } });
  }
  // The 403 page carries a marker text, as WAF block pages do, so block detection can match it.
  return html('<html><head><title>403 Forbidden</title></head><body><h1>访问被拒绝</h1><p>您的访问频率过快，请稍后再试。</p></body></html>', { status: 403 });
}
