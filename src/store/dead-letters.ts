/**
 * Dead letters: pages and records the pipeline could not process, kept with their exact
 * bytes so a fixed parser can replay them and nothing is lost.
 */
import type { Collection, Db, ObjectId } from 'mongodb';

import type { Clock } from '../shared/clock.js';
import type { PipelineError } from '../shared/errors.js';
import type { FetchedPage } from '../shared/types.js';
import { Collections, DeadLetterSchema, type DeadLetter } from './schemas.js';

const SECRET_HEADERS = new Set(['set-cookie', 'cookie', 'authorization', 'proxy-authorization']);

export interface DeadLetterInput {
  source: string;
  url: string;
  kind: string;
  error: PipelineError;
  attempts: number;
  page?: FetchedPage | undefined;
  runId?: string | undefined;
}

export class DeadLetterRepository {
  readonly #col: Collection<DeadLetter & { _id?: ObjectId }>;
  readonly #clock: Clock;

  constructor(db: Db, clock: Clock) {
    this.#col = db.collection(Collections.deadLetters);
    this.#clock = clock;
  }

  /** Stores one failure with the page bytes (cookies stripped from the headers). */
  async add(input: DeadLetterInput): Promise<ObjectId> {
    const doc = DeadLetterSchema.parse({
      source: input.source,
      url: input.url,
      kind: input.kind,
      code: input.error.code,
      error: input.error.message,
      attempts: input.attempts,
      status: input.page?.status ?? null,
      headers: redactHeaders(input.page?.headers ?? {}),
      charset: input.page?.charset ?? null,
      bytes: input.page?.bytes ?? null,
      at: this.#clock.now(),
      runId: input.runId ?? null,
    });
    const res = await this.#col.insertOne(doc);
    return res.insertedId;
  }

  /** Lists dead letters of a source, newest first, bytes included. */
  async list(source: string, limit = 100): Promise<Array<DeadLetter & { _id: ObjectId }>> {
    const docs = await this.#col.find({ source }).sort({ at: -1 }).limit(limit).toArray();
    return docs.map((d) => ({ ...d, _id: d._id as ObjectId, bytes: d.bytes ? toBytes(d.bytes) : null }));
  }
}

function redactHeaders(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) {
    out[k] = SECRET_HEADERS.has(k.toLowerCase()) ? '[redacted]' : v;
  }
  return out;
}

/** The driver returns BSON Binary for stored bytes. */
function toBytes(value: unknown): Uint8Array<ArrayBuffer> {
  if (value instanceof Uint8Array) return new Uint8Array(value);
  const binary = value as { buffer?: Uint8Array; value?: () => Uint8Array };
  if (binary.buffer instanceof Uint8Array) return new Uint8Array(binary.buffer);
  throw new TypeError('stored bytes are not binary');
}
