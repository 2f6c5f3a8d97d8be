import { SlotIndex } from '../core/slot-index.js';
import { Timeline, type TimelineSpec } from '../core/timeline.js';
import type { BoardCore } from '../core/world.js';
import type { SimMessage } from '../core/message.js';
import { indexOfStepped, steppedId } from '../local/ids.js';
import { formatCst } from '../http/respond.js';

// 6-digit administrative codes used as city_id (boards.md §2.1); weights skew towards 长沙.
export const hunanCities: ReadonlyArray<readonly [number, string, number]> = [
  [430100, '长沙市', 8], [430200, '株洲市', 2], [430300, '湘潭市', 2], [430400, '衡阳市', 3], [430500, '邵阳市', 2],
  [430600, '岳阳市', 2], [430700, '常德市', 2], [430800, '张家界市', 1], [430900, '益阳市', 1], [431000, '郴州市', 2],
  [431100, '永州市', 2], [431200, '怀化市', 1], [431300, '娄底市', 1], [433100, '湘西土家族苗族自治州', 1],
];
const cityName = new Map(hunanCities.map(([id, name]) => [id, name]));

export const citySlots = new SlotIndex<number>(hunanCities.map(([id, , w]) => [id, w] as const));

export function cityIdOf(i: number): number {
  return citySlots.categoryOf(i);
}

export interface RednetIds {
  readonly base: number;
  readonly stride: number;
}

export function makeRednetCore(key: string, ids: RednetIds, spec: TimelineSpec): BoardCore {
  return {
    key,
    boardId: spec.boardId,
    timeline: new Timeline(spec),
    placeOf: (i) => ({ province: '湖南省', city: cityName.get(cityIdOf(i)) ?? '长沙市' }),
    externalId: (i) => String(steppedId(ids.base, ids.stride, i)),
    indexOf: (id) => indexOfStepped(ids.base, ids.stride, Number(id)),
  };
}

/** is_reply codes: 0 未办理, 1 已办理, 2 办理中 (3 最新回应 is a view, not a state). */
export const isReplyCode = { pending: 0, replied: 1, processing: 2 } as const;

// Rednet labels types in its own words.
export const rednetTypes: Readonly<Record<string, readonly [number, string]>> = {
  '投诉/求助': [1, '投诉'], 咨询: [2, '咨询'], 建言: [3, '建议'], 感谢: [5, '表扬'],
};

export function listRow(m: SimMessage): Record<string, unknown> {
  const cityId = cityIdOf(m.index);
  const last = m.replies[m.replies.length - 1];
  const [typeId, typeName] = rednetTypes[m.petition.typeName] ?? [4, '求助'];
  return {
    id: Number(m.externalId), title: m.petition.title, created_at: formatCst(m.postedAtMs, true),
    type_id: typeId, type_name: typeName, nickname: m.nick, city_id: cityId, area_id: cityId + 2 + (m.index % 7),
    is_reply: isReplyCode[m.status], reply_name: last ? last.org : '', reply_time: last ? formatCst(last.atMs, true) : '',
    click_num: m.views,
  };
}

export function detailData(m: SimMessage): Record<string, unknown> {
  return {
    ...listRow(m),
    // data.content is HTML, as the SPA renders it with v-html.
    content: `<div>${m.petition.paragraphs.map((p) => `<p>${p}</p>`).join('')}</div>`,
    reply: m.replies.map((r) => ({ content: `<p>${r.paragraphs.join('</p><p>')}</p>`, reply_time: formatCst(r.atMs, true), name: r.org })),
    comment: m.evaluation ? [{ content: m.evaluation.text, created_at: formatCst(m.evaluation.atMs, true), nickname: m.nick }] : [],
  };
}
