/**
 * Shapes of the documents in MongoDB. These collections are a public interface read by
 * downstream systems (see docs/collections.md); change them only with a schema version bump.
 */
import { z } from 'zod';

import { NormalizedMessageSchema } from '../shared/types.js';

/** Bumped when a stored shape changes incompatibly; kept in the `meta` collection. */
export const SCHEMA_VERSION = 1;

export const Collections = {
  messages: 'messages',
  messageVersions: 'message_versions',
  events: 'events',
  deadLetters: 'dead_letters',
  runs: 'runs',
  meta: 'meta',
  /** Small lossy hints that save lookups (next event seq …); never trusted for correctness. */
  hints: 'hints',
  /** One marker per message version whose event may not be logged yet (crash recovery). */
  unevented: 'unevented',
} as const;

/** One stored message: the latest version of the normalized message plus identity and times. */
export const MessageRecordSchema = NormalizedMessageSchema.extend({
  /** `${source}:${externalId}`: the natural key. */
  _id: z.string(),
  schemaVersion: z.literal(SCHEMA_VERSION),
  /** sha256 of the content fields; equal hash means nothing worth an event changed. */
  contentHash: z.string().regex(/^[0-9a-f]{64}$/),
  version: z.number().int().positive(),
  firstSeenAt: z.date(),
  lastSeenAt: z.date(),
  lastChangedAt: z.date(),
});
export type MessageRecord = z.infer<typeof MessageRecordSchema>;

/**
 * One immutable version of a message, as first observed. Inserting it (unique `_id`) is
 * how a writer claims a version number; `messages` is materialized from the newest one.
 */
export const MessageVersionSchema = NormalizedMessageSchema.extend({
  /** `${messageId}@${version}`. */
  _id: z.string(),
  messageId: z.string(),
  version: z.number().int().positive(),
  contentHash: z.string().regex(/^[0-9a-f]{64}$/),
  changedFields: z.array(z.string()),
  observedAt: z.date(),
  /** False until its event is in the log; a sweep finishes what a crashed writer left. */
  evented: z.boolean(),
});
export type MessageVersion = z.infer<typeof MessageVersionSchema>;

/** The `_id` of the event with a given seq. */
export function seqId(seq: number): string {
  return String(seq).padStart(20, '0');
}

export const EventTypes = [
  'message.created',
  'message.changed',
  // Case events (docs/cases.md); added without a schema version bump: old readers that
  // switch on `type` see new values only for the new `case` entity.
  'case.created',
  'case.updated',
  'case.merged',
] as const;

export const EventEntities = ['message', 'case'] as const;

/** One entry of the append-only, gap-free event log. */
export const EventRecordSchema = z.object({
  /** The seq as a 20-digit zero-padded string (see seqId): FerretDB only indexes string ids. */
  _id: z.string().regex(/^\d{20}$/),
  /** The sequence number: 1, 2, 3 … with no gaps. Poll `seq > lastSeen` in `seq` order. */
  seq: z.number().int().positive(),
  /** `${entityId}:${version}`: unique, so a change is never logged twice. */
  key: z.string(),
  type: z.enum(EventTypes),
  entity: z.enum(EventEntities),
  entityId: z.string(),
  source: z.string(),
  version: z.number().int().positive(),
  changedFields: z.array(z.string()),
  occurredAt: z.date(),
  sequencedAt: z.date(),
  /** case.merged: the case the merged case now belongs to. */
  mergedInto: z.string().optional(),
  /** case.created / case.updated: the message whose arrival or change caused the event. */
  messageId: z.string().optional(),
});
export type EventRecord = z.infer<typeof EventRecordSchema>;

/** A page or record that could not be processed, kept with its bytes for replay. */
export const DeadLetterSchema = z.object({
  source: z.string(),
  url: z.string(),
  kind: z.string(),
  code: z.string(),
  error: z.string(),
  attempts: z.number().int().nonnegative(),
  status: z.number().int().nullable(),
  headers: z.record(z.string(), z.string()),
  charset: z.string().nullable(),
  /** The response bytes exactly as received (BSON binary). */
  bytes: z.instanceof(Uint8Array).nullable(),
  at: z.date(),
  runId: z.string().nullable(),
});
export type DeadLetter = z.infer<typeof DeadLetterSchema>;
