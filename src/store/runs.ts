/** The `runs` collection: one document per source run, written by the process running it. */
import type { Collection, Db } from 'mongodb';

import type { RunSummary } from '../pipeline/run-summary.js';
import { Collections } from './schemas.js';

export type RunState = 'running' | 'finished' | 'failed' | 'interrupted';

export interface RunDoc {
  _id: string;
  source: string;
  sweepId: string;
  args: Record<string, string | number | boolean | null>;
  state: RunState;
  startedAt: Date;
  finishedAt: Date | null;
  durationMs: number | null;
  counts: RunSummary['counts'] | null;
  errorsByCode: Record<string, number>;
  reason: string | null;
}

export class RunRepository {
  readonly #col: Collection<RunDoc>;

  constructor(db: Db) {
    this.#col = db.collection<RunDoc>(Collections.runs);
  }

  async start(doc: Pick<RunDoc, '_id' | 'source' | 'sweepId' | 'args' | 'startedAt'>): Promise<void> {
    await this.#col.insertOne({
      ...doc,
      state: 'running',
      finishedAt: null,
      durationMs: null,
      counts: null,
      errorsByCode: {},
      reason: null,
    });
  }

  async finish(id: string, state: RunState, summary: RunSummary, at: Date, reason: string | null): Promise<void> {
    await this.#col.updateOne(
      { _id: id },
      {
        $set: {
          state,
          finishedAt: at,
          durationMs: at.getTime() - summary.startedAt.getTime(),
          counts: summary.counts,
          errorsByCode: summary.errorsByCode,
          reason,
        },
      },
    );
  }

  get(id: string): Promise<RunDoc | null> {
    return this.#col.findOne({ _id: id });
  }

  /** States of the runs of one source whose sweep id starts with `prefix` (resume decisions). */
  async sweepStates(source: string, prefix: string): Promise<Array<Pick<RunDoc, 'sweepId' | 'state'>>> {
    const docs = await this.#col.find({ source }, { projection: { sweepId: 1, state: 1 } }).toArray();
    return docs.filter((d) => d.sweepId.startsWith(prefix)).map((d) => ({ sweepId: d.sweepId, state: d.state }));
  }

  latest(source: string, limit = 10): Promise<RunDoc[]> {
    return this.#col.find({ source }).sort({ startedAt: -1 }).limit(limit).toArray();
  }
}
