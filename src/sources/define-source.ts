/**
 * What a source is: a declarative object plus pure parse functions. Sources state their
 * traits (encoding, browser, politeness, block markers, schedule); the pipeline implements
 * each trait once. `defineSource` validates the definition when the module loads.
 */
import { z } from 'zod';

import type { FetchedPage, ParsedMessage } from '../shared/types.js';

/** One unit of work: a page to fetch, with what kind of page it is. */
export const TaskSchema = z.object({
  /** Which parse function handles the page (`list`, `detail`, …). */
  kind: z.string().min(1),
  /** Path relative to the source's baseUrl (never a hard-coded host). */
  path: z.string().min(1),
  method: z.enum(['GET', 'POST']).default('GET'),
  form: z.record(z.string(), z.string()).optional(),
  json: z.unknown().optional(),
  headers: z.record(z.string(), z.string()).optional(),
  /** Unique key in the frontier; defaults to method + path + body. */
  key: z.string().optional(),
  /**
   * Small facts carried to the parser (board id, cursor, page number …). A list seed of an
   * incremental source carries its watermark `scope`, so a daemon run can skip lists that
   * are not due (src/frontier/list-schedule.ts).
   */
  meta: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).default({}),
});
export type Task = z.input<typeof TaskSchema>;
export type ResolvedTask = z.output<typeof TaskSchema>;

/** What a parser may use besides the page: no clock, no I/O. */
export interface ParseContext<O> {
  task: ResolvedTask;
  options: O;
  /** Time of the fetch; relative dates resolve against it. */
  fetchedAt: Date;
}

/**
 * How the sweep of one list ended, reported by the list parser on the last page it pages
 * (see src/frontier/watermarks.ts for what the pipeline makes of it).
 */
export interface ListCheckpoint {
  /** Which list: a forum id, a forum and tab, a board. */
  scope: string;
  /** Highest id the sweep listed; null when the list was empty. */
  top: number | null;
  /** `cut`: stopped at a row already listed or older than `since`; `end`: the list ran out; `limit`: the page limit. */
  ended: 'cut' | 'end' | 'limit';
  /** The id of the row the sweep stopped at (`cut` only). */
  cutAt: number | null;
  /** Rows the sweep took (new since the previous sweep when it was cut at the watermark). */
  listed: number;
}

export interface ParseResult {
  messages: ParsedMessage[];
  follow: Task[];
  /** Set by a list parser on the last page of a list's sweep (incremental sources). */
  checkpoint?: ListCheckpoint | undefined;
  /** A status sweep's page: the state every row shows (see StatusSweepTrait). */
  rows?: ListRowState[] | undefined;
}

/** What a list row shows of a message's state, with the task that fetches its detail. */
export const ListRowStateSchema = z.object({
  externalId: z.string().min(1),
  /** The status text as the row shows it (the detail page shows the same text), or null. */
  status: z.string().nullable(),
  /** Whether the row shows a rating; null when rows do not say. */
  rated: z.boolean().nullable(),
  detail: TaskSchema,
});
export type ListRowState = z.input<typeof ListRowStateSchema>;

export type ParseFn<O> = (page: FetchedPage, ctx: ParseContext<O>) => ParseResult;

export interface SeedContext<O> {
  options: O;
  since: Date | null;
  until: Date | null;
}

const FetchTraitsSchema = z.strictObject({
  via: z.enum(['http', 'browser']).default('http'),
  /** `auto` decodes by header, BOM, meta charset, then sniffing. */
  encoding: z.enum(['auto', 'utf-8', 'gbk', 'gb18030']).default('auto'),
  concurrency: z.number().int().positive().optional(),
  minIntervalMs: z.number().int().nonnegative().optional(),
  /** A page fetched first to collect session cookies (liuyan gen C needs it). */
  warmupPath: z.string().optional(),
  /** A JavaScript cookie challenge only a real browser passes. */
  challenge: z.strictObject({ cookieName: z.string() }).optional(),
});

const DefinitionSchema = z.object({
  id: z.string().regex(/^[a-z][a-z0-9-]*$/, 'source ids are kebab-case ASCII'),
  name: z.string().min(1),
  baseUrl: z.string().url(),
  notes: z.string().default(''),
  /** Hosts redirects may go to besides the baseUrl's. */
  allowedHosts: z.array(z.string()).default([]),
  fetch: FetchTraitsSchema.default({ via: 'http', encoding: 'auto' }),
  block: z
    .strictObject({ statuses: z.array(z.number().int()).default([403]), markers: z.array(z.string()).default([]) })
    .default({ statuses: [403], markers: [] }),
  /** Cron expression (Asia/Shanghai) used by the daemon unless config overrides it. */
  schedule: z.string().default('*/30 * * * *'),
});

/**
 * A source whose lists are newest first with growing numeric ids: the pipeline keeps a
 * watermark per list between runs and hands it back through the options.
 */
export interface IncrementalTrait<O> {
  /** Options with the stored watermarks (scope → id) applied; explicit options win. */
  withWatermarks(options: O, watermarks: Record<string, number>): O;
}

/**
 * A source whose list rows show each message's status: a status sweep reads the list from
 * its newest page down to posts `windowMs` old, and the pipeline re-fetches only the details
 * whose row shows a status or rating the store does not have (src/pipeline/status-sweep.ts).
 * One list page then checks a page of messages, where a re-visit checks one.
 */
export interface StatusSweepTrait<O> {
  /** How often to sweep, or null when the options leave status sweeps off. */
  everyMs(options: O): number | null;
  /** The first page(s) of a status sweep starting at `now`; their parser returns `rows`. */
  seeds(options: O, now: Date): Task[];
}

export interface SourceDefinition<O = Record<string, unknown>> extends z.output<typeof DefinitionSchema> {
  options: z.ZodType<O>;
  seeds(ctx: SeedContext<O>): Task[];
  parse: Record<string, ParseFn<O>>;
  incremental?: IncrementalTrait<O> | undefined;
  statusSweep?: StatusSweepTrait<O> | undefined;
}

export type SourceInput<O> = z.input<typeof DefinitionSchema> & {
  options: z.ZodType<O>;
  seeds(ctx: SeedContext<O>): Task[];
  parse: Record<string, ParseFn<O>>;
  incremental?: IncrementalTrait<O>;
  statusSweep?: StatusSweepTrait<O>;
};

/** Validates a source definition at import time and fills its defaults. */
export function defineSource<O>(input: SourceInput<O>): SourceDefinition<O> {
  const traits = DefinitionSchema.parse(input);
  if (Object.keys(input.parse).length === 0) {
    throw new Error(`source ${traits.id}: at least one parse function is required`);
  }
  return { ...traits, options: input.options, seeds: input.seeds, parse: input.parse, incremental: input.incremental, statusSweep: input.statusSweep };
}

/**
 * A source of any options type, for the registry array; each source's own code keeps its
 * precise options type through defineSource's generic.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnySourceDefinition = SourceDefinition<any>;
