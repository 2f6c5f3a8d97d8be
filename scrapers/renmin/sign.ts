/**
 * Generation-B request signing (boards.md §1.5, reverse-engineered in xinzhuohkust/LLMB
 * `inst/js/signature.js`). Pure: no clock, no I/O.
 */
import { createHash } from 'node:crypto';

/** The PC site's appCode, read by the SPA from `window.SITE_CONFIG['appCode']`. */
export const RENMIN_APP_CODE = 'PC42ce3bfa4980a9';

const md5Hex = (text: string): string => createHash('md5').update(text, 'utf8').digest('hex');

/**
 * `md5(path_without_query + param + md5(appCode).slice(0, 16) + token)`. The param string is
 * hashed exactly as sent: key order and spacing matter and Chinese stays raw UTF-8, so callers
 * sign the same string they put in the envelope and never re-serialise it.
 */
export function signParam(path: string, param: string, token = '', appCode = RENMIN_APP_CODE): string {
  const bare = path.split('?')[0] ?? path;
  return md5Hex(bare + param + md5Hex(appCode).slice(0, 16) + token);
}

/** The JSON body every generation-B call posts: `param` is a compact JSON string. */
export interface SignedEnvelope {
  appCode: string;
  token: string;
  signature: string;
  param: string;
}

/** Serialises `param` compactly (JSON.stringify, insertion order) and signs it for `path`. */
export function signedEnvelope(path: string, param: Record<string, unknown>, token = ''): SignedEnvelope {
  // JSON.stringify is compact; never strip spaces afterwards, that would corrupt values.
  const paramString = JSON.stringify(param);
  return { appCode: RENMIN_APP_CODE, token, signature: signParam(path, paramString, token), param: paramString };
}
