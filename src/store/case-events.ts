/**
 * Case events in the shared `events` log (event-log.ts: gap-free seq, idempotent by key).
 * Keys: `case:<id>:created`, `case:<id>:merged`, `case:<id>:<rollupHash>`; so a writer that
 * retries, or two writers that computed the same roll-up, log it once. For case events
 * `version` is the case's message count when the event was logged (at least 1).
 *
 * Events are built first and logged together (`log`), in order: one lookup and one insert
 * for a new case's `created` and first `updated` when no other writer is appending, where
 * each event on its own costs both.
 */
import type { Db } from 'mongodb';

import type { Clock } from '../shared/clock.js';
import { appendEvents, type NewEvent } from './event-log.js';
import { hashContent } from './case-rollup.js';
import { Collections, type EventRecord } from './schemas.js';

type Content = Parameters<typeof hashContent>[0];
/** A case event before it is logged. */
export type CaseEvent = NewEvent;

/** Event builders bound to one clock, and `log` for the events built, bound to one database. */
export function caseEvents(db: Db, clock: Clock) {
  const events = db.collection<EventRecord>(Collections.events);
  const base = (caseId: string, occurredAt: Date) => ({
    entity: 'case' as const,
    entityId: caseId,
    source: 'cases',
    occurredAt,
    sequencedAt: clock.now(),
  });
  return {
    created: (caseId: string, messageId: string, at: Date): CaseEvent =>
      ({ ...base(caseId, at), key: `case:${caseId}:created`, type: 'case.created', version: 1, changedFields: [], messageId }),
    merged: (caseId: string, into: string, at: Date): CaseEvent =>
      ({ ...base(caseId, at), key: `case:${caseId}:merged`, type: 'case.merged', version: 1, changedFields: ['state', 'mergedInto'], mergedInto: into }),
    updated: (caseId: string, content: Content, messageId: string, at: Date): CaseEvent => ({
      ...base(caseId, at),
      key: `case:${caseId}:${hashContent(content)}`,
      type: 'case.updated',
      version: Math.max(1, content.messageCount),
      changedFields: [],
      messageId,
    }),
    /** Logs the events in this order; returns their seqs. */
    log: (list: readonly CaseEvent[]): Promise<number[]> => appendEvents(events, list),
  };
}
