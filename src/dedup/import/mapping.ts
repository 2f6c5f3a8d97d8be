/**
 * Column mapping for imports: which column of an office's export feeds which message
 * field. Built in: the 泰迪杯 columns (留言编号 …) and the header synonyms of local portals
 * (boards.md §3.1). A mapping file (JSON `{ "<column>": "<field>" }`) overrides them.
 */
import { z } from 'zod';

/** Fields a column can map to: ParsedMessage fields plus one reply and evaluation. */
export const ImportFields = [
  'externalId', 'url', 'boardId', 'boardName', 'title', 'body', 'postedAt', 'author', 'status', 'type',
  'domain', 'regionHint', 'views', 'likes', 'replyOrg', 'replyBody', 'replyAt', 'evaluation',
] as const;
export type ImportField = (typeof ImportFields)[number];

export const MappingSchema = z.record(z.string(), z.enum(ImportFields));
export type Mapping = z.infer<typeof MappingSchema>;

const SYNONYMS: Record<ImportField, readonly string[]> = {
  externalId: ['留言编号', '信件编号', '受理编号', '办件编号', '工单号', '业务编号', 'originalId', 'id', 'externalId'],
  url: ['链接', '网址', 'url'],
  boardId: ['boardId', '版块编号'],
  boardName: ['版块', '留言对象', '信箱', 'boardName'],
  title: ['留言主题', '信件标题', '反映标题', '主题', '来信标题', '标题', 'title'],
  body: ['留言详情', '信件内容', '反映内容', '来信内容', '问政内容', '留言内容', '内容', 'body'],
  postedAt: ['留言时间', '来信时间', '咨询时间', '反映时间', '提交时间', '发起时间', '受理日期', '发布时间', 'postedAt'],
  author: ['留言用户', '来信人', '网友', '问政人', '发布账号', 'author'],
  status: ['处理状态', '办理状态', '状态', '处理情况', 'status'],
  type: ['类型', '所属类型', '信件类别', '问题类型', 'type'],
  domain: ['领域', '一级分类', 'domain'],
  regionHint: ['地区', '区域', 'region', 'regionHint'],
  views: ['点击数', '浏览量', '访问量', 'views'],
  likes: ['点赞数', 'likes'],
  replyOrg: ['受理单位', '办理单位', '答复部门', '承办单位', '回复单位', '处理部门', '牵头部门', 'replyOrg'],
  replyBody: ['答复意见', '答复内容', '回复内容', '处理结果', '回复意见', '信件回复', 'replyBody'],
  replyAt: ['答复时间', '反馈时间', '回复时间', '处理时间', 'replyAt'],
  evaluation: ['满意度', '回复满意度', '回访结果', '来信人评议', '网友评价', 'evaluation'],
};

/** The built-in mapping: every synonym to its field. */
export function builtinMapping(): Mapping {
  const out: Mapping = {};
  for (const field of ImportFields) for (const header of SYNONYMS[field]) out[header] = field;
  return out;
}

/** Header index per field for one file; a user mapping wins over the built-in one. */
export function resolveColumns(header: string[], user: Mapping | null): Map<ImportField, number> {
  const mapping = { ...builtinMapping(), ...(user ?? {}) };
  const columns = new Map<ImportField, number>();
  header.forEach((name, i) => {
    const field = mapping[name.trim()];
    if (field && !columns.has(field)) columns.set(field, i);
  });
  return columns;
}
