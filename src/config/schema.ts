/**
 * The application config: one zod schema, types inferred. Files hold non-secret settings;
 * secrets (MONGODB_URI) come from the environment only. Objects are strict so a typo in a
 * config file is an error naming the field, not a silently ignored setting.
 */
import { z } from 'zod';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export const FetchDefaultsSchema = z.strictObject({
  timeoutMs: z.number().int().positive().default(20_000).describe('Per-request timeout'),
  maxBytes: z.number().int().positive().default(5 * 1024 * 1024).describe('Response size cap'),
  userAgent: z
    .string()
    .min(1)
    .default('Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36')
    .describe('User-Agent header sent to the boards'),
  concurrency: z.number().int().positive().default(1).describe('Parallel requests per host'),
  minIntervalMs: z.number().int().nonnegative().default(2000).describe('Minimum gap between request starts per host'),
  jitterMs: z.number().int().nonnegative().default(1000).describe('Random extra gap added to minIntervalMs'),
  respectRobotsTxt: z.boolean().default(false).describe('Check robots.txt before fetching'),
  sharedPoliteness: z
    .boolean()
    .default(true)
    .describe('Hold minIntervalMs per host across every worker process on the database (one insert per request)'),
});

export const SourceConfigSchema = z.strictObject({
  enabled: z.boolean().default(true),
  baseUrl: z.string().url().optional().describe('Overrides the source default (tests point it at the simulator)'),
  schedule: z.string().optional().describe('Cron expression (Asia/Shanghai) for the daemon'),
  fetch: FetchDefaultsSchema.partial().default({}),
  options: z.record(z.string(), z.unknown()).default({}).describe('Source-specific options, checked by the source'),
});
export type SourceConfig = z.infer<typeof SourceConfigSchema>;

/**
 * A city portal added by configuration (scrapers/portal): a preset plus overrides. The preset
 * name and the overrides are checked against the portal adapter when the sources load.
 */
export const PortalSiteConfigSchema = z.strictObject({
  id: z.string().regex(/^portal-[a-z0-9-]+$/, 'portal source ids look like portal-<city>'),
  name: z.string().min(1),
  baseUrl: z.string().url(),
  preset: z.string().min(1).describe('dalian | jiamusi | xuzhou | beijing (boards.md §3.2)'),
  overrides: z.record(z.string(), z.unknown()).default({}).describe('Deep-merged over the preset options (arrays replace)'),
});

export const AppConfigSchema = z.strictObject({
  env: z.string().default('development'),
  dataDir: z.string().default('./data').describe('Where local state lives (embedded database, snapshots)'),
  mongo: z
    .strictObject({
      uri: z.string().optional().describe('From MONGODB_URI only; unset means the embedded server'),
      database: z.string().regex(/^[A-Za-z0-9_-]+$/).default('wenzheng'),
      embeddedSync: z
        .enum(['normal', 'full'])
        .default('normal')
        .describe(
          'Embedded server only. normal: SQLite syncs its log at checkpoints; a crash of any process loses nothing, a power loss can lose the writes the OS had not yet flushed, up to about 30 s with Linux defaults (as MongoDB w:1 can its last 100 ms). full: every acknowledged write is on disk first (slower)',
        ),
    })
    .default({ database: 'wenzheng', embeddedSync: 'normal' }),
  log: z
    .strictObject({
      level: z.enum(LOG_LEVELS).default('info'),
      pretty: z.enum(['auto', 'always', 'never']).default('auto').describe('auto: readable on a TTY, JSON otherwise'),
    })
    .default({ level: 'info', pretty: 'auto' }),
  browser: z
    .strictObject({
      executablePath: z.string().default('/usr/bin/chromium'),
      pagesPerContext: z.number().int().positive().default(50),
    })
    .default({ executablePath: '/usr/bin/chromium', pagesPerContext: 50 }),
  fetch: FetchDefaultsSchema.default(FetchDefaultsSchema.parse({})),
  pipeline: z
    .strictObject({
      maxFailedPagesRatio: z.number().min(0).max(1).default(0.2),
      maxConsecutiveParseErrors: z.number().int().positive().default(3),
      maxAttempts: z.number().int().positive().default(5).describe('Attempts before a task is dead-lettered'),
      leaseMs: z.number().int().min(1000).default(60_000).describe('How long a claimed task stays reserved for a worker that stopped answering'),
      tasksInFlight: z
        .number()
        .int()
        .min(1)
        .max(64)
        .default(1)
        .describe('Tasks a source run works on at once: pages are fetched while earlier ones are stored (requests still obey fetch.concurrency and minIntervalMs; a fetch.concurrency above 1 is only used with at least as many tasks in flight)'),
    })
    .default({ maxFailedPagesRatio: 0.2, maxConsecutiveParseErrors: 3, maxAttempts: 5, leaseMs: 60_000, tasksInFlight: 1 }),
  daemon: z
    .strictObject({
      host: z.string().default('127.0.0.1').describe('Where /health and /metrics listen'),
      port: z.number().int().min(0).max(65535).default(9464).describe('0 picks a free port'),
      timezone: z.string().default('Asia/Shanghai'),
      jitterMs: z.number().int().nonnegative().default(30_000).describe('Random delay before a scheduled run'),
      runAtStart: z.boolean().default(true).describe('Run every source once when the daemon starts'),
      spareBudget: z
        .boolean()
        .default(true)
        .describe('When nothing is due, use the request budget anyway: sweep lists early, look at open messages sooner (false: only what is due)'),
      runMinutes: z.number().int().positive().default(60).describe('A daemon run ends after this long and the next starts (one runs record each)'),
    })
    .default({ host: '127.0.0.1', port: 9464, timezone: 'Asia/Shanghai', jitterMs: 30_000, runAtStart: true, spareBudget: true, runMinutes: 60 }),
  privacy: z
    .strictObject({ maskSensitive: z.boolean().default(false).describe('Mask phone and ID numbers in stored text') })
    .default({ maskSensitive: false }),
  sources: z.record(z.string(), SourceConfigSchema).default({}),
  portals: z.array(PortalSiteConfigSchema).default([]).describe('More city portals: one entry each, on one of the four presets'),
});
export type AppConfig = z.infer<typeof AppConfigSchema>;
