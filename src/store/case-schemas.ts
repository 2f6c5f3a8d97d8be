/**
 * Shapes and indexes of the case collections (see docs/cases.md). Mutual exclusion rests
 * only on unique-index inserts, the one operation atomic on FerretDB v1 as on MongoDB:
 * - `case_members` {_id: messageId}: a message's one and only case claim;
 * - `case_merges` {_id: mergedCaseId}: a case is merged at most once, into an older case;
 * - `cases` {_id: caseNumber}: a case number is issued once;
 * - `case_index`, `dedup_bands`: insert-only `_id`-addressed lists (case-chains.ts).
 * `cases` documents are roll-ups recomputed from those claims and are idempotent to rewrite.
 */
import type { Db, IndexDescription } from 'mongodb';
import { z } from 'zod';

import { RegionSchema, StatusCodes, TypeCodes, codedValue } from '../shared/types.js';
import { ensureCollections } from './mongo.js';

export const CaseCollections = {
  cases: 'cases',
  caseMembers: 'case_members',
  caseMerges: 'case_merges',
  /** `_id`-addressed lists: members of a case (`m:<case>#n`), cases merged into it (`g:<case>#n`). */
  caseIndex: 'case_index',
  dedupSignatures: 'dedup_signatures',
  dedupBands: 'dedup_bands',
} as const;

export const CaseStates = ['open', 'merged'] as const;

export const CaseMemberSchema = z.object({ _id: z.string(), caseId: z.string(), joinedAt: z.date() });
export type CaseMember = z.infer<typeof CaseMemberSchema>;

export const CaseMergeSchema = z.object({ _id: z.string(), into: z.string(), at: z.date() });
export type CaseMerge = z.infer<typeof CaseMergeSchema>;

export const DedupSignatureSchema = z.object({
  _id: z.string(),
  textHash: z.string(),
  text: z.string(),
  version: z.number().int(),
  /** Division code of the message's place (absent on signatures written before it existed). */
  regionCode: z.string().nullable().optional(),
  /** Hash of source and identified author (dedup/author.ts); absent on signatures written before it existed. */
  authorKey: z.string().nullable().optional(),
  /** Hash of the title (dedup/author.ts `titleKey`); absent on signatures written before it existed. */
  titleKey: z.string().nullable().optional(),
});
export type DedupSignature = z.infer<typeof DedupSignatureSchema>;


const ReplyRollupSchema = z.object({
  messageId: z.string(),
  org: z.string().nullable(),
  body: z.string(),
  at: z.date().nullable(),
});

/** One case as downstream systems read it. */
export const CaseRecordSchema = z.object({
  _id: z.string(),
  caseNumber: z.string(),
  year: z.number().int(),
  seq: z.number().int().positive(),
  state: z.enum(CaseStates),
  mergedInto: z.string().nullable(),
  title: z.string().nullable(),
  messageIds: z.array(z.string()),
  messageCount: z.number().int().nonnegative(),
  sources: z.array(z.string()),
  boards: z.array(z.object({ source: z.string(), id: z.string().nullable(), name: z.string().nullable() })),
  firstPostedAt: z.date().nullable(),
  lastPostedAt: z.date().nullable(),
  region: RegionSchema.nullable(),
  type: codedValue(TypeCodes).nullable(),
  status: codedValue(StatusCodes).extend({ messageId: z.string() }).nullable(),
  replies: z.object({ count: z.number().int().nonnegative(), latest: ReplyRollupSchema.nullable() }),
  evaluation: z
    .object({ messageId: z.string(), label: z.string().nullable(), text: z.string().nullable(), at: z.date().nullable() })
    .nullable(),
  openedAt: z.date(),
  updatedAt: z.date(),
  /** sha256 of the roll-up content; equal means nothing changed. */
  rollupHash: z.string(),
});
export type CaseRecord = z.infer<typeof CaseRecordSchema>;

// Everything the write path reads is addressed by `_id` (FerretDB v1 pushes down nothing
// else). These secondary indexes serve downstream readers and `export` on MongoDB.
const INDEXES: Record<string, IndexDescription[]> = {
  [CaseCollections.cases]: [
    { key: { state: 1, updatedAt: -1 }, name: 'state_updatedAt' },
    { key: { sources: 1, firstPostedAt: -1 }, name: 'sources_firstPostedAt' },
    { key: { 'region.code': 1 }, name: 'region_code' },
    { key: { 'status.code': 1, updatedAt: -1 }, name: 'status_updatedAt' },
    { key: { messageIds: 1 }, name: 'messageIds' },
  ],
  [CaseCollections.caseMembers]: [{ key: { caseId: 1 }, name: 'caseId' }],
  [CaseCollections.caseMerges]: [{ key: { into: 1 }, name: 'into' }],
  [CaseCollections.caseIndex]: [],
  [CaseCollections.dedupSignatures]: [],
  [CaseCollections.dedupBands]: [],
};

/** Creates the case and dedup collections' missing indexes; safe to call on every start. */
export async function ensureCaseSchema(db: Db): Promise<void> {
  await ensureCollections(db, Object.keys(INDEXES));
  for (const [name, indexes] of Object.entries(INDEXES)) {
    // FerretDB v1 panics on createIndexes for existing indexes: create only missing ones.
    const have = new Set((await db.collection(name).indexes()).map((i) => i.name));
    const missing = indexes.filter((i) => !have.has(i.name));
    if (missing.length > 0) await db.collection(name).createIndexes(missing);
  }
}
