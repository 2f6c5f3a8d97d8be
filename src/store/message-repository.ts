/**
 * The idempotent write path for messages: upsert by natural key (source, externalId).
 * Unchanged content only moves `lastSeenAt` (and refreshes view/like counters); changed
 * content stores a new immutable version (`version` + 1), moves `lastChangedAt` and logs an
 * event. A version number is claimed by inserting `${id}@${n}` into `message_versions`:
 * unique-index inserts are the one operation that is atomic on FerretDB v1 as on MongoDB,
 * so concurrent writers of one message never create two records or two version n's.
 */
import type { Collection, Db } from 'mongodb';

import type { Clock } from '../shared/clock.js';
import { RecordValidationError, StoreError } from '../shared/errors.js';
import { NormalizedMessageSchema, type NormalizedMessage } from '../shared/types.js';
import { changedFields, contentHash } from './content-hash.js';
import { insertOnce } from './insert-once.js';
import { logMessageVersions, markUnevented } from './event-log.js';
import { Materializer } from './materialize.js';
import { Collections, type MessageRecord, type MessageVersion } from './schemas.js';

export const StoreOutcome = {
  Inserted: 'inserted',
  Updated: 'updated',
  Unchanged: 'unchanged',
} as const;
export type StoreOutcome = (typeof StoreOutcome)[keyof typeof StoreOutcome];

export interface StoreResult {
  id: string;
  outcome: StoreOutcome;
  version: number;
  changedFields: string[];
  /** This write stored the first version of the message that has a reply (once per message). */
  firstReplied: boolean;
  /**
   * With `deferNewEvent`, the first version of a message new to the store, whose event the
   * caller logs (CaseAssigner.assign, with the case events) and then marks (markEvented).
   */
  unlogged?: MessageVersion;
  /** The version this write stored (absent when unchanged). */
  written?: MessageVersion;
}

export interface UpsertOptions {
  /** Log the event right away (false leaves it to the sweep, as a crash would). @default true */
  logEvent?: boolean;
  /**
   * For a message new to the store, leave its event to the caller (StoreResult.unlogged), who
   * logs it together with its own. Its crash marker stands until then, so a caller that stops
   * first leaves it to the sweep, or to the next upsert of the same content. @default false
   */
  deferNewEvent?: boolean;
  /**
   * The caller has not seen this message before (a detail page fetched for the first time):
   * version 1 is claimed without a first look. A message stored after all (its task's first
   * fetch stopped after storing) fails that claim and is looked up as usual; the crash marker
   * the failed claim wrote is dropped by the next sweep (event-log.ts sequenceUnevented).
   * @default false
   */
  firstSighting?: boolean;
}

const MAX_CLAIM_ATTEMPTS = 50;

/** The natural key as stored in `_id`. */
export function messageId(source: string, externalId: string): string {
  return `${source}:${externalId}`;
}

export class MessageRepository {
  readonly #db: Db;
  readonly #clock: Clock;
  readonly #messages: Collection<MessageRecord>;
  readonly #versions: Collection<MessageVersion>;
  readonly #materializer: Materializer;

  constructor(db: Db, clock: Clock) {
    this.#db = db;
    this.#clock = clock;
    this.#messages = db.collection<MessageRecord>(Collections.messages);
    this.#versions = db.collection<MessageVersion>(Collections.messageVersions);
    this.#materializer = new Materializer(db);
  }

  /** Stores one normalized message; see the file comment for the rules. */
  async upsert(input: NormalizedMessage, options: UpsertOptions = {}): Promise<StoreResult> {
    const message = validate(input);
    const id = messageId(message.source, message.externalId);
    const hash = contentHash(message);
    for (let attempt = 0; attempt < MAX_CLAIM_ATTEMPTS; attempt++) {
      const now = this.#clock.now();
      // First look: a message without a document (or, for a first sighting, any message) is
      // taken as new; if a version of it exists after all, the claim below fails and the next
      // look reads the versions.
      const latest = attempt > 0 ? await this.#materializer.latest(id) : options.firstSighting === true ? null : await this.#materializer.latestUnlessUndocumented(id);
      if (latest?.contentHash === hash) {
        await this.#touch(id, message, now);
        // A writer that stopped between storing this version and logging it left it unlogged.
        if (!latest.evented && options.logEvent !== false) await logMessageVersions(this.#db, id, latest.version, this.#clock);
        return { id, outcome: StoreOutcome.Unchanged, version: latest.version, changedFields: [], firstReplied: false };
      }
      const claimed = await this.#claim(id, message, hash, latest, now);
      if (!claimed) continue; // another writer took this version number: look again
      // A message new to the store: its first document is inserted without the re-reads of sync.
      if (!(latest === null && (await this.#materializer.insertFirst(claimed, now)))) await this.#materializer.sync(id, now, claimed);
      const deferred = options.logEvent !== false && options.deferNewEvent === true && claimed.version === 1;
      if (options.logEvent !== false && !deferred) await logMessageVersions(this.#db, id, claimed.version, this.#clock, claimed);
      const outcome = claimed.version === 1 ? StoreOutcome.Inserted : StoreOutcome.Updated;
      const firstReplied = message.replies.length > 0 && !(latest && latest.replies.length > 0);
      return { id, outcome, version: claimed.version, changedFields: claimed.changedFields, firstReplied, written: claimed, ...(deferred ? { unlogged: claimed } : {}) };
    }
    throw new StoreError(`Too much write contention on ${id}`, { code: 'ERR_STORE_CONTENTION' });
  }

  /** Reads one message by natural key. */
  get(source: string, externalId: string): Promise<MessageRecord | null> {
    return this.#messages.findOne({ _id: messageId(source, externalId) });
  }

  /** Every stored version of a message, oldest first. */
  history(source: string, externalId: string): Promise<MessageVersion[]> {
    return this.#versions.find({ messageId: messageId(source, externalId) }).sort({ version: 1 }).toArray();
  }

  async #claim(
    id: string,
    message: NormalizedMessage,
    hash: string,
    latest: MessageVersion | null,
    now: Date,
  ): Promise<MessageVersion | null> {
    const version = (latest?.version ?? 0) + 1;
    const doc: MessageVersion = {
      ...message,
      _id: `${id}@${version}`,
      messageId: id,
      version,
      contentHash: hash,
      changedFields: latest ? changedFields(latest, message) : [],
      observedAt: now,
      evented: false,
    };
    // The marker goes first: a crash after the version insert leaves a marker for the sweep.
    await markUnevented(this.#db, id, version, now);
    return (await insertOnce(this.#versions, doc)) ? doc : null;
  }

  async #touch(id: string, message: NormalizedMessage, now: Date): Promise<void> {
    await this.#messages.updateOne({ _id: id }, { $set: { url: message.url, views: message.views, likes: message.likes } });
    // The counter update may have raced a newer version's write; sync repairs that.
    await this.#materializer.sync(id, now);
  }
}

function validate(input: NormalizedMessage): NormalizedMessage {
  const parsed = NormalizedMessageSchema.safeParse(input);
  if (!parsed.success) {
    const paths = parsed.error.issues.map((i) => i.path.join('.')).join(', ');
    throw new RecordValidationError(`Message failed validation at ${paths}`, {
      details: { source: input.source, externalId: input.externalId },
    });
  }
  return { ...parsed.data, extra: safeKeys(parsed.data.extra) };
}

/**
 * Scraped JSON can carry keys such as `$where` or `a.b`; stored as field names they could be
 * read as operators or paths, so they are rewritten before any write.
 */
export function safeKeys<T>(record: Record<string, T>): Record<string, T> {
  const out: Record<string, T> = {};
  for (const [key, value] of Object.entries(record)) {
    out[key.replace(/^\$+/, '_').replace(/\./g, '_')] = value;
  }
  return out;
}
