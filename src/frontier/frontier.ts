/**
 * The crawl frontier in MongoDB, shared by any number of worker processes.
 *
 * Claims are leases, and a lease is a document in `leases` with a unique (taskId, gen):
 * the worker whose insert of generation n+1 succeeds holds the task. That is the one
 * operation atomic on FerretDB v1 as on MongoDB (findOneAndUpdate is not atomic on
 * FerretDB's SQLite backend, see docs/mongodb-subset.md). A dead worker's lease expires and
 * the next claimer takes generation n+2. Only the lease holder writes the task document.
 */
import { createHash } from 'node:crypto';

import type { Collection, Db } from 'mongodb';

import type { Clock } from '../shared/clock.js';
import { TaskSchema, type ResolvedTask, type Task } from '../sources/define-source.js';
import { Collections as FrontierCollections, type LeaseDoc, type TaskDoc } from './schemas.js';

export interface Claim {
  task: TaskDoc;
  lease: LeaseDoc;
}

export interface FrontierOptions {
  workerId: string;
  /** How long a claim stays valid without renewal. @default 60000 */
  leaseMs?: number;
}

const CANDIDATES = 20;

/** The frontier key of a task: its declared key, or a hash of what it fetches. */
export function taskKey(task: ResolvedTask): string {
  if (task.key) return task.key;
  const body = JSON.stringify([task.method, task.path, task.form ?? null, task.json ?? null]);
  return createHash('sha1').update(body).digest('hex');
}

export class Frontier {
  readonly #tasks: Collection<TaskDoc>;
  readonly #leases: Collection<LeaseDoc>;
  readonly #clock: Clock;
  readonly #workerId: string;
  readonly #leaseMs: number;

  constructor(db: Db, clock: Clock, options: FrontierOptions) {
    this.#tasks = db.collection<TaskDoc>(FrontierCollections.frontier);
    this.#leases = db.collection<LeaseDoc>(FrontierCollections.leases);
    this.#clock = clock;
    this.#workerId = options.workerId;
    this.#leaseMs = options.leaseMs ?? 60_000;
  }

  /** Adds tasks that are not there yet; existing tasks keep their state. Returns how many were new. */
  async add(source: string, tasks: Task[], priority = 10): Promise<number> {
    const now = this.#clock.now();
    const docs = tasks.map((t) => {
      const resolved = TaskSchema.parse(t);
      return { ...toDoc(source, resolved, now), priority };
    });
    if (docs.length === 0) return 0;
    try {
      const res = await this.#tasks.insertMany(docs, { ordered: false });
      return res.insertedCount;
    } catch (err) {
      const e = err as { code?: number; insertedCount?: number; result?: { insertedCount?: number } };
      if (e.code !== 11000) throw err;
      return e.insertedCount ?? e.result?.insertedCount ?? 0;
    }
  }

  /** Claims the next due task of a source, or null when none is due. */
  async claim(source: string): Promise<Claim | null> {
    const now = this.#clock.now();
    const candidates = await this.#tasks
      .find({ source, state: 'queued', notBefore: { $lte: now } })
      .sort({ priority: 1, notBefore: 1 })
      .limit(CANDIDATES)
      .toArray();
    for (const candidate of candidates) {
      const lease = await this.#tryLease(candidate._id, now);
      if (!lease) continue;
      // The previous holder writes the task before releasing, so a fresh read is current.
      const task = await this.#tasks.findOne({ _id: candidate._id });
      if (task && task.state === 'queued' && task.notBefore <= now) return { task, lease };
      await this.#release(lease);
    }
    return null;
  }

  /** Extends a lease; false means it was lost (expired and taken by another worker). */
  async renew(claim: Claim): Promise<boolean> {
    if (!(await this.#isCurrent(claim.lease))) return false;
    const expiresAt = new Date(this.#clock.now().getTime() + this.#leaseMs);
    await this.#leases.updateOne({ _id: claim.lease._id }, { $set: { expiresAt } });
    claim.lease.expiresAt = expiresAt;
    return true;
  }

  /** Marks the task done, or queues it again at `revisitAt` (re-visits of open messages, list sweeps). */
  async complete(claim: Claim, revisitAt: Date | null = null): Promise<boolean> {
    const update = revisitAt
      ? { state: 'queued' as const, notBefore: revisitAt, attempts: 0, lastError: null }
      : { state: 'done' as const };
    return this.#finish(claim, { ...update, visits: claim.task.visits + 1 });
  }

  /** Records a failure: retried at `retryAt`, or dead after `maxAttempts`. */
  async fail(claim: Claim, error: { code: string; message: string }, retryAt: Date, maxAttempts: number): Promise<'retry' | 'dead'> {
    const attempts = claim.task.attempts + 1;
    const dead = attempts >= maxAttempts;
    await this.#finish(claim, {
      attempts,
      lastError: error,
      state: dead ? 'dead' : 'queued',
      notBefore: dead ? claim.task.notBefore : retryAt,
    });
    return dead ? 'dead' : 'retry';
  }

  /** Puts a task back without counting a failure (rate limited: try later). */
  async defer(claim: Claim, retryAt: Date): Promise<void> {
    await this.#finish(claim, { notBefore: retryAt });
  }

  /** When the next queued task of a source becomes due, or null when none is queued. */
  async nextDue(source: string): Promise<Date | null> {
    const next = await this.#tasks
      .find({ source, state: 'queued' }, { projection: { notBefore: 1 } })
      .sort({ notBefore: 1 })
      .limit(1)
      .next();
    return next?.notBefore ?? null;
  }

  /** Counts tasks of a source by state. */
  async counts(source: string): Promise<Record<string, number>> {
    const rows = await this.#tasks
      .aggregate<{ _id: string; n: number }>([{ $match: { source } }, { $group: { _id: '$state', n: { $sum: 1 } } }])
      .toArray();
    return Object.fromEntries(rows.map((r) => [r._id, r.n]));
  }

  async #finish(claim: Claim, set: Partial<TaskDoc>): Promise<boolean> {
    // A holder whose lease expired and was taken must not overwrite the new holder's work.
    if (!(await this.#isCurrent(claim.lease))) return false;
    await this.#tasks.updateOne({ _id: claim.task._id }, { $set: { ...set, updatedAt: this.#clock.now() } });
    await this.#release(claim.lease);
    return true;
  }

  async #tryLease(taskId: string, now: Date): Promise<LeaseDoc | null> {
    const latest = await this.#leases.find({ taskId }).sort({ gen: -1 }).limit(1).next();
    if (latest && !latest.released && latest.expiresAt > now) return null;
    const gen = (latest?.gen ?? 0) + 1;
    const lease: LeaseDoc = {
      _id: `${taskId}#${gen}`,
      taskId,
      gen,
      workerId: this.#workerId,
      claimedAt: now,
      expiresAt: new Date(now.getTime() + this.#leaseMs),
      released: false,
    };
    try {
      await this.#leases.insertOne(lease);
      return lease;
    } catch (err) {
      if ((err as { code?: number }).code === 11000) return null;
      throw err;
    }
  }

  async #isCurrent(lease: LeaseDoc): Promise<boolean> {
    const latest = await this.#leases.find({ taskId: lease.taskId }).sort({ gen: -1 }).limit(1).next();
    return latest?.gen === lease.gen && !latest.released;
  }

  async #release(lease: LeaseDoc): Promise<void> {
    await this.#leases.updateOne({ _id: lease._id }, { $set: { released: true } });
  }
}

function toDoc(source: string, task: ResolvedTask, now: Date): TaskDoc {
  const key = taskKey(task);
  return {
    _id: `${source}|${key}`,
    source,
    key,
    kind: task.kind,
    path: task.path,
    method: task.method,
    form: task.form ?? null,
    json: task.json ?? null,
    headers: task.headers ?? null,
    meta: task.meta,
    state: 'queued',
    priority: 10,
    notBefore: now,
    attempts: 0,
    visits: 0,
    lastError: null,
    createdAt: now,
    updatedAt: now,
  };
}
