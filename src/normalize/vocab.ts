/**
 * Raw site vocabularies → canonical status, type and domain codes. The raw value always travels
 * beside the code, so a mapping decision here can be revisited without re-scraping.
 */
import type { StatusCode, TypeCode } from '../shared/types.js';
import { toSimplified } from './chinese.js';

/**
 * Status words from liuyan (stateInfo: 待回复/办理中/已办理), rednet and city mailboxes
 * (已办结/已回复/办理完毕/待受理/处理中/受理/已受理/已解决/办结). Our definitions:
 * - pending: nobody has taken it up yet (待回复, 待受理, 未办理 …);
 * - processing: accepted or assigned, no answer yet (办理中, 受理, 已受理, 已交办 …);
 * - replied: an answer was published (已办理 — liuyan shows 已办理 exactly when a reply is
 *   attached —, 已回复, 已答复, 已解决);
 * - closed: the case was formally closed (办结, 已办结, 办理完毕, 已完结), which implies a reply.
 */
const STATUS: Record<string, StatusCode> = {
  待回复: 'pending',
  待受理: 'pending',
  待处理: 'pending',
  待办理: 'pending',
  未办理: 'pending',
  未回复: 'pending',
  未受理: 'pending',
  办理中: 'processing',
  处理中: 'processing',
  受理: 'processing',
  已受理: 'processing',
  已交办: 'processing',
  已转办: 'processing',
  正在办理: 'processing',
  已办理: 'replied',
  已回复: 'replied',
  已答复: 'replied',
  已解决: 'replied',
  已处理: 'replied',
  最新回应: 'replied',
  办结: 'closed',
  已办结: 'closed',
  办理完毕: 'closed',
  已完结: 'closed',
  已结案: 'closed',
};

/** rednet `is_reply`: 0 未办理, 1 已办理, 2 办理中, 3 最新回应 (the only numeric status seen). */
const REDNET_IS_REPLY: Record<string, string> = { '0': '未办理', '1': '已办理', '2': '办理中', '3': '最新回应' };

/** Keyword fallbacks for compound values such as 已回复待评价 (liuyan traceStateDesc). */
const STATUS_RULES: readonly (readonly [RegExp, StatusCode])[] = [
  [/办结|完毕|完结|结案/, 'closed'],
  [/^[待未]/, 'pending'],
  [/已办理|已回复|已答复|已解决|已处理/, 'replied'],
  [/中$|受理|交办|转办/, 'processing'],
];

function key(raw: string): string {
  // Boards in HK/TW script (辦理中) share the vocabulary once converted; spaces are layout.
  return toSimplified(raw.normalize('NFKC')).replace(/\s+/g, '');
}

/** Canonical status of a raw status value; unknown when nothing matches. */
export function normalizeStatus(raw: string | null): { code: StatusCode; raw: string | null } {
  if (raw === null) return { code: 'unknown', raw };
  const k = key(raw);
  const word = REDNET_IS_REPLY[k] ?? k;
  const code = STATUS[word] ?? STATUS_RULES.find(([re]) => re.test(word))?.[1] ?? 'unknown';
  return { code, raw };
}

/**
 * Type words (liuyan typeName, 12345 类型). 投诉/求助 is liuyan's label for typeId 2, which the
 * post form calls 投诉, so it is a complaint; 求助 alone (typeId 6) is help. 反映问题 (12345) is
 * a grievance about a problem and is handled as a complaint work order. Campaign tags (群众路线,
 * 两会, 国美活动) and numeric ids (liuyan and Beijing number types differently) are `other`.
 */
const TYPE: Record<string, TypeCode> = {
  投诉: 'complaint',
  '投诉/求助': 'complaint',
  反映问题: 'complaint',
  举报: 'complaint',
  求助: 'help',
  咨询: 'consultation',
  建言: 'suggestion',
  建议: 'suggestion',
  意见建议: 'suggestion',
  感谢: 'thanks',
  表扬: 'thanks',
};

/** Canonical type of a raw type value; `other` for anything unrecognised or missing. */
export function normalizeType(raw: string | null): { code: TypeCode; raw: string | null } {
  if (raw === null) return { code: 'other', raw };
  return { code: TYPE[key(raw)] ?? 'other', raw };
}

/** liuyan domainName values (also the post form's 领域 options) → stable ASCII codes. */
export const DOMAIN_CODES = {
  城建: 'urban-construction',
  交通: 'transport',
  环保: 'environment',
  教育: 'education',
  企业: 'enterprise',
  医疗: 'healthcare',
  政务: 'government',
  文娱: 'culture',
  三农: 'agriculture',
  就业: 'employment',
  旅游: 'tourism',
  金融: 'finance',
  治安: 'public-security',
  其他: 'other',
  征集: 'solicitation',
} as const;
export type DomainCode = (typeof DOMAIN_CODES)[keyof typeof DOMAIN_CODES];

/** Canonical domain; code null when the raw value is missing or not in the liuyan list. */
export function normalizeDomain(raw: string | null): { code: DomainCode | null; raw: string | null } {
  if (raw === null) return { code: null, raw };
  const k = key(raw);
  const code = Object.hasOwn(DOMAIN_CODES, k) ? DOMAIN_CODES[k as keyof typeof DOMAIN_CODES] : null;
  return { code, raw };
}
