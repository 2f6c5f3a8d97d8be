/**
 * The crawl frontier in MongoDB, shared by any number of worker processes.
 *
 * Claims are leases, and a lease is a document `${taskId}#${gen}`: the worker whose insert
 * of generation n+1 succeeds holds the task. That is the one operation atomic on FerretDB
 * v1 as on MongoDB (findOneAndUpdate is not atomic on FerretDB's SQLite backend, see
 * docs/mongodb-subset.md). A dead worker's lease expires and the next claimer takes the next
 * generation. Only the lease holder writes the task document. Due tasks are found through
 * the `_id`-addressed ready queue (ready-queue.ts), so nothing on the claim path scans.
 *
 * Three lanes per source: new work (list pages, first fetches, retries), re-visits of
 * unanswered messages, and re-visits of answered ones (waiting for a rating). A claim takes
 * a re-visit only when no new work is due, so a backlog of re-visits (more open messages
 * than the request budget can look at) slows the re-visits down instead of delaying the
 * posts a list sweep just found; among re-visits, unanswered messages go first, except that
 * every ANSWERED_TURN-th re-visit goes to a due answered one, so ratings are still collected.
 */
import { createHash } from 'node:crypto';

import type { Collection, Db } from 'mongodb';

import type { Clock } from '../shared/clock.js';
import { Lru } from '../shared/lru.js';
import { TaskSchema, type ResolvedTask, type Task } from '../sources/define-source.js';
import { firstMissing } from '../store/id-probe.js';
import { duplicateIndexes, insertOnce } from '../store/insert-once.js';
import { BUCKET_MS, BUCKETS_PER_HOUR, bucketOf, ReadyQueue, type QueueEntry } from './ready-queue.js';
import { Collections, type LeaseDoc, type TaskDoc } from './schemas.js';

export interface Claim {
  task: TaskDoc;
  lease: LeaseDoc;
  entryId: string;
}

export interface FrontierOptions {
  workerId: string;
  /** How long a claim stays valid without renewal. @default 60000 */
  leaseMs?: number;
}

/** The frontier key of a task: its declared key, or a hash of what it fetches. */
export function taskKey(task: ResolvedTask): string {
  if (task.key) return task.key;
  const body = JSON.stringify([task.method, task.path, task.form ?? null, task.json ?? null]);
  return createHash('sha1').update(body).digest('hex');
}

export type RevisitLane = 'open' | 'answered';

/** The ready-queue key of a source's re-visit lane. */
export const revisitLane = (source: string, lane: RevisitLane = 'open'): string => `${source}~${lane === 'open' ? 'revisit' : 'answered'}`;

/** One re-visit in this many goes to an answered message when both lanes have due work. */
export const ANSWERED_TURN = 10;

/** How far ahead claimEarly looks for a re-visit (longer gaps than this are not pulled forward). */
const EARLY_HORIZON_MS = 8 * 24 * 3_600_000;

/**
 * Share of its term a lease must still have on its holder's clock to be taken as current
 * without asking the database. Another worker takes the next generation only once its own
 * clock passes the expiry, so this holds while the clocks of workers sharing a database
 * differ by less than half a lease (30 s by default), which leases assume anyway.
 */
export const TRUSTED_LEASE_SHARE = 0.5;

/** Tasks this process last wrote whose documents it keeps, so claiming them reads nothing. */
const KNOWN_TASKS = 4_096;

export class Frontier {
  readonly #tasks: Collection<TaskDoc>;
  readonly #leases: Collection<LeaseDoc>;
  readonly #queue: ReadyQueue;
  readonly #clock: Clock;
  readonly #workerId: string;
  readonly #leaseMs: number;
  #revisitTurns = 0;
  /**
   * Queue entries of the claims this process holds: a run with several tasks in flight walks
   * past them on every claim, and they cannot be claimed, so they are not read.
   */
  readonly #held = new Set<string>();
  /**
   * Tasks as this process last wrote them (inserted by add, queued again by a finish). Such
   * a document is current unless another worker has leased the task since, and then the
   * lease generation after it is taken: the fast path's insert fails and the task is read
   * (#tryClaim). So a known task that looks claimable is claimed without reading it; one that
   * does not is read, since only the store may say a pointer is stale.
   */
  readonly #known = new Lru<TaskDoc>(KNOWN_TASKS);

  constructor(db: Db, clock: Clock, options: FrontierOptions) {
    this.#tasks = db.collection<TaskDoc>(Collections.frontier);
    this.#leases = db.collection<LeaseDoc>(Collections.leases);
    this.#queue = new ReadyQueue(db, clock);
    this.#clock = clock;
    this.#workerId = options.workerId;
    this.#leaseMs = options.leaseMs ?? 60_000;
  }

  /**
   * Adds tasks that are not there yet; existing tasks keep their state. Returns how many were
   * new. The tasks of a list page go in with one insert and their queue entries with another
   * (a page's worth of round trips each, before); a task in twice counts once.
   */
  async add(source: string, tasks: Task[], priority = 10): Promise<number> {
    const now = this.#clock.now();
    const docs = tasks.map((t) => ({ ...toDoc(source, TaskSchema.parse(t), now), priority }));
    if (docs.length === 0) return 0;
    let taken: ReadonlySet<number> = new Set();
    try {
      // Unordered: an existing task fails alone, the others still go in.
      await this.#tasks.insertMany(docs, { ordered: false });
    } catch (err) {
      const failed = duplicateIndexes(err, docs.length);
      if (failed === null) throw err;
      taken = new Set(failed);
    }
    const inserted = docs.filter((_, i) => !taken.has(i));
    for (const doc of inserted) this.#known.set(doc._id, doc);
    const added = inserted.map((d) => d._id);
    await this.#queue.pushMany(source, added, now);
    return added.length;
  }

  /** Claims the next due task of a source (new work before re-visits), or null when none is due. */
  async claim(source: string): Promise<Claim | null> {
    const fresh = await this.#claimLane(source);
    if (fresh) return fresh;
    const lanes = [revisitLane(source, 'open'), revisitLane(source, 'answered')];
    if (++this.#revisitTurns % ANSWERED_TURN === 0) lanes.reverse();
    for (const lane of lanes) {
      const claim = await this.#claimLane(lane);
      if (claim) return claim;
    }
    return null;
  }

  /**
   * Claims the re-visit due soonest although it is not due yet (unanswered messages first):
   * for a worker with request budget to spare, a look earlier than planned beats an unused
   * slot. Re-visits due more than EARLY_HORIZON_MS ahead are left where they are.
   */
  async claimEarly(source: string): Promise<Claim | null> {
    const until = new Date(this.#clock.now().getTime() + EARLY_HORIZON_MS);
    for (const lane of [revisitLane(source, 'open'), revisitLane(source, 'answered')]) {
      const claim = await this.#claimLane(lane, until);
      if (claim) return claim;
    }
    return null;
  }

  /** The first claimable task of a lane due by `until` (default now), in due order. */
  async #claimLane(lane: string, until?: Date): Promise<Claim | null> {
    const now = this.#clock.now();
    const by = until ?? now;
    const last = bucketOf(by);
    let first = (await this.#queue.cursor(lane)) ?? last;
    // A cursor ahead of the present (created by an older version) would skip entries due sooner.
    if (first > bucketOf(now)) {
      first = bucketOf(now);
      await this.#queue.lower(lane, first);
    }
    // Buckets a full bucket in the past get no new entries: the exhausted ones at the front
    // are skipped for good by moving the cursor past them.
    // The cursor never moves past the present: new entries may still land in the current bucket.
    const cursorLimit = bucketOf(now) - 1;
    let exhaustedUpTo = first;
    let stillExhausted = true;
    let claim: Claim | null = null;
    for (let bucket = first; bucket <= last && !claim; bucket++) {
      if ((bucket === first || bucket % BUCKETS_PER_HOUR === 0) && !(await this.#queue.hourHasEntries(lane, bucket))) {
        bucket = (Math.floor(bucket / BUCKETS_PER_HOUR) + 1) * BUCKETS_PER_HOUR - 1;
        if (stillExhausted) exhaustedUpTo = Math.min(bucket + 1, cursorLimit);
        continue;
      }
      const found = await this.#claimInBucket(lane, bucket, now, by);
      claim = found.claim;
      if (found.live || claim) stillExhausted = false;
      else if (stillExhausted) exhaustedUpTo = Math.min(bucket + 1, cursorLimit);
    }
    if (exhaustedUpTo > first) await this.#queue.advance(lane, exhaustedUpTo);
    return claim;
  }

  /** Claims the first task of a bucket due by `by` (now, or later for an early claim). */
  async #claimInBucket(lane: string, bucket: number, now: Date, by: Date): Promise<{ claim: Claim | null; live: boolean }> {
    let live = false;
    for await (const entry of this.#queue.walk(lane, bucket, this.#held)) {
      if ('held' in entry || entry.due > by) {
        live = true;
        continue;
      }
      const task = this.#knownClaimable(entry.taskId, by) ?? (await this.#tasks.findOne({ _id: entry.taskId }));
      if (!task || task.state !== 'queued' || task.notBefore > by) {
        if (!task || task.state !== 'queued' || task.notBefore.getTime() > entry.due.getTime() + BUCKET_MS) {
          await this.#queue.finish(entry._id); // the task moved on; this pointer is stale
        } else live = true;
        continue;
      }
      live = true;
      const claim = await this.#tryClaim(task, entry, now, by);
      if (claim) return { claim, live };
    }
    return { claim: null, live };
  }

  /** The kept document of a task if it shows the task claimable by `by` (used once: a claim owns it). */
  #knownClaimable(taskId: string, by: Date): TaskDoc | null {
    const known = this.#known.get(taskId);
    if (!known) return null;
    this.#known.delete(taskId);
    return known.state === 'queued' && known.notBefore <= by ? known : null;
  }

  async #tryClaim(task: TaskDoc, entry: QueueEntry, now: Date, by: Date): Promise<Claim | null> {
    const lease = await this.#tryLease(task, now);
    if (!lease) return null;
    // The generation right after the one `task` shows comes only by the fast path: the task
    // as read is its last holder's write.
    if (lease.gen === (task.gen ?? 0) + 1) return this.#hold({ task, lease, entryId: entry._id });
    // The previous holder's lease ended with its write to the task, so a fresh read is current.
    const fresh = await this.#tasks.findOne({ _id: task._id });
    if (fresh && fresh.state === 'queued' && fresh.notBefore <= by) return this.#hold({ task: fresh, lease, entryId: entry._id });
    // Taken for nothing, the task moved on: ended by writing its generation into the task, as
    // a holder's finish does.
    await this.#tasks.updateOne({ _id: task._id }, { $max: { gen: lease.gen } });
    return null;
  }

  #hold(claim: Claim): Claim {
    this.#held.add(claim.entryId);
    return claim;
  }

  /** Extends a lease; false means it was lost (expired and taken by another worker). */
  async renew(claim: Claim): Promise<boolean> {
    if (!(await this.#isCurrent(claim))) return false;
    const expiresAt = new Date(this.#clock.now().getTime() + this.#leaseMs);
    await this.#leases.updateOne({ _id: claim.lease._id }, { $set: { expiresAt } });
    claim.lease.expiresAt = expiresAt;
    return true;
  }

  /** Marks the task done, or queues it again at `revisitAt` in a re-visit lane (messages not settled yet). */
  async complete(claim: Claim, revisitAt: Date | null = null, lane: RevisitLane = 'open'): Promise<boolean> {
    const update = revisitAt
      ? { state: 'queued' as const, notBefore: revisitAt, attempts: 0, lastError: null }
      : { state: 'done' as const };
    return this.#finish(claim, { ...update, visits: claim.task.visits + 1 }, revisitAt ? revisitLane(claim.task.source, lane) : claim.task.source);
  }

  /**
   * Brings a task forward to now: a status sweep saw its message change
   * (src/pipeline/status-sweep.ts). The pointer goes into the new-work lane: a changed
   * message is news, like a new post. A task already due (or being
   * fetched), held by another worker, dead or unknown is left alone. Takes a lease for the
   * write, as every writer of a task does; the pointer at the old due time is dropped when a
   * claim meets it.
   */
  async expedite(source: string, key: string): Promise<'expedited' | 'due' | 'busy' | 'missing'> {
    const now = this.#clock.now();
    const task = await this.#tasks.findOne({ _id: `${source}|${key}` });
    if (!task || task.state === 'dead') return 'missing';
    if (task.state === 'queued' && task.notBefore <= now) return 'due';
    const lease = await this.#tryLease(task, now);
    if (!lease) return 'busy';
    await this.#queue.push(source, task._id, now);
    // Carrying the lease's generation ends it (#finished); a failure here leaves it to expire.
    await this.#tasks.updateOne({ _id: task._id }, { $set: { state: 'queued', notBefore: now, attempts: 0, gen: lease.gen, updatedAt: now } });
    return 'expedited';
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

  /** When the next queued task of a source becomes due, or null when none is queued (scans: not for hot paths). */
  async nextDue(source: string): Promise<Date | null> {
    const next = await this.#tasks
      .find({ source, state: 'queued' }, { projection: { notBefore: 1 } })
      .sort({ notBefore: 1 })
      .limit(1)
      .next();
    return next?.notBefore ?? null;
  }

  /**
   * Gives due queued tasks a fresh ready-queue pointer. A worker killed between inserting a
   * task and pushing its pointer (or marking the pointer's hour) leaves a task no claim can
   * reach; the run loop calls this when a task is due but nothing could be claimed. Extra
   * pointers are harmless: a claim drops pointers whose task moved on. Scans: idle path only.
   */
  async repairDue(source: string, limit = 100): Promise<number> {
    const now = this.#clock.now();
    const due = await this.#tasks
      .find({ source, state: 'queued', notBefore: { $lte: now } }, { projection: { _id: 1, gen: 1 } })
      .limit(limit)
      .toArray();
    let repaired = 0;
    for (const task of due) {
      // A task another worker holds is not lost; it comes back when that worker finishes.
      const lease = await this.#latestLease(task);
      if (lease && lease.expiresAt > now && (task.gen ?? 0) < lease.gen) continue;
      // Pointers go into the current bucket: one behind the queue cursor would never be walked.
      await this.#queue.push(source, task._id, now);
      repaired++;
    }
    return repaired;
  }

  /** Counts tasks of a source by state (scans: for reports, not hot paths). */
  async counts(source: string): Promise<Record<string, number>> {
    const rows = await this.#tasks
      .aggregate<{ _id: string; n: number }>([{ $match: { source } }, { $group: { _id: '$state', n: { $sum: 1 } } }])
      .toArray();
    return Object.fromEntries(rows.map((r) => [r._id, r.n]));
  }

  /** Writes the task; a queued one gets a pointer in `lane` (default: the new-work lane). */
  async #finish(claim: Claim, set: Partial<TaskDoc>, lane: string = claim.task.source): Promise<boolean> {
    try {
      // A holder whose lease expired and was taken must not overwrite the new holder's work.
      if (!(await this.#isCurrent(claim))) return false;
      const next = { ...claim.task, ...set };
      // New pointer first: a crash before the task update leaves a harmless duplicate pointer.
      if (next.state === 'queued') await this.#queue.push(lane, next._id, next.notBefore);
      const written = { ...set, gen: claim.lease.gen, updatedAt: this.#clock.now() };
      await this.#tasks.updateOne({ _id: claim.task._id }, { $set: written });
      if (next.state === 'queued') this.#known.set(next._id, { ...next, ...written });
      await this.#queue.finish(claim.entryId);
      // The task now carries this generation, which is what ends the lease (#finished): no write.
      claim.lease.released = true;
      return true;
    } finally {
      // Held until its entry is done: a claim walking past it meanwhile would read it for
      // nothing. A failed write leaves the entry to the lease's expiry, as a crash would.
      this.#held.delete(claim.entryId);
    }
  }

  async #latestLease(task: Pick<TaskDoc, '_id' | 'gen'>): Promise<LeaseDoc | null> {
    const exists = async (g: number) => (await this.#leases.findOne({ _id: `${task._id}#${g}` }, { projection: { _id: 1 } })) !== null;
    const next = await firstMissing(exists, (task.gen ?? 0) + 1);
    return next === 1 ? null : this.#leases.findOne({ _id: `${task._id}#${next - 1}` });
  }

  /**
   * Takes the task's next lease generation. Fast path: a holder's last write to the task
   * carries its generation, and ends its lease (#finished), so the generation after the
   * task's may be taken without reading the leases, and the task as read is current; if
   * someone holds that generation (or held it and died), the insert fails and the leases say
   * what to do (a later generation).
   */
  async #tryLease(task: TaskDoc, now: Date): Promise<LeaseDoc | null> {
    const next = await this.#insertLease(task, (task.gen ?? 0) + 1, now);
    if (next) return next;
    const latest = await this.#latestLease(task);
    if (latest && latest.expiresAt > now && !(await this.#finished(latest))) return null;
    return this.#insertLease(task, (latest?.gen ?? 0) + 1, now);
  }

  /**
   * Whether a lease's holder is done with it. Its last write to the task carries its
   * generation, and nobody writes a later one while it holds the task (a later generation
   * exists only once it expired), so the task's generation says so: no release write.
   */
  async #finished(lease: LeaseDoc): Promise<boolean> {
    const task = await this.#tasks.findOne({ _id: lease.taskId }, { projection: { gen: 1 } });
    return (task?.gen ?? 0) >= lease.gen;
  }

  /** Takes generation `gen` of a task's lease, or null when it exists already. */
  async #insertLease(task: TaskDoc, gen: number, now: Date): Promise<LeaseDoc | null> {
    const lease: LeaseDoc = {
      _id: `${task._id}#${gen}`,
      taskId: task._id,
      gen,
      workerId: this.#workerId,
      claimedAt: now,
      expiresAt: new Date(now.getTime() + this.#leaseMs),
      released: false,
    };
    return (await insertOnce(this.#leases, lease)) ? lease : null;
  }

  /**
   * Whether a claim's lease is still the task's latest. Only its holder ends a lease, and a
   * claim is not used after it finished, so the one question is whether another worker took
   * the next generation (after this lease expired). With TRUSTED_LEASE_SHARE of its term
   * left on our clock nobody can have: the database is asked only later in the term.
   */
  async #isCurrent(claim: Claim): Promise<boolean> {
    if (claim.lease.released) return false;
    const left = claim.lease.expiresAt.getTime() - this.#clock.now().getTime();
    if (left >= this.#leaseMs * TRUSTED_LEASE_SHARE) return true;
    const taken = await this.#leases.findOne({ _id: `${claim.task._id}#${claim.lease.gen + 1}` }, { projection: { _id: 1 } });
    return taken === null;
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
    gen: 0,
    createdAt: now,
    updatedAt: now,
  };
}
