import iconv from 'iconv-lite';
import { Rng } from '../core/prng.js';
import type { Faults } from '../options.js';
import { empty, html } from './respond.js';
import type { SimResponse } from './types.js';

// JSON keys renamed by a "layout change", one per board family's list container.
const renamedKeys: ReadonlyArray<readonly [string, string]> = [
  ['"responseData":', '"data":'], ['"rows":', '"list":'], ['"resultData":', '"result_data":'],
  ['"mailList":', '"mail_list":'], ['"contentList":', '"contents":'],
];

/** Per-board fault injector; decisions come from (seed, board, request number) so runs repeat. */
export class FaultState {
  #burstLeft = 0;
  #requestNo = 0;
  readonly #seed: number;
  readonly #boardId: number;

  constructor(seed: number, boardId: number) {
    this.#seed = seed;
    this.#boardId = boardId;
  }

  /** A 5xx answer when a burst is running or starts now, else null. */
  before(cfg: Faults): SimResponse | null {
    const rng = new Rng(this.#seed, this.#boardId, ++this.#requestNo, 97);
    if (this.#burstLeft === 0 && rng.chance(cfg.serverErrorRate)) this.#burstLeft = cfg.serverErrorBurst;
    if (this.#burstLeft === 0) return null;
    this.#burstLeft--;
    const status = rng.pick([500, 502, 503]);
    return html(`<html><body><h1>${status} Server Error</h1></body></html>`, { status });
  }

  /** Damages a successful response: empty, wrong charset, changed layout or truncated. */
  after(cfg: Faults, res: SimResponse): SimResponse {
    if (res.status !== 200 || res.body.length === 0) return res;
    const rng = new Rng(this.#seed, this.#boardId, this.#requestNo, 101);
    let out = res;
    if (rng.chance(cfg.emptyBodyRate)) return empty(200, res.headers);
    if (rng.chance(cfg.layoutChangeRate)) out = changeLayout(out);
    if (out.kind === 'html' && rng.chance(cfg.wrongCharsetRate)) out = wrongCharset(out);
    if (rng.chance(cfg.truncateRate)) out = { ...out, body: out.body.subarray(0, Math.floor(out.body.length / 2)) };
    return out;
  }
}

function changeLayout(res: SimResponse): SimResponse {
  const decoded = res.charset === 'gbk' ? iconv.decode(res.body, 'gbk') : res.body.toString('utf8');
  let changed = decoded;
  if (res.kind === 'html') changed = decoded.replace(/class="/g, 'class="v2-').replace(/id="/g, 'id="v2-');
  else for (const [from, to] of renamedKeys) changed = changed.split(from).join(to);
  const body = res.charset === 'gbk' ? iconv.encode(changed, 'gbk') : Buffer.from(changed, 'utf8');
  return { ...res, body };
}

// Declares the other charset in the header than the bytes really use.
function wrongCharset(res: SimResponse): SimResponse {
  const declared = res.charset === 'gbk' ? 'utf-8' : 'gbk';
  return { ...res, headers: { ...res.headers, 'content-type': `text/html; charset=${declared}` } };
}
