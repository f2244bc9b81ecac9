import type { ConsentAction, SnapshotOutcome } from '@assent/core';

/** A projection row as a snapshot page reads it: [subjectId, purposeKey, recordId, action, noticeVersion, occurredAt (ISO text)]. */
export type SnapshotRow = [
  subjectId: string,
  purposeKey: string,
  recordId: string,
  action: ConsentAction,
  noticeVersion: number,
  occurredAt: string,
];

/** A field of ConsentSnapshotRow a page can be written with by the database. */
export type SnapshotRowField =
  'subjectId' | 'purposeKey' | 'status' | 'allowed' | 'recordId' | 'occurredAt' | '__typename';

/** How the rows of a page are written: the response keys and fields in selection order, and the page's outcomes. */
export interface SnapshotRowShape {
  fields: readonly { key: string; field: SnapshotRowField }[];
  /** Every (purpose, action, notice version) a row may have and its decision (core's snapshotOutcomes). */
  outcomes: readonly SnapshotOutcome[];
}

/** One page written by the database: the rows' JSON array, in (subjectId, purposeKey) order. */
export interface SnapshotPageText {
  /** Rows read (at most the limit asked). */
  count: number;
  /**
   * The rows' JSON array as UTF-8 bytes (SQLite: never decoded into a JS string and encoded again) or text, or null when
   * some row could not be written this way (an outcome or date form the SQL does not know).
   */
  json: Buffer | string | null;
  /** The key of the page's last row (null on an empty page). */
  last: { subjectId: string; purposeKey: string } | null;
  /** Whether a row follows the page. */
  hasNextPage: boolean;
}

/**
 * SQLite's occurredAt as a JSON string's content in the DateTime scalar's form (…T12:34:56.789Z), NULL when it is not
 * in the stored form: SQLite keeps DateTime as text 2026-01-02T03:04:05.678+00:00 (raw.ts's sqliteDate); anything
 * else is left to JS. Not quoted: json_object quotes it.
 */
const SQLITE_OCCURRED_AT = `CASE WHEN length("occurredAt") = 29 AND substr("occurredAt", 24) = '+00:00' THEN substr("occurredAt", 1, 23) || 'Z' END`;

const literal = (text: string) => `'${text.replaceAll("'", "''")}'`;

/**
 * A decision's value per row as nested CASEs over purpose and action, then the notice version in runs of versions
 * with the same value (usually one run: the version matters only where a notice asked for consent again): a few
 * comparisons a row. NULL for a row the outcomes do not cover.
 */
export function outcomeSql(outcomes: readonly SnapshotOutcome[], value: (o: SnapshotOutcome) => string): string {
  const byPurpose = new Map<string, Map<string, SnapshotOutcome[]>>();
  for (const o of outcomes) {
    let byAction = byPurpose.get(o.purposeKey);
    if (!byAction) byPurpose.set(o.purposeKey, (byAction = new Map()));
    let list = byAction.get(o.action);
    if (!list) byAction.set(o.action, (list = []));
    list.push(o);
  }
  const purposes = [...byPurpose].map(([key, byAction]) => {
    const actions = [...byAction].map(([action, list]) => {
      const sorted = [...list].sort((a, b) => a.noticeVersion - b.noticeVersion);
      const runs: { from: number; to: number; value: string }[] = [];
      for (const o of sorted) {
        const v = value(o);
        const last = runs.at(-1);
        if (last && last.value === v && last.to === o.noticeVersion - 1) last.to = o.noticeVersion;
        else runs.push({ from: o.noticeVersion, to: o.noticeVersion, value: v });
      }
      const versions = runs
        .map((r) => `WHEN "noticeVersion" BETWEEN ${r.from} AND ${r.to} THEN ${literal(r.value)}`)
        .join(' ');
      return `WHEN ${literal(action)} THEN CASE ${versions} END`;
    });
    return `WHEN ${literal(key)} THEN CASE "action" ${actions.join(' ')} END`;
  });
  return purposes.length === 0 ? 'NULL' : `CASE "purposeKey" ${purposes.join(' ')} END`;
}

/**
 * SQLite's page statement for a shape: the rows' JSON array made by json_group_array(json_object(…)) over the ordered,
 * limited range read, as a BLOB (the driver hands it over as a Buffer: the bytes the answer sends), and,
 * with the same formatting as JSON.stringify (no spaces, the same escapes), how many rows it read, how
 * many values it could not write (an outcome or date form it does not know), and the last row's key (subject id, NUL,
 * purpose key: NUL sorts first, so the largest is the last row's). Parameters: after subject id, after purpose key,
 * purpose keys (JSON array), limit.
 */
export function sqlitePageSql(shape: SnapshotRowShape): string {
  const value: Record<SnapshotRowField, string> = {
    subjectId: 's',
    purposeKey: 'p',
    recordId: 'r',
    status: 'st',
    allowed: 'json(al)',
    occurredAt: 'o',
    __typename: `'ConsentSnapshotRow'`,
  };
  const object = shape.fields.map(({ key, field }) => `${literal(key)}, ${value[field]}`).join(', ');
  const needs = new Set(shape.fields.map((f) => f.field));
  const unknown = ['st', 'al', 'o'].filter((c) =>
    needs.has(c === 'st' ? 'status' : c === 'al' ? 'allowed' : 'occurredAt'),
  );
  return `SELECT CAST(json_group_array(json_object(${object})) AS BLOB), count(*), ${unknown.length ? unknown.map((c) => `count(*) - count(${c})`).join(' + ') : '0'}, max(s || char(0) || p)
    FROM (SELECT "subjectId" AS s, "purposeKey" AS p, "recordId" AS r,
      ${needs.has('status') ? outcomeSql(shape.outcomes, (o) => o.status) : 'NULL'} AS st,
      ${needs.has('allowed') ? outcomeSql(shape.outcomes, (o) => String(o.allowed)) : 'NULL'} AS al,
      ${needs.has('occurredAt') ? SQLITE_OCCURRED_AT : 'NULL'} AS o
      FROM "ConsentState" WHERE ("subjectId", "purposeKey") > (?, ?) AND +"purposeKey" IN (SELECT value FROM json_each(?))
      ORDER BY "subjectId", "purposeKey" LIMIT ?)`;
}

/**
 * PostgreSQL's page writer for a shape: the rows' JSON array written here from the plain page query's rows, with
 * JSON.stringify's escapes (the bytes graphql-js would send) and each row's decision looked up in the shape's
 * outcomes; null when a row is not covered by them (the page is then served the other way). Here rather than in
 * SQL: the backend writing every row's JSON (to_json, to_char, string_agg) cost more than reading the rows, and it
 * is one process, while this thread writes one page as the backend reads the next.
 */
export function pagesJsonWriter(shape: SnapshotRowShape): (rows: readonly Readonly<SnapshotRow>[]) => string | null {
  const decided = new Map<string, { status: string; allowed: string }>();
  for (const o of shape.outcomes)
    decided.set(`${o.purposeKey}\u0000${o.action}\u0000${o.noticeVersion}`, {
      status: JSON.stringify(o.status),
      allowed: String(o.allowed),
    });
  const needsDecision = shape.fields.some((f) => f.field === 'status' || f.field === 'allowed');
  const names = shape.fields.map(({ key }, i) => `${i === 0 ? '{' : ','}${JSON.stringify(key)}:`);
  const fields = shape.fields.map((f) => f.field);
  return (rows) => {
    let out = '[';
    for (let r = 0; r < rows.length; r++) {
      const [subjectId, purposeKey, recordId, action, noticeVersion, occurredAt] = rows[r]!;
      const d = needsDecision ? decided.get(`${purposeKey}\u0000${action}\u0000${noticeVersion}`) : undefined;
      if (needsDecision && d === undefined) return null;
      if (r > 0) out += ',';
      for (let i = 0; i < fields.length; i++) {
        out += names[i];
        switch (fields[i]) {
          case 'subjectId':
            out += JSON.stringify(subjectId);
            break;
          case 'purposeKey':
            out += JSON.stringify(purposeKey);
            break;
          case 'recordId':
            out += JSON.stringify(recordId);
            break;
          case 'status':
            out += d!.status;
            break;
          case 'allowed':
            out += d!.allowed;
            break;
          case 'occurredAt':
            out += JSON.stringify(occurredAt);
            break;
          case '__typename':
            out += '"ConsentSnapshotRow"';
            break;
        }
      }
      out += fields.length === 0 ? '{}' : '}';
    }
    return `${out}]`;
  };
}
