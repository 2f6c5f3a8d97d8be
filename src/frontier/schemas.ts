/** Documents of the frontier collections (internal to the crawler, documented for operators). */
import type { ResolvedTask } from '../sources/define-source.js';

export const Collections = {
  frontier: 'frontier',
  leases: 'leases',
  hostSlots: 'host_slots',
  queue: 'frontier_queue',
  queueCursor: 'frontier_cursor',
  /** Per source and list scope: the highest id below which everything has been listed. */
  watermarks: 'watermarks',
  /** Per source: a histogram of post → first reply delays (src/frontier/reply-delays.ts). */
  replyDelays: 'reply_delays',
  /** Per source and period: one insert-once marker per status sweep started (src/pipeline/status-sweep.ts). */
  statusSweeps: 'status_sweeps',
} as const;

export interface StatusSweepDoc {
  /** `${source}@${period}`, period = floor(start ms / everyMs): one sweep per period over all workers. */
  _id: string;
  source: string;
  startedAt: Date;
  sweepId: string;
}

export interface ReplyDelayDoc {
  /** The source id. */
  _id: string;
  /** `b<k>` → answered messages whose first reply came k × 6 h (to k + 1) after the post. */
  bins: Record<string, number>;
  updatedAt: Date;
}

export type TaskState = 'queued' | 'done' | 'dead';

export interface TaskDoc {
  /** `${source}|${key}`. */
  _id: string;
  source: string;
  key: string;
  kind: string;
  path: string;
  method: ResolvedTask['method'];
  form: Record<string, string> | null;
  json: unknown;
  headers: Record<string, string> | null;
  meta: ResolvedTask['meta'];
  state: TaskState;
  /** Lower runs first. */
  priority: number;
  /** Not claimable before this time (retry backoff, re-visit schedule). */
  notBefore: Date;
  /** Failed attempts since the last success. */
  attempts: number;
  /** Successful visits so far (re-visits count). */
  visits: number;
  lastError: { code: string; message: string } | null;
  /** Highest lease generation this task's holders wrote (a hint for the lease lookup). */
  gen: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface WatermarkDoc {
  /** `${source}|${scope}`. */
  _id: string;
  source: string;
  /** The list the watermark belongs to (a forum id, a forum and tab, a board …). */
  scope: string;
  /** Every id at or below this was listed by an earlier run (ids grow with posting time). */
  value: number;
  updatedAt: Date;
  runId: string;
  /** When the last finished sweep of this list ended. */
  sweptAt?: Date;
  /** Estimated new posts per hour (null until two sweeps were seen). */
  ratePerHour?: number | null;
  /** A daemon run lists it again from then on (src/frontier/list-schedule.ts). */
  nextSweepAt?: Date;
}

export interface LeaseDoc {
  /** `${taskId}#${gen}`. */
  _id: string;
  taskId: string;
  /** Claim generation; unique per task, so one insert wins each generation. */
  gen: number;
  workerId: string;
  claimedAt: Date;
  expiresAt: Date;
  /**
   * Written false and no longer set: a lease ends when the task carries its generation
   * (frontier.ts #finished), which its holder writes last. Kept for readers of older versions.
   */
  released: boolean;
}

/** Indexes created by ensureFrontierSchema. */
export const FRONTIER_INDEXES = {
  [Collections.frontier]: [
    { key: { source: 1, state: 1, priority: 1, notBefore: 1 }, name: 'claimable' },
  ],
  [Collections.leases]: [{ key: { taskId: 1, gen: -1 }, name: 'task_gen', unique: true }],
  [Collections.hostSlots]: [{ key: { at: 1 }, name: 'at' }],
} as const;
