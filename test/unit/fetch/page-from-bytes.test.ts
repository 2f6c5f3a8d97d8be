import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';

import { pageFromBytes } from '../../../src/fetch/page-from-bytes.js';
import { FetchedPageSchema } from '../../../src/shared/types.js';

describe('pageFromBytes', () => {
  it('decodes recorded GBK bytes into a schema-valid FetchedPage', () => {
    const bytes = iconv.encode('<meta charset="gb2312"><p>网络问政</p>', 'gbk');
    const page = pageFromBytes({
      url: 'http://h.cn/detail?id=1',
      headers: { 'Content-Type': 'text/html', 'Set-Cookie': 'sid=SECRET' },
      bytes,
      fetchedAt: new Date('2026-01-01T00:00:00Z'),
    });
    expect(FetchedPageSchema.safeParse(page).success).toBe(true);
    expect(page).toMatchObject({ status: 200, charset: 'gb18030', finalUrl: 'http://h.cn/detail?id=1' });
    expect(page.text).toContain('网络问政');
    expect(page.headers['set-cookie']).toBe('[redacted: sid]');
  });

  it('applies a declared encoding', () => {
    const bytes = iconv.encode('留言', 'gbk');
    const page = pageFromBytes({ url: 'http://h.cn/', bytes, fetchedAt: new Date(0), encoding: 'gbk' });
    expect(page.text).toBe('留言');
  });
});
