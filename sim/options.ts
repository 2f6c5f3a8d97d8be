import { z } from 'zod';

export const LatencySchema = z.object({
  /** Fixed delay per response. @default 0 */
  baseMs: z.number().min(0).default(0),
  /** Extra uniform random delay. @default 0 */
  jitterMs: z.number().min(0).default(0),
});

export const WafActionSchema = z.enum(['403', '429', 'empty']);

export const WafSchema = z.object({
  /** Requests allowed per window; 0 turns the WAF off. @default 0 */
  maxRequests: z.number().int().min(0).default(0),
  /** Sliding window length in real ms. @default 10000 */
  windowMs: z.number().int().positive().default(10_000),
  /** 403 page, 429 with Retry-After, or an empty 200 body (liuyan generation C). @default '429' */
  action: WafActionSchema.default('429'),
  /** Retry-After seconds sent with 429. @default 30 */
  retryAfterSec: z.number().int().min(0).default(30),
  /** Once tripped, keep blocking this long (real ms). @default 0 */
  blockMs: z.number().int().min(0).default(0),
});

export const FaultsSchema = z.object({
  /** Chance that a request starts a burst of 5xx answers. @default 0 */
  serverErrorRate: z.number().min(0).max(1).default(0),
  /** Length of a 5xx burst in requests. @default 1 */
  serverErrorBurst: z.number().int().min(1).default(1),
  /** Chance of a body cut in half (truncated JSON/HTML). @default 0 */
  truncateRate: z.number().min(0).max(1).default(0),
  /** Chance that an HTML page declares the wrong charset. @default 0 */
  wrongCharsetRate: z.number().min(0).max(1).default(0),
  /** Chance of a changed layout (renamed classes / JSON keys). @default 0 */
  layoutChangeRate: z.number().min(0).max(1).default(0),
  /** Chance of an empty 200 body. @default 0 */
  emptyBodyRate: z.number().min(0).max(1).default(0),
});

export const BoardOptionsSchema = z.object({
  /** Messages already posted at the start time (overrides messagesPerBoard). */
  messages: z.number().int().min(0).optional(),
  /** New posts per simulated hour. */
  postsPerHour: z.number().positive().optional(),
  latency: LatencySchema.partial().optional(),
  waf: WafSchema.partial().optional(),
  faults: FaultsSchema.partial().optional(),
  /** Fixed port for this board; 0 picks a free one. @default 0 */
  port: z.number().int().min(0).max(65535).optional(),
});

export const SimulatorOptionsSchema = z.object({
  /** Seed of every generated message. @default 1 */
  seed: z.number().int().default(1),
  /** Messages per board at the start time. @default 20000 */
  messagesPerBoard: z.number().int().min(0).default(20_000),
  /** Simulated start instant (ISO string or epoch ms). @default '2026-06-15T00:00:00+08:00' */
  startTime: z.union([z.string(), z.number()]).default('2026-06-15T00:00:00+08:00')
    .transform((v, ctx) => {
      const ms = typeof v === 'number' ? v : Date.parse(v);
      if (Number.isNaN(ms)) ctx.addIssue({ code: 'custom', message: `bad startTime ${String(v)}` });
      return ms;
    }),
  /** Days before the start over which the initial messages were posted. @default 365 */
  historyDays: z.number().positive().default(365),
  /** Simulated ms per real ms; 0 freezes the clock between admin calls. @default 0 */
  clockSpeed: z.number().min(0).default(0),
  /** @default '127.0.0.1' */
  host: z.string().default('127.0.0.1'),
  /** @default 0 */
  adminPort: z.number().int().min(0).max(65535).default(0),
  latency: LatencySchema.default({ baseMs: 0, jitterMs: 0 }),
  waf: WafSchema.default(WafSchema.parse({})),
  faults: FaultsSchema.default(FaultsSchema.parse({})),
  boards: z.record(z.string(), BoardOptionsSchema).default({}),
  challenge: z.object({
    /** Board answering with a JavaScript cookie challenge; null for none. @default null */
    board: z.string().nullable().default(null),
    /** @default '__jsluid_s' */
    cookieName: z.string().default('__jsluid_s'),
  }).default({ board: null, cookieName: '__jsluid_s' }),
  duplicates: z.object({
    /** Share of posts that re-post an earlier post of the same board weeks later. @default 0.02 */
    repostRate: z.number().min(0).max(0.5).default(0.02),
    /** Share of posts cross-posted from another board. @default 0.02 */
    crossPostRate: z.number().min(0).max(0.5).default(0.02),
  }).default({ repostRate: 0.02, crossPostRate: 0.02 }),
  lifecycle: z.object({
    /** Share of posts removed 1–40 days after posting. @default 0.02 */
    deleteRate: z.number().min(0).max(1).default(0.02),
    /** Share of posts that never get a reply. @default 0.08 */
    unansweredRate: z.number().min(0).max(1).default(0.08),
  }).default({ deleteRate: 0.02, unansweredRate: 0.08 }),
  /** Newest messages scanned by keyword searches and status filters. @default 5000 */
  searchScanLimit: z.number().int().positive().default(5000),
});

export type SimulatorOptionsInput = z.input<typeof SimulatorOptionsSchema>;
export type SimulatorOptions = z.output<typeof SimulatorOptionsSchema>;
export type Latency = z.output<typeof LatencySchema>;
export type Waf = z.output<typeof WafSchema>;
export type Faults = z.output<typeof FaultsSchema>;

/** Effective per-board protections, mutable through /_admin/config. */
export interface BoardRuntime {
  latency: Latency;
  waf: Waf;
  faults: Faults;
  challenge: boolean;
}

export const ConfigPatchSchema = z.object({
  /** Board key to patch; all boards when absent. */
  board: z.string().optional(),
  latency: LatencySchema.partial().optional(),
  waf: WafSchema.partial().optional(),
  faults: FaultsSchema.partial().optional(),
  challenge: z.boolean().optional(),
});
export type ConfigPatch = z.output<typeof ConfigPatchSchema>;
