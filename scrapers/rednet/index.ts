/**
 * 红网 (Hunan): 百姓呼声 on rapi.rednet.cn and 问政湖南 on wzapi.rednet.cn (boards.md §2.1-2.2).
 * Two sources, not one with a `board` option: they live on different API hosts, and a source
 * has exactly one baseUrl (config overrides it per source id), one politeness budget and one
 * id space (the two boards' ids overlap). Parsing is shared.
 */
import { defineSource, type IncrementalTrait, type SeedContext, type SourceInput, type Task } from '../../src/sources/define-source.js';
import { RednetOptionsSchema, type RednetBoard, type RednetOptions } from './options.js';
import { parseDetail } from './parse-detail.js';
import { parseList } from './parse-list.js';
import { listTask } from './tasks.js';

function seedsFor(board: RednetBoard) {
  return (ctx: SeedContext<RednetOptions>): Task[] => {
    const opts = ctx.since === null ? ctx.options : { ...ctx.options, since: ctx.since };
    return [listTask(board, opts, 1)];
  };
}

/** The stored watermark of the board, unless the config sets one. */
function incrementalFor(board: RednetBoard): IncrementalTrait<RednetOptions> {
  return { withWatermarks: (o, w) => (o.watermark > 0 ? o : { ...o, watermark: w[board] ?? 0 }) };
}

const shared: Pick<SourceInput<RednetOptions>, 'fetch' | 'block' | 'schedule' | 'options' | 'parse'> = {
  fetch: { via: 'http', encoding: 'utf-8', concurrency: 1, minIntervalMs: 2000 },
  block: { statuses: [403, 429], markers: [] },
  schedule: '*/30 * * * *',
  options: RednetOptionsSchema,
  parse: { list: parseList, detail: parseDetail },
};

export const rednet = defineSource({
  ...shared,
  id: 'rednet',
  name: '红网 百姓呼声',
  baseUrl: 'https://rapi.rednet.cn',
  notes: 'JSON API behind the people.rednet.cn SPA; /front/msg/list ignores `search`. Content and replies are HTML.',
  seeds: seedsFor('baixing'),
  incremental: incrementalFor('baixing'),
});

export const rednetWz = defineSource({
  ...shared,
  id: 'rednet-wz',
  name: '红网 问政湖南',
  baseUrl: 'https://wzapi.rednet.cn',
  notes: 'JSON API behind wz.rednet.cn; only /front/msg/index lists, `pageNum` is the page size. Reply shape assumed equal to 百姓呼声 (unverified).',
  seeds: seedsFor('wenzheng'),
  incremental: incrementalFor('wenzheng'),
});
