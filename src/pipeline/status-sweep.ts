/**
 * Status sweeps. A message's reply is found by looking at it again; a re-visit looks at one
 * message per request. Where list rows show each message's status (人民网 `stateInfo`), one
 * page of the list shows a page of messages, so a source with the StatusSweepTrait reads its
 * list every so often from the newest page down to posts `windowDays` old, and only messages
 * whose row shows another status than the stored one are fetched again, brought forward in
 * the frontier (Frontier.expedite). The freshness model measures the effect
 * (bench/freshness/src-policy.ts `statusSweep`; docs/benchmarks.md).
 *
 * One sweep per period over all workers and runs: the worker whose insert of the period's
 * marker in `status_sweeps` succeeds seeds it (the same insert-once claim as the frontier's
 * leases). The sweep's pages go into the new-work lane after the list pages already there.
 * A worker killed between the marker and the seeding loses that period's sweep; the next
 * period sweeps again, and re-visits go on meanwhile.
 */
import type { Collection, Db } from 'mongodb';

import type { Frontier } from '../frontier/frontier.js';
import { taskKey } from '../frontier/frontier.js';
import { Collections, type StatusSweepDoc } from '../frontier/schemas.js';
import { TaskSchema, type AnySourceDefinition, type ListRowState } from '../sources/define-source.js';
import type { Clock } from '../shared/clock.js';
import type { Logger } from '../shared/logger.js';
import { insertOnce } from '../store/insert-once.js';
import type { MessageRepository } from '../store/message-repository.js';
import { frontierTasks } from './process-task.js';

/** How often a run checks whether a status sweep is due (one `_id` insert attempt at most). */
export const STATUS_CHECK_MS = 60_000;

export interface StatusSweeperInput {
  db: Db;
  source: AnySourceDefinition;
  options: unknown;
  frontier: Frontier;
  clock: Clock;
  log: Logger;
  sweepId: string;
}

export class StatusSweeper {
  readonly #in: StatusSweeperInput;
  readonly #everyMs: number;
  readonly #markers: Collection<StatusSweepDoc>;
  #checkAt = 0;

  /** Null when the source has no status sweeps or its options leave them off. */
  static create(input: StatusSweeperInput): StatusSweeper | null {
    const everyMs = input.source.statusSweep?.everyMs(input.options) ?? null;
    return everyMs === null ? null : new StatusSweeper(input, everyMs);
  }

  private constructor(input: StatusSweeperInput, everyMs: number) {
    this.#in = input;
    this.#everyMs = everyMs;
    this.#markers = input.db.collection<StatusSweepDoc>(Collections.statusSweeps);
  }

  /** Seeds this period's sweep if no worker has yet (checked at most every STATUS_CHECK_MS); returns the pages seeded. */
  async poll(): Promise<number> {
    const now = this.#in.clock.now();
    if (now.getTime() < this.#checkAt) return 0;
    this.#checkAt = now.getTime() + STATUS_CHECK_MS;
    const { source } = this.#in;
    const period = Math.floor(now.getTime() / this.#everyMs);
    const sweepId = `${this.#in.sweepId}.status${period}`;
    const marker = { _id: `${source.id}@${period}`, source: source.id, startedAt: now, sweepId };
    if (!(await insertOnce(this.#markers, marker))) return 0; // this period's sweep is started
    const seeds = source.statusSweep?.seeds(this.#in.options, now) ?? [];
    await this.#in.frontier.add(source.id, frontierTasks(seeds, sweepId), 0);
    this.#in.log.info({ pages: seeds.length, sweepId }, 'status sweep started');
    return seeds.length;
  }
}

/** What a status sweep's page led to. */
export interface RowCheck {
  /** Rows whose stored message shows another status (or no rating where the row has one). */
  changed: number;
  /** Of those, tasks brought forward (the rest were due already or being fetched). */
  expedited: number;
  /** Rows with no stored message (a list sweep finds new posts). */
  unknown: number;
}

/**
 * Compares each row with the stored message (one `_id` read each) and brings the detail of
 * each changed one forward. A stored status of null cannot be compared and is left alone, or
 * it would be fetched on every sweep.
 */
export async function refreshChanged(rows: readonly ListRowState[], deps: { source: AnySourceDefinition; repo: MessageRepository; frontier: Frontier }): Promise<RowCheck> {
  const out: RowCheck = { changed: 0, expedited: 0, unknown: 0 };
  for (const row of rows) {
    const stored = await deps.repo.get(deps.source.id, row.externalId);
    if (!stored) {
      out.unknown++;
      continue;
    }
    const statusMoved = row.status !== null && stored.status.raw !== null && row.status !== stored.status.raw;
    const ratedNow = row.rated === true && stored.evaluation === null;
    if (!statusMoved && !ratedNow) continue;
    out.changed++;
    const result = await deps.frontier.expedite(deps.source.id, taskKey(TaskSchema.parse(row.detail)));
    if (result === 'expedited') out.expedited++;
  }
  return out;
}
