/**
 * Record types that flow between the stages. Each stage's output is a different type:
 * FetchedPage → ParsedMessage → NormalizedMessage → MessageRecord (store). The zod schemas
 * are the single source of these types.
 */
import { z } from 'zod';

/** A page as the fetch stage returns it: raw bytes plus the decoded text. */
export const FetchedPageSchema = z.object({
  url: z.string().url(),
  /** The URL finally answered after allowed redirects. */
  finalUrl: z.string().url(),
  status: z.number().int(),
  headers: z.record(z.string(), z.string()),
  /** The original response bytes; kept so failures can be dead-lettered verbatim. */
  bytes: z.instanceof(Uint8Array),
  /** The body decoded to a string using the detected charset. */
  text: z.string(),
  /** Which charset the decoder used (utf-8, gbk, gb18030, …). */
  charset: z.string(),
  fetchedAt: z.date(),
});
export type FetchedPage = z.infer<typeof FetchedPageSchema>;

/** Raw time as a site gives it: unix seconds/ms, or a date string in any Chinese format. */
export const RawTimeSchema = z.union([z.number(), z.string()]).nullable();
export type RawTime = z.infer<typeof RawTimeSchema>;

/** One official reply as the site shows it. */
export const ParsedReplySchema = z.object({
  /** The replying organisation or leader (受理单位, 回复单位 …). */
  org: z.string().nullable(),
  /** Reply text or HTML (see bodyFormat on the message). */
  body: z.string(),
  at: RawTimeSchema,
});
export type ParsedReply = z.infer<typeof ParsedReplySchema>;

/** The citizen's evaluation (满意度) of the handling. */
export const ParsedEvaluationSchema = z.object({
  /** 很满意 / 满意 / 基本满意 / 不满意 / 很不满意, or the site's own words. */
  label: z.string().nullable(),
  /** 解决程度 / 办理态度 / 办理速度 scores, 1-5 where given. */
  resolution: z.number().nullable(),
  attitude: z.number().nullable(),
  speed: z.number().nullable(),
  text: z.string().nullable(),
  at: RawTimeSchema,
});
export type ParsedEvaluation = z.infer<typeof ParsedEvaluationSchema>;

/** A message as a source's parser extracted it: site-shaped, raw values. */
export const ParsedMessageSchema = z.object({
  /** The site's own id (tid, 信件编号 …); unique within the source. */
  externalId: z.string().min(1),
  url: z.string(),
  /** Board, forum or leader the message was posted to (fid, leader name …). */
  boardId: z.string().nullable(),
  boardName: z.string().nullable(),
  title: z.string(),
  body: z.string(),
  /** Whether title/body/replies hold HTML (to be turned into text) or plain text. */
  bodyFormat: z.enum(['text', 'html']),
  /** True when the body is a list-page excerpt (…) and the full text must come from the detail. */
  bodyTruncated: z.boolean(),
  postedAt: RawTimeSchema,
  author: z.string().nullable(),
  status: z.string().nullable(),
  type: z.string().nullable(),
  domain: z.string().nullable(),
  /** Free text that names the place: a forum path, `from`, a city id; used for region. */
  regionHint: z.string().nullable(),
  replies: z.array(ParsedReplySchema),
  evaluation: ParsedEvaluationSchema.nullable(),
  views: z.number().int().nonnegative().nullable(),
  likes: z.number().int().nonnegative().nullable(),
  /** Site-specific scalar extras kept verbatim (ip mask, processInfo …). */
  extra: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
});
export type ParsedMessage = z.infer<typeof ParsedMessageSchema>;

/** Canonical vocabularies; raw site values are kept beside them. */
export const StatusCodes = ['pending', 'processing', 'replied', 'closed', 'unknown'] as const;
export const TypeCodes = [
  'complaint',
  'help',
  'consultation',
  'suggestion',
  'thanks',
  'other',
] as const;
export type StatusCode = (typeof StatusCodes)[number];
export type TypeCode = (typeof TypeCodes)[number];

/** A canonical code with the site's raw value beside it. */
export const codedValue = <T extends readonly [string, ...string[]]>(codes: T) =>
  z.object({ code: z.enum(codes), raw: z.string().nullable() });

export const RegionSchema = z.object({
  province: z.string().nullable(),
  city: z.string().nullable(),
  county: z.string().nullable(),
  /** 6-digit administrative division code of the most specific level known. */
  code: z.string().regex(/^\d{6}$/).nullable(),
});
export type Region = z.infer<typeof RegionSchema>;

export const NormalizedReplySchema = z.object({
  org: z.string().nullable(),
  body: z.string(),
  at: z.date().nullable(),
});
export type NormalizedReply = z.infer<typeof NormalizedReplySchema>;

export const NormalizedEvaluationSchema = z.object({
  label: z.string().nullable(),
  resolution: z.number().nullable(),
  attitude: z.number().nullable(),
  speed: z.number().nullable(),
  text: z.string().nullable(),
  at: z.date().nullable(),
});
export type NormalizedEvaluation = z.infer<typeof NormalizedEvaluationSchema>;

/** A message after normalization: clean Simplified text, UTC dates, canonical codes. */
export const NormalizedMessageSchema = z.object({
  source: z.string().min(1),
  externalId: z.string().min(1),
  url: z.string(),
  board: z.object({ id: z.string().nullable(), name: z.string().nullable() }),
  /** Clean Simplified text. */
  title: z.string(),
  body: z.string(),
  bodyTruncated: z.boolean(),
  /** The text exactly as parsed, before any conversion or cleaning. */
  original: z.object({ title: z.string(), body: z.string() }),
  /** Script detected in the original text. */
  script: z.enum(['simplified', 'traditional', 'mixed', 'none']),
  postedAt: z.date().nullable(),
  author: z.string().nullable(),
  status: codedValue(StatusCodes),
  type: codedValue(TypeCodes),
  domain: z.object({ code: z.string().nullable(), raw: z.string().nullable() }),
  region: RegionSchema,
  replies: z.array(NormalizedReplySchema),
  evaluation: NormalizedEvaluationSchema.nullable(),
  views: z.number().int().nonnegative().nullable(),
  likes: z.number().int().nonnegative().nullable(),
  /** Sensitive data found in the body (the text may be masked per config). */
  sensitive: z.object({ phone: z.boolean(), idNumber: z.boolean(), masked: z.boolean() }),
  extra: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
});
export type NormalizedMessage = z.infer<typeof NormalizedMessageSchema>;
