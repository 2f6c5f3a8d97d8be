/**
 * Case events in the shared `events` log (appendEvent: gap-free seq, idempotent by key).
 * Keys: `case:<id>:created`, `case:<id>:merged`, `case:<id>:<rollupHash>`; so a writer that
 * retries, or two writers that computed the same roll-up, log it once. For case events
 * `version` is the case's message count when the event was logged (at least 1).
 */
import type { Db } from 'mongodb';

import type { Clock } from '../shared/clock.js';
import { appendEvent } from './event-log.js';
import { hashContent } from './case-rollup.js';
import { Collections, type EventRecord } from './schemas.js';

type Content = Parameters<typeof hashContent>[0];

/** Event writers bound to one database and clock. */
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
    created: (caseId: string, messageId: string, at: Date) =>
      appendEvent(events, { ...base(caseId, at), key: `case:${caseId}:created`, type: 'case.created', version: 1, changedFields: [], messageId }),
    merged: (caseId: string, into: string, at: Date) =>
      appendEvent(events, { ...base(caseId, at), key: `case:${caseId}:merged`, type: 'case.merged', version: 1, changedFields: ['state', 'mergedInto'], mergedInto: into }),
    updated: (caseId: string, content: Content, messageId: string, at: Date) =>
      appendEvent(events, {
        ...base(caseId, at),
        key: `case:${caseId}:${hashContent(content)}`,
        type: 'case.updated',
        version: Math.max(1, content.messageCount),
        changedFields: [],
        messageId,
      }),
  };
}
