import { ERASED_SUBJECT_ID } from '@assent/core';
import type { Db, DbKind } from './client.ts';
import { rawDate } from './raw.ts';

/** A subject as support staff find it: the id and when the newest record of its ledger was written. */
export interface SubjectListRow {
  subjectId: string;
  lastChangeAt: Date;
}

/** One page of subjects and where the next one starts. */
export interface SubjectListPage {
  subjects: SubjectListRow[];
  /** Pass as `after` for the next page; null on the last one. */
  endCursor: string | null;
  hasNextPage: boolean;
}

// Above every character a subject id can hold, so [prefix, prefix + MAX) is every id that starts with prefix in byte
// (code point) order: SQLite's BINARY collation, and PostgreSQL's "C" collation the prefix index is built with.
const MAX_CHAR = '\u{10FFFF}';

const encode = (parts: readonly string[]) => Buffer.from(JSON.stringify(parts)).toString('base64url');
/** Decodes an opaque subject-list cursor of `length` parts; undefined when it is not one of ours. */
export function decodeSubjectCursor(s: string, length: number): string[] | undefined {
  try {
    const parts = JSON.parse(Buffer.from(s, 'base64url').toString('utf8')) as unknown;
    return Array.isArray(parts) && parts.length === length && parts.every((p) => typeof p === 'string')
      ? (parts as string[])
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Finding subjects for support staff, reads only. By the start of their id on the projection (ConsentState), the one
 * table that keys subjects by their id in clear (the ledger keys them by a pseudonym since #16, README "Erasure"; an
 * erased subject's projection rows are deleted, so it is never found). By most recent change on the ledger, walking
 * the recordedAt index back to each chain's head, whose identifier `openRecords` unseals (erased subjects are left out).
 */
export function subjectDirectoryRepository(
  prisma: Db,
  kind: DbKind,
  openRecords: (ids: readonly string[]) => Promise<{ id: string; subjectId: string }[]>,
  /** The key a subject's chain is stored under (its keyed pseudonym). */
  chainKeyOf: (subjectId: string) => string,
) {
  const p = (n: number) => (kind === 'sqlite' ? '?' : `$${n}`);
  const instant = (n: number) => (kind === 'sqlite' ? '?' : `$${n}::timestamp(3)`);
  // PostgreSQL compares with the "C" collation, as its prefix index (migration subject_search_state) is built.
  const id = kind === 'sqlite' ? `s."subjectId"` : `(s."subjectId" COLLATE "C")`;
  return {
    /** Subjects whose id starts with `prefix`, in id order (code points), `first` at a time after the cursor's id. */
    async listByPrefix(input: { prefix: string; first: number; after?: string[] }): Promise<SubjectListPage> {
      const from = input.after?.[0] ?? null;
      // The newest record in effect of each of the subject's purposes: its last change that counts.
      const rows = await prisma.$queryRawUnsafe<{ subjectId: string; lastChangeAt: unknown }[]>(
        `SELECT s."subjectId" AS "subjectId", MAX(s."recordedAt") AS "lastChangeAt" FROM "ConsentState" s
         WHERE ${id} >= ${p(1)} AND ${id} < ${p(2)} ${from === null ? '' : `AND ${id} > ${p(3)}`}
         GROUP BY ${id}, s."subjectId" ORDER BY ${id} LIMIT ${Number(input.first) + 1}`,
        ...[input.prefix, input.prefix + MAX_CHAR, ...(from === null ? [] : [from])],
      );
      // The projection holds the records in effect; a back-dated record that changed no status is newer still. Each
      // subject's newest record is its chain's head (ChainHead, under the pseudonym): one lookup for the page.
      const shown = rows.slice(0, input.first);
      const keys = shown.map((r) => chainKeyOf(r.subjectId));
      const heads =
        keys.length === 0
          ? []
          : await prisma.$queryRawUnsafe<{ key: string; recordedAt: unknown }[]>(
              `SELECT h."subjectId" AS "key", r."recordedAt" AS "recordedAt" FROM "ChainHead" h
               JOIN "ConsentRecord" r ON r."subjectId" = h."subjectId" AND r."seq" = h."seq"
               WHERE h."subjectId" IN (${keys.map((_, i) => p(i + 1)).join(', ')})`,
              ...keys,
            );
      const newest = new Map(heads.map((h) => [h.key, rawDate(h.recordedAt)]));
      const page = shown.map((r, i) => ({
        subjectId: r.subjectId,
        lastChangeAt: newest.get(keys[i]!) ?? rawDate(r.lastChangeAt),
      }));
      const last = page.at(-1);
      return {
        subjects: page,
        hasNextPage: rows.length > input.first,
        endCursor: rows.length > input.first && last ? encode([last.subjectId]) : null,
      };
    },

    /**
     * Subjects by their newest record, most recent first: walks records back by recordedAt and keeps each chain's head,
     * so a subject appears once, where its latest change is. The cursor is the last row's (recordedAt, record id).
     */
    async listRecentlyChanged(input: { first: number; after?: string[] }): Promise<SubjectListPage> {
      const after = input.after;
      const rows = await prisma.$queryRawUnsafe<{ lastChangeAt: unknown; id: string }[]>(
        `SELECT r."recordedAt" AS "lastChangeAt", r."id" AS "id" FROM "ConsentRecord" r
         WHERE NOT EXISTS (SELECT 1 FROM "ConsentRecord" n WHERE n."subjectId" = r."subjectId" AND n."seq" > r."seq")
         ${after ? `AND (r."recordedAt" < ${instant(1)} OR (r."recordedAt" = ${instant(2)} AND r."id" < ${p(3)}))` : ''}
         ORDER BY r."recordedAt" DESC, r."id" DESC LIMIT ${Number(input.first) + 1}`,
        ...(after ? [after[0], after[0], after[1]].map((v, i) => (i < 2 ? cursorInstant(kind, v!) : v)) : []),
      );
      const page = rows.slice(0, input.first);
      const subjectOf = new Map((await openRecords(page.map((r) => r.id))).map((r) => [r.id, r.subjectId]));
      const last = page.at(-1);
      return {
        subjects: page.flatMap((r) => {
          const subjectId = subjectOf.get(r.id);
          return subjectId === undefined || subjectId === ERASED_SUBJECT_ID
            ? []
            : [{ subjectId, lastChangeAt: rawDate(r.lastChangeAt) }];
        }),
        hasNextPage: rows.length > input.first,
        endCursor:
          rows.length > input.first && last ? encode([rawDate(last.lastChangeAt).toISOString(), last.id]) : null,
      };
    },
  };
}

/** A cursor's instant as the dialect compares it: SQLite's text form, UTC text PostgreSQL casts to its timestamp. */
function cursorInstant(kind: DbKind, iso: string): string {
  return kind === 'sqlite' ? iso.replace('Z', '+00:00') : iso.replace('Z', '');
}

/** The subject directory's type. */
export type SubjectDirectoryRepository = ReturnType<typeof subjectDirectoryRepository>;
