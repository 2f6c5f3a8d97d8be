import pino from 'pino';
import { describe, expect, it } from 'vitest';

import { type FetchLogger, redactHeaders, safeUrl } from '../../../src/fetch/fetch-logger.js';

describe('fetch logging helpers', () => {
  it('accepts a pino logger as a FetchLogger', () => {
    const logger: FetchLogger = pino({ level: 'silent' });
    expect(() => logger.warn({ url: 'x' }, 'fetch failed, will retry')).not.toThrow();
  });

  it('strips credentials from URLs and survives invalid ones', () => {
    expect(safeUrl('http://user:pw@h.cn/a?b=1')).toBe('http://h.cn/a?b=1');
    expect(safeUrl('not a url')).toBe('(invalid url)');
  });

  it('redacts cookie values but keeps their names, and drops auth', () => {
    const set = 'a=1; Path=/; Expires=Wed, 21 Oct 2026 07:28:00 GMT, __jsluid_s=xyz; HttpOnly';
    expect(
      redactHeaders({ 'Set-Cookie': set, Cookie: 'x=1; y=2', Authorization: 'Bearer t', 'Content-Type': 'text/html' }),
    ).toEqual({
      'set-cookie': '[redacted: a, __jsluid_s]',
      cookie: '[redacted: x, y]',
      authorization: '[redacted]',
      'content-type': 'text/html',
    });
  });
});
