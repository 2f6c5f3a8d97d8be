/**
 * People's Daily Online leader message board (人民网 领导留言板), liuyan.people.com.cn.
 * One source over two transports (boards.md §1, §5): the unsigned form API of generations A/C
 * with the server-rendered detail page, and the signed JSON API of generation B.
 */
import { defineSource, type SeedContext, type Task } from '../../src/sources/define-source.js';
import { RenminOptionsSchema, type RenminOptions } from './options.js';
import { parseSignedDetail } from './parse-content.js';
import { parseDetail } from './parse-detail.js';
import { parseFormList, parseSearchList, parseSignedList } from './parse-list.js';
import { formListTask, searchListTask, signedListTask, statusSearchTask, statusStop } from './tasks.js';

/** The run's `since` (backfill) wins over the configured one when both are set. */
function effectiveOptions(ctx: SeedContext<RenminOptions>): RenminOptions {
  return ctx.since === null ? ctx.options : { ...ctx.options, since: ctx.since };
}

function seeds(ctx: SeedContext<RenminOptions>): Task[] {
  const opts = effectiveOptions(ctx);
  if (opts.feed === 'site') return [searchListTask(opts, { fid: null, page: 1 })];
  if (opts.feed === 'fids') return opts.fids.map((fid) => searchListTask(opts, { fid, page: 1 }));
  if (opts.transport === 'form') {
    return opts.fids.map((fid) => formListTask(opts, { fid, page: 1, lastItem: '0' }));
  }
  // The signed list is filtered by type tab; the site's own client loops over them.
  return opts.fids.flatMap((fid) => opts.typeIds.map((typeId) => signedListTask(opts, { fid, page: 1, lastItem: '', typeId })));
}

export const renmin = defineSource({
  id: 'renmin',
  name: '人民网 领导留言板',
  baseUrl: 'https://liuyan.people.com.cn',
  notes:
    'Form list (POST only; GET is 405), ~100-char list excerpts so every row is re-fetched as a ' +
    'detail. Generation C returns an empty 200 body and 403/429 under bursts: warm up, go slow. ' +
    'Signed API answers a bad signature with HTTP 200 {"code":"SN0006"}.',
  fetch: { via: 'http', encoding: 'utf-8', concurrency: 1, minIntervalMs: 2000, warmupPath: '/threads/list?fid=539' },
  block: { statuses: [403, 429], markers: [] },
  schedule: '*/30 * * * *',
  options: RenminOptionsSchema,
  seeds,
  // Stored per-list watermarks; ones set in the config win.
  incremental: { withWatermarks: (o, w) => ({ ...o, watermarks: { ...w, ...o.watermarks } }) },
  statusSweep: {
    everyMs: (o) => (o.statusSweep ? o.statusSweep.everyHours * 3_600_000 : null),
    // The same lists as the seeds, from their first page, down to the window.
    seeds: (o, now) => {
      const stop = statusStop(Math.floor(now.getTime() / 1000 - (o.statusSweep?.windowDays ?? 0) * 86_400));
      if (o.feed === 'site') return [statusSearchTask(o, { fid: null, page: 1 }, stop)];
      if (o.feed === 'fids') return o.fids.map((fid) => statusSearchTask(o, { fid, page: 1 }, stop));
      // Every state (1 全部): a list filtered to 待回复 would drop exactly the rows that changed.
      if (o.transport === 'form') return o.fids.map((fid) => formListTask({ ...o, state: 1 }, { fid, page: 1, lastItem: '0' }, stop));
      return o.fids.flatMap((fid) => o.typeIds.map((typeId) => signedListTask(o, { fid, page: 1, lastItem: '', typeId }, stop)));
    },
  },
  parse: {
    list: parseFormList,
    detail: parseDetail,
    signedList: parseSignedList,
    searchList: parseSearchList,
    signedDetail: parseSignedDetail,
  },
});
