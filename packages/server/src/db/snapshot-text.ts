import type { SnapshotOutcome } from '@assent/core';

/** A field of ConsentSnapshotRow a page can be written with by the database. */
export type SnapshotRowField =
  'subjectId' | 'purposeKey' | 'status' | 'allowed' | 'recordId' | 'occurredAt' | '__typename';

/** How the rows of a page are written: the response keys and fields in selection order, and the page's outcomes. */
export interface SnapshotRowShape {
  fields: readonly { key: string; field: SnapshotRowField }[];
  /** Every (purpose, action, notice version) a row may have and its decision (core's snapshotOutcomes). */
  outcomes: readonly SnapshotOutcome[];
}

/** One page written by the database: the rows' JSON objects, comma-separated, in (subjectId, purposeKey) order. */
export interface SnapshotPageText {
  /** Rows read (at most the limit asked). */
  count: number;
  /** The rows' JSON, or null when some row could not be written this way (an outcome or date form the SQL does not know). */
  json: string | null;
  /** The key of the page's last row (null on an empty page). */
  last: { subjectId: string; purposeKey: string } | null;
  /** Whether a row follows the page. */
  hasNextPage: boolean;
}

/** What differs between the two dialects in a page's SQL. */
interface Dialect {
  /** A text column as a JSON string, escaped as JSON.stringify escapes it. */
  quote(column: string): string;
  /** occurredAt as a JSON string in the DateTime scalar's form (…T12:34:56.789Z), NULL when it is not in the stored form. */
  occurredAt: string;
}

const DIALECTS: Record<'sqlite' | 'postgres', Dialect> = {
  // SQLite keeps DateTime as text 2026-01-02T03:04:05.678+00:00 (raw.ts's sqliteDate); anything else is left to JS.
  sqlite: {
    quote: (c) => `json_quote(${c})`,
    occurredAt: `CASE WHEN length("occurredAt") = 29 AND substr("occurredAt", 24) = '+00:00' THEN '"' || substr("occurredAt", 1, 23) || 'Z"' END`,
  },
  postgres: {
    quote: (c) => `to_json(${c})::text`,
    occurredAt: `'"' || to_char("occurredAt", 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') || '"'`,
  },
};

const literal = (text: string) => `'${text.replaceAll("'", "''")}'`;

/**
 * A decision's JSON per row as nested CASEs over purpose, action and notice version (a handful of branches each):
 * NULL for a row the outcomes do not cover, which makes the whole row NULL.
 */
function outcomeSql(outcomes: readonly SnapshotOutcome[], value: (o: SnapshotOutcome) => string): string {
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
      const versions = list.map((o) => `WHEN ${o.noticeVersion} THEN ${literal(value(o))}`).join(' ');
      return `WHEN ${literal(action)} THEN CASE "noticeVersion" ${versions} END`;
    });
    return `WHEN ${literal(key)} THEN CASE "action" ${actions.join(' ')} END`;
  });
  return purposes.length === 0 ? 'NULL' : `CASE "purposeKey" ${purposes.join(' ')} END`;
}

/** The SQL expression of one row's JSON object, in the shape's field order (NULL when a part is not known). */
export function snapshotRowSql(kind: 'sqlite' | 'postgres', shape: SnapshotRowShape): string {
  const d = DIALECTS[kind];
  const parts = shape.fields.map(({ key, field }, i) => {
    const name = literal(`${i === 0 ? '{' : ','}${JSON.stringify(key)}:`);
    switch (field) {
      case 'subjectId':
      case 'purposeKey':
      case 'recordId':
        return `${name} || ${d.quote(`"${field}"`)}`;
      case 'status':
        return `${name} || ${outcomeSql(shape.outcomes, (o) => JSON.stringify(o.status))}`;
      case 'allowed':
        return `${name} || ${outcomeSql(shape.outcomes, (o) => String(o.allowed))}`;
      case 'occurredAt':
        return `${name} || ${d.occurredAt}`;
      case '__typename':
        return `${name} || '"ConsentSnapshotRow"'`;
    }
  });
  return parts.length === 0 ? `'{}'` : `${parts.join(' || ')} || '}'`;
}
