import { describe, expect, it } from 'vitest';

import { compareCaseAge, formatCaseNumber, parseCaseNumber, shanghaiYear } from '../../../src/store/case-numbers.js';
import { rollupMessages, type RollupMessage } from '../../../src/store/case-rollup-fields.js';
import { makeMessage } from '../../helpers/messages.js';

function msg(id: string, over: Parameters<typeof makeMessage>[0] = {}): RollupMessage {
  const m = makeMessage(over);
  return { ...m, _id: id, firstSeenAt: new Date('2026-06-01T00:00:00Z') };
}

describe('case numbers', () => {
  it('formats, parses and orders by (year, seq)', () => {
    expect(formatCaseNumber(2026, 123)).toBe('WZ-2026-000123');
    expect(parseCaseNumber('WZ-2026-1234567')).toEqual({ year: 2026, seq: 1234567 });
    expect(compareCaseAge('WZ-2026-000999', 'WZ-2026-1000000')).toBeLessThan(0);
    expect(compareCaseAge('WZ-2027-000001', 'WZ-2026-000999')).toBeGreaterThan(0);
    expect(shanghaiYear(new Date('2026-12-31T17:00:00Z'))).toBe(2027);
  });
});

describe('rollupMessages', () => {
  it('rolls up sources, boards, times, latest status, replies and evaluation', () => {
    const reply = { org: '住建局', body: '已维修。', at: new Date('2026-06-10T00:00:00Z') };
    const evaluation = { label: '满意', resolution: 5, attitude: 5, speed: 4, text: null, at: new Date('2026-06-12T00:00:00Z') };
    const r = rollupMessages([
      msg('b:2', { source: 'b', postedAt: new Date('2026-06-05T00:00:00Z'), status: { code: 'replied', raw: '已办理' }, replies: [reply], evaluation }),
      msg('a:1', { source: 'a', postedAt: new Date('2026-06-01T00:00:00Z') }),
    ]);
    expect(r).toMatchObject({
      messageIds: ['a:1', 'b:2'],
      messageCount: 2,
      sources: ['a', 'b'],
      status: { code: 'replied', messageId: 'b:2' },
      replies: { count: 1, latest: { org: '住建局', messageId: 'b:2' } },
      evaluation: { label: '满意', messageId: 'b:2' },
    });
    expect(r.firstPostedAt?.toISOString()).toBe('2026-06-01T00:00:00.000Z');
    expect(r.lastPostedAt?.toISOString()).toBe('2026-06-05T00:00:00.000Z');
  });

  it('does not depend on input order', () => {
    const ms = [msg('x:1', { postedAt: new Date(1) }), msg('x:2', { postedAt: new Date(1) }), msg('x:3', { postedAt: null })];
    expect(rollupMessages(ms)).toEqual(rollupMessages([...ms].reverse()));
  });
});
