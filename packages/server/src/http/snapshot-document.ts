import {
  getArgumentValues,
  getVariableValues,
  Kind,
  type FieldNode,
  type GraphQLField,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import type { SnapshotRowField } from '../db/snapshot-text.ts';
import type { Principal } from '../services/auth.service.ts';
import type { UseCases } from '../use-cases/index.ts';

type PageField = 'rows' | 'endCursor' | 'hasNextPage' | 'streamSequence' | 'outboxSeq' | '__typename';
const PAGE_FIELDS: ReadonlySet<string> = new Set<PageField>([
  'rows',
  'endCursor',
  'hasNextPage',
  'streamSequence',
  'outboxSeq',
  '__typename',
]);
const ROW_FIELDS: ReadonlySet<string> = new Set<SnapshotRowField>([
  'subjectId',
  'purposeKey',
  'status',
  'allowed',
  'recordId',
  'occurredAt',
  '__typename',
]);

/** How a consentSnapshot document's answer is written: its response keys and fields, in selection order. */
export interface SnapshotPlan {
  /** The root field's response key (its alias, or consentSnapshot). */
  key: string;
  field: FieldNode;
  definition: GraphQLField<unknown, unknown>;
  page: readonly { key: string; field: PageField }[];
  rows: readonly { key: string; field: SnapshotRowField }[];
}

/** The plain fields of a selection set (no fragments, directives or arguments, each response key once), or null. */
function plainFields(set: SelectionSetNode | undefined, allowed: ReadonlySet<string>): FieldNode[] | null {
  if (!set) return null;
  const keys = new Set<string>();
  const out: FieldNode[] = [];
  for (const s of set.selections) {
    if (s.kind !== Kind.FIELD || s.directives?.length || s.arguments?.length || !allowed.has(s.name.value)) return null;
    const key = s.alias?.value ?? s.name.value;
    if (keys.has(key)) return null;
    keys.add(key);
    out.push(s);
  }
  return out;
}

/**
 * The plan of a query whose one root field is consentSnapshot with a selection written without fragments,
 * directives or repeated keys (what @assent/client and any hand-written snapshot loop send); null for anything
 * else, which keeps Apollo's path.
 */
export function snapshotPlan(schema: GraphQLSchema, operation: OperationDefinitionNode): SnapshotPlan | null {
  const [root, ...more] = operation.selectionSet.selections;
  if (operation.operation !== 'query' || more.length > 0 || root?.kind !== Kind.FIELD) return null;
  if (root.name.value !== 'consentSnapshot' || root.directives?.length) return null;
  const definition = schema.getQueryType()?.getFields().consentSnapshot;
  const pageFields = plainFields(root.selectionSet, PAGE_FIELDS);
  if (!definition || !pageFields) return null;
  let rows: SnapshotPlan['rows'] = [];
  const page: SnapshotPlan['page'] = pageFields.map((f) => ({
    key: f.alias?.value ?? f.name.value,
    field: f.name.value as PageField,
  }));
  for (const f of pageFields) {
    if (f.name.value !== 'rows') {
      if (f.selectionSet) return null;
      continue;
    }
    const rowFields = plainFields(f.selectionSet, ROW_FIELDS);
    if (!rowFields || rowFields.some((r) => r.selectionSet)) return null;
    rows = rowFields.map((r) => ({ key: r.alias?.value ?? r.name.value, field: r.name.value as SnapshotRowField }));
  }
  return { key: root.alias?.value ?? root.name.value, field: root, definition, page, rows };
}

/**
 * The answer's body, as Apollo writes the same document's answer (`JSON.stringify({ data })` and a newline), with
 * the rows written by the database (use case consentSnapshotText); null whenever the answer would be anything but
 * data (variables that do not coerce, a refused caller, bad input, a row the database could not write): Apollo's
 * path then answers it.
 */
export async function runSnapshot(
  plan: SnapshotPlan,
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
  principal: Principal,
  service: Pick<UseCases, 'consentSnapshotText'>,
): Promise<Buffer | null> {
  try {
    const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables);
    if (coerced.errors) return null;
    const args = getArgumentValues(plan.definition, plan.field, coerced.coerced) as {
      purposeKeys: string[];
      first?: number | null;
      after?: string | null;
    };
    const view = await service.consentSnapshotText(principal, args, plan.rows);
    const rows = view.rowsJson;
    if (rows === null) return null;
    // The text before the rows' array and after it; the array goes out as the database wrote it.
    const before: string[] = [];
    const after: string[] = [];
    let rowsSeen = false;
    plan.page.forEach(({ key, field }, i) => {
      const name = `${i === 0 ? '' : ','}${JSON.stringify(key)}:`;
      if (field === 'rows') {
        before.push(name);
        rowsSeen = true;
        return;
      }
      const value = field === '__typename' ? '"ConsentSnapshotPage"' : JSON.stringify(view[field]);
      (rowsSeen ? after : before).push(`${name}${value}`);
    });
    const head = Buffer.from(`{"data":{${JSON.stringify(plan.key)}:{${before.join('')}`);
    const tail = Buffer.from(`${after.join('')}}}}\n`);
    return rowsSeen
      ? Buffer.concat([head, typeof rows === 'string' ? Buffer.from(rows) : rows, tail])
      : Buffer.concat([head, tail]);
  } catch {
    return null;
  }
}
