/** What the demo prints: what landed per source and status, sample records, the event log. */
import type { Db } from 'mongodb';

import type { RunResult } from '../../pipeline/run-source.js';
import { Collections, type MessageRecord } from '../../store/schemas.js';

function table(out: NodeJS.WritableStream, header: string[], rows: (string | number)[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i] ?? '').length)));
  const line = (cells: (string | number)[]) => cells.map((c, i) => String(c).padEnd(widths[i] ?? 0)).join('  ');
  out.write(`${line(header)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}\n`);
  for (const r of rows) out.write(`${line(r)}\n`);
}

export function printRuns(out: NodeJS.WritableStream, results: [string, RunResult][]): void {
  out.write('\nCrawl runs\n');
  table(
    out,
    ['source', 'state', 'pages', 'inserted', 'updated', 'unchanged', 'gone', 'dead letters'],
    results.map(([id, r]) => {
      const c = r.summary.counts;
      return [id, r.state, c.pages, c.inserted, c.updated, c.unchanged, c.skipped, c.deadLettered];
    }),
  );
}

export async function printStore(out: NodeJS.WritableStream, db: Db): Promise<void> {
  const messages = db.collection<MessageRecord>(Collections.messages);
  const rows = await messages
    .aggregate<{ _id: { source: string; status: string }; n: number }>([
      { $group: { _id: { source: '$source', status: '$status.code' }, n: { $sum: 1 } } },
    ])
    .toArray();
  const bySource = new Map<string, Record<string, number>>();
  for (const r of rows) bySource.set(r._id.source, { ...(bySource.get(r._id.source) ?? {}), [r._id.status]: r.n });
  out.write('\nMessages in the store by source and status\n');
  const statuses = ['pending', 'processing', 'replied', 'closed', 'unknown'];
  table(
    out,
    ['source', ...statuses, 'total'],
    [...bySource.entries()].sort().map(([s, m]) => [s, ...statuses.map((k) => m[k] ?? 0), Object.values(m).reduce((a, b) => a + b, 0)]),
  );
  const samples = await messages.find({ 'replies.0': { $exists: true } }).sort({ postedAt: -1 }).limit(3).toArray();
  out.write('\nSample records (newest answered messages)\n');
  for (const m of samples) {
    out.write(
      `- ${m._id}  [${m.status.code}/${m.status.raw ?? ''}] ${m.title.slice(0, 40)}\n` +
        `    board ${m.board.name ?? m.board.id ?? '?'}; region ${[m.region.province, m.region.city].filter(Boolean).join(' ') || '?'} ${m.region.code ?? ''}; ` +
        `type ${m.type.code}; posted ${m.postedAt?.toISOString() ?? '?'}; replies ${m.replies.length}; ` +
        `rating ${m.evaluation?.label ?? '-'}\n`,
    );
  }
  await printCases(out, db);
  const events = await db.collection(Collections.events).estimatedDocumentCount();
  const versions = await db.collection(Collections.messageVersions).estimatedDocumentCount();
  out.write(`\nEvent log: ${events} events for ${versions} message versions (poll with: npm run cli -- events --after=0)\n`);
}

interface CaseView {
  _id: string;
  state: string;
  title: string | null;
  messageIds: string[];
  messageCount: number;
  sources: string[];
  status: { code: string } | null;
}

/** Cases: one per issue; a case with several messages is a set of duplicates found. */
async function printCases(out: NodeJS.WritableStream, db: Db): Promise<void> {
  const cases = await db.collection<CaseView>('cases').find({ state: 'open' }).toArray();
  const multi = cases.filter((c) => c.messageCount > 1).sort((a, b) => b.messageCount - a.messageCount);
  const crossBoard = multi.filter((c) => c.sources.length > 1).length;
  out.write(
    `\nCases: ${cases.length} open cases for ${cases.reduce((n, c) => n + c.messageCount, 0)} messages; ` +
      `${multi.length} hold duplicates (${crossBoard} across sources)\n`,
  );
  for (const c of multi.slice(0, 3)) {
    out.write(`- ${c._id} [${c.status?.code ?? '?'}] ${(c.title ?? '').slice(0, 30)}: ${c.messageCount} messages from ${c.sources.join(', ')}\n`);
    for (const id of c.messageIds.slice(0, 4)) out.write(`    ${id}\n`);
  }
}
