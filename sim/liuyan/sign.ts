import { createHash } from 'node:crypto';

/** The appCode the PC site reads from `window.SITE_CONFIG` (boards.md §1.5). */
export const LIUYAN_APP_CODE = 'PC42ce3bfa4980a9';

function md5Hex(text: string): string {
  return createHash('md5').update(text, 'utf8').digest('hex');
}

/**
 * Generation-B signature: md5(path without query + raw param string + md5(appCode)[0:16] + token).
 * The param string is hashed as sent (key order, spacing, raw UTF-8), never re-serialised.
 */
export function signLiuyan(path: string, paramString: string, token = '', appCode = LIUYAN_APP_CODE): string {
  const bare = path.split('?')[0] ?? path;
  return md5Hex(bare + paramString + md5Hex(appCode).slice(0, 16) + token);
}
