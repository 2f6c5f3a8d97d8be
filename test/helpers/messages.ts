/** Builders for synthetic normalized messages (never real third-party text). */
import type { NormalizedMessage } from '../../src/shared/types.js';

export function makeMessage(overrides: Partial<NormalizedMessage> = {}): NormalizedMessage {
  return {
    source: 'test-board',
    externalId: '1001',
    url: 'http://127.0.0.1/threads/content?tid=1001',
    board: { id: '539', name: '测试市委书记' },
    title: '小区门口道路破损严重',
    body: '我们小区门口的道路破损已经三个月，雨天积水，希望尽快维修。',
    bodyTruncated: false,
    original: { title: '小区门口道路破损严重', body: '我们小区门口的道路破损已经三个月，雨天积水，希望尽快维修。' },
    script: 'simplified',
    postedAt: new Date('2026-06-01T02:00:00Z'),
    author: '陈***',
    status: { code: 'pending', raw: '待回复' },
    type: { code: 'complaint', raw: '投诉/求助' },
    domain: { code: 'urban-construction', raw: '城建' },
    region: { province: '浙江省', city: '杭州市', county: null, code: '330100' },
    replies: [],
    evaluation: null,
    views: 10,
    likes: 0,
    sensitive: { phone: false, idNumber: false, masked: false },
    extra: {},
    ...overrides,
  };
}
