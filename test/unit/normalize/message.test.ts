import { describe, expect, it } from 'vitest';
import { normalizeMessage, normalizeText } from '../../../src/normalize/message.js';
import { NormalizedMessageSchema, type ParsedMessage } from '../../../src/shared/types.js';

const now = new Date('2024-03-05T04:00:00Z');

function parsed(over: Partial<ParsedMessage> = {}): ParsedMessage {
  return {
    externalId: '9233844',
    url: 'https://liuyan.example/threads/content?tid=9233844',
    boardId: '1007',
    boardName: '杭州市委书记刘捷',
    title: "關於<label style='color:#D5313F'>小區</label>停車問題",
    body: '<p>　　您好，，我們小區停車難。</p><p>電話13812345678</p>',
    bodyFormat: 'html',
    bodyTruncated: false,
    postedAt: 1630627200,
    author: '陈***',
    status: '已办理',
    type: '投诉/求助',
    domain: '城建',
    regionHint: null,
    replies: [{ org: '杭州市住建局', body: '<p>已联系您13812345678。</p>', at: '2021-09-05 10:00' }],
    evaluation: { label: '满意', resolution: 5, attitude: 5, speed: 4, text: null, at: '昨天 12:30' },
    views: 12,
    likes: null,
    extra: { ip: '124.227.4.*' },
    ...over,
  };
}

describe('normalizeMessage', () => {
  it('produces a schema-valid record with clean Simplified text and canonical codes', () => {
    const out = normalizeMessage(parsed(), { source: 'liuyan', now, maskSensitive: false });
    expect(NormalizedMessageSchema.safeParse(out).success).toBe(true);
    expect(out.title).toBe('关于小区停车问题');
    expect(out.body).toBe('您好，我们小区停车难。\n\n电话13812345678');
    expect(out.script).toBe('traditional');
    expect(out.original.title).toBe(parsed().title);
    expect(out.postedAt?.toISOString()).toBe('2021-09-03T00:00:00.000Z');
    expect(out.status).toEqual({ code: 'replied', raw: '已办理' });
    expect(out.type).toEqual({ code: 'complaint', raw: '投诉/求助' });
    expect(out.domain).toEqual({ code: 'urban-construction', raw: '城建' });
    expect(out.region).toEqual({ province: '浙江省', city: '杭州市', county: null, code: '330100' });
    expect(out.replies[0]?.at?.toISOString()).toBe('2021-09-05T02:00:00.000Z');
    expect(out.evaluation?.at?.toISOString()).toBe('2024-03-04T04:30:00.000Z');
    expect(out.sensitive).toEqual({ phone: true, idNumber: false, masked: false });
    expect(out.source).toBe('liuyan');
  });

  it('masks numbers everywhere, including the verbatim copy, when asked', () => {
    const out = normalizeMessage(parsed(), { source: 'liuyan', now, maskSensitive: true });
    expect(out.body).toContain('138******78');
    expect(out.replies[0]?.body).toBe('已联系您138******78。');
    expect(out.original.body).not.toContain('13812345678');
    expect(out.sensitive).toEqual({ phone: true, idNumber: false, masked: true });
  });

  it('keeps Simplified text and unknown values as they are', () => {
    const out = normalizeMessage(
      parsed({ title: '乾县破坏问题', body: '乾县的路被破坏了', bodyFormat: 'text', status: null, type: null, domain: null, postedAt: '不详', evaluation: null }),
      { source: 'x', now, maskSensitive: true },
    );
    expect(out.title).toBe('乾县破坏问题');
    expect(out.body).toBe('乾县的路被破坏了');
    expect(out.script).toBe('simplified');
    expect(out.postedAt).toBeNull();
    expect(out.status).toEqual({ code: 'unknown', raw: null });
    expect(out.type).toEqual({ code: 'other', raw: null });
    expect(out.domain).toEqual({ code: null, raw: null });
    expect(out.sensitive.masked).toBe(false);
  });
});

describe('normalizeText (re-export)', () => {
  it('handles title-style plain text and body-style HTML', () => {
    expect(normalizeText('來(lái)自網(wǎng)路')).toBe('来自网路');
    expect(normalizeText('<p>a</p><p>b</p>', { html: true })).toBe('a\n\nb');
  });
});
