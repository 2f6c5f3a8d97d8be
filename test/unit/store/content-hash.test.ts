import { describe, expect, it } from 'vitest';

import { canonicalJson, changedFields, contentHash } from '../../../src/store/content-hash.js';
import { makeMessage } from '../../helpers/messages.js';

describe('content hash', () => {
  it('ignores key order and volatile counters', () => {
    const a = makeMessage({ views: 1, likes: 2 });
    const b = { ...makeMessage({ views: 900, likes: 7 }) };
    expect(contentHash(a)).toBe(contentHash(b));
    expect(canonicalJson({ b: 1, a: 2 })).toBe(canonicalJson({ a: 2, b: 1 }));
  });

  it('changes with status, replies and body', () => {
    const base = contentHash(makeMessage());
    expect(contentHash(makeMessage({ status: { code: 'replied', raw: '已办理' } }))).not.toBe(base);
    expect(contentHash(makeMessage({ body: '另一段内容' }))).not.toBe(base);
    expect(contentHash(makeMessage({ replies: [{ org: '某局', body: '已处理', at: null }] }))).not.toBe(base);
  });

  it('serializes dates as ISO strings so equal instants hash equal', () => {
    const d1 = makeMessage({ postedAt: new Date('2026-01-01T00:00:00Z') });
    const d2 = makeMessage({ postedAt: new Date(Date.UTC(2026, 0, 1)) });
    expect(contentHash(d1)).toBe(contentHash(d2));
  });

  it('lists exactly the changed content fields', () => {
    const before = makeMessage();
    const after = makeMessage({ title: '新标题', views: 5000 });
    expect(changedFields(before, after)).toEqual(['title']);
  });
});
