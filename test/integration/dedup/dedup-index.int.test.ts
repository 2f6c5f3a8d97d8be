import { MongoClient } from 'mongodb';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';

import { DedupIndex, SIGNATURE_TTL_MS } from '../../../src/dedup/dedup-index.js';
import { fingerprint } from '../../../src/dedup/fingerprint.js';
import { CaseCollections, ensureCaseSchema } from '../../../src/store/case-schemas.js';
import { useTestDb } from '../../helpers/test-db.js';

const t = useTestDb('dedup_index');

// Synthetic petitions (never real third-party text): a re-post with a line added, and an edit.
const body = '东风路与建设大街交叉口的红绿灯坏了一个星期，早晚高峰车辆乱成一团，行人过马路非常危险，请交警部门尽快修复。';
const repost = { title: '红绿灯坏了', body: `${body}谢谢！`, source: 'b1', author: null };
const rewritten = '东风路交叉口的红绿灯已经修好了，现在想反映的是路口北侧的下水道井盖松动，车一压就响，晚上特别吵。';

/** A client of its own (a process of its own: its own recent signatures), counting signature reads. */
async function watched(): Promise<{ client: MongoClient; index: DedupIndex; reads: string[] }> {
  const client = new MongoClient(t.uri, { monitorCommands: true });
  const reads: string[] = [];
  client.on('commandStarted', (e) => {
    const command = e.command as { find?: string; filter?: { _id?: unknown } };
    if (command.find === CaseCollections.dedupSignatures) reads.push(String(command.filter?._id));
  });
  await client.connect();
  return { client, index: new DedupIndex(client.db(t.name)), reads };
}

beforeAll(async () => {
  await ensureCaseSchema(t.db);
});

afterEach(() => {
  vi.useRealTimers();
});

describe('dedup index: recent signatures', () => {
  it('confirms a candidate this process stored moments ago without reading its signature back', async () => {
    const { client, index, reads } = await watched();
    try {
      await index.recordAndMatch('b1:first', 1, fingerprint({ title: '红绿灯坏了', body, source: 'b1', author: null }));
      expect(await index.recordAndMatch('b2:again', 1, fingerprint(repost))).toEqual(['b1:first']);
      expect(reads).toEqual([]);
    } finally {
      await client.close();
    }
  });

  it("reads a candidate another process stored, and sees that process's edit once the entry is older than SIGNATURE_TTL_MS", async () => {
    const writer = new DedupIndex(t.db);
    await writer.recordAndMatch('b1:edited', 1, fingerprint({ title: '红绿灯坏了', body, source: 'b1', author: null }));
    const { client, index, reads } = await watched();
    vi.useFakeTimers({ toFake: ['performance'] });
    try {
      const fp = fingerprint(repost);
      expect(await index.sameIssue(fp, 'b1:edited')).toBe(true);
      expect(reads).toEqual(['b1:edited']);
      // The other process stores an edit with other text: until the entry ages out this
      // process compares with the text it read a moment ago, then with the new one.
      await writer.recordAndMatch('b1:edited', 2, fingerprint({ title: '井盖松动', body: rewritten, source: 'b1', author: null }));
      expect(await index.sameIssue(fp, 'b1:edited')).toBe(true);
      expect(reads).toHaveLength(1);
      vi.advanceTimersByTime(SIGNATURE_TTL_MS + 1);
      expect(await index.sameIssue(fp, 'b1:edited')).toBe(false);
      expect(reads).toHaveLength(2);
    } finally {
      await client.close();
    }
  });
});
