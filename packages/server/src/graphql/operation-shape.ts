import type { ApolloServerPlugin } from '@apollo/server';
import {
  GraphQLError,
  Kind,
  type DocumentNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import type { Logger } from '../logger.ts';
import type { Context } from './context.ts';

/**
 * The root fields an operation's selection set names (aliases counted apart, fragments followed, `__typename` left
 * out). Fragments are validated before this runs, so cycles cannot occur; `seen` guards anyway.
 */
export function rootFieldKeys(
  selectionSet: SelectionSetNode,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
  seen: Set<string> = new Set(),
): Set<string> {
  const keys = new Set<string>();
  for (const s of selectionSet.selections) {
    if (s.kind === Kind.FIELD) {
      if (s.name.value !== '__typename') keys.add(s.alias?.value ?? s.name.value);
    } else if (s.kind === Kind.INLINE_FRAGMENT) {
      for (const k of rootFieldKeys(s.selectionSet, fragments, seen)) keys.add(k);
    } else if (!seen.has(s.name.value)) {
      seen.add(s.name.value);
      const fragment = fragments.get(s.name.value);
      if (fragment) for (const k of rootFieldKeys(fragment.selectionSet, fragments, seen)) keys.add(k);
    }
  }
  return keys;
}

// An unpaired surrogate (JSON can carry one as a \u escape) or NUL: no text any rule accepts holds one, PostgreSQL
// cannot store NUL, and hashing and drivers fail on unpaired surrogates.
const LONE_SURROGATE = /\p{Cs}/u;
const badText = (s: string) => s.includes('\u0000') || LONE_SURROGATE.test(s);

/** The first variable (as a path, e.g. `$input.evidence.note`) holding a string or key with such text, or null. */
export function badTextIn(variables: Record<string, unknown> | undefined): string | null {
  if (!variables) return null;
  // Every request's variables pass here, and nearly all are clean: a walk that builds nothing comes first; the path
  // (an entry and a string per value) is worked out only for variables that hold bad text.
  return hasBadText(variables) ? pathOfBadText(variables) : null;
}

/** Whether any string or key in an object's values holds bad text; allocates only for nested objects and arrays. */
function hasBadText(variables: Record<string, unknown>): boolean {
  let pending: unknown[] | null = null;
  for (let value: unknown = variables; value !== undefined; value = pending?.pop()) {
    if (Array.isArray(value)) {
      for (const v of value) {
        if (typeof v === 'string') {
          if (badText(v)) return true;
        } else if (v !== null && typeof v === 'object') (pending ??= []).push(v);
      }
    } else if (value !== null && typeof value === 'object') {
      const o = value as Record<string, unknown>;
      for (const k in o) {
        if (!Object.hasOwn(o, k)) continue;
        if (badText(k)) return true;
        const v = o[k];
        if (typeof v === 'string') {
          if (badText(v)) return true;
        } else if (v !== null && typeof v === 'object') (pending ??= []).push(v);
      }
    }
  }
  return false;
}

function pathOfBadText(variables: Record<string, unknown>): string | null {
  // Iterative: variables are as deep as a 1 MB body allows.
  const pending: [unknown, string][] = Object.entries(variables).map(([k, v]) => [v, `$${k}`]);
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const [value, path] = next;
    if (typeof value === 'string') {
      if (badText(value)) return path;
    } else if (Array.isArray(value)) value.forEach((v, i) => pending.push([v, `${path}[${i}]`]));
    else if (value !== null && typeof value === 'object')
      for (const [k, v] of Object.entries(value)) {
        if (badText(k)) return `${path} (a key)`;
        pending.push([v, `${path}.${k}`]);
      }
  }
  return null;
}

/** A refusal with a contract code (HTTP 400 over HTTP). */
export const refuse = (message: string, code: string) =>
  new GraphQLError(message, { extensions: { code, http: { status: 400 } } });

/**
 * What makes an operation one the API will not run as asked (found by an outside probe, issue 18), or null:
 * - text no rule accepts in the variables (NUL, an unpaired surrogate);
 * - over HTTP, a subscription: subscriptions are served over graphql-ws, not over HTTP;
 * - more than one mutation root field: each root mutation commits on its own, so a later field's failure would
 *   leave an earlier one written without the client learning its id. One mutation field per operation keeps "a
 *   failed mutation writes nothing" true; several changes at once are what recordChoices and importConsents are for.
 * Both transports ask it: HTTP through the plugin below, graphql-ws in http/websocket.ts.
 */
export function operationProblem(
  operation: OperationDefinitionNode,
  document: DocumentNode,
  variables: Record<string, unknown> | null | undefined,
  transport: 'http' | 'ws',
): GraphQLError | null {
  const bad = badTextIn(variables ?? undefined);
  if (bad !== null)
    return refuse(
      `${bad}: text must be valid Unicode (no unpaired surrogates) and must not contain the NUL character.`,
      'BAD_USER_INPUT',
    );
  if (transport === 'http' && operation.operation === 'subscription')
    return refuse('Subscriptions are served over graphql-ws (a WebSocket on /graphql), not over HTTP.', 'BAD_REQUEST');
  if (operation.operation !== 'mutation') return null;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const fields = rootFieldKeys(operation.selectionSet, fragments);
  if (fields.size > 1)
    return refuse(
      `Send one mutation field per operation (got ${fields.size}: ${[...fields].join(', ')}): each is ` +
        'committed on its own. To record several choices in one transaction use recordChoices or importConsents.',
      'BAD_USER_INPUT',
    );
  return null;
}

/** The message for a document whose operation cannot be picked (several and no operationName, or an unknown one). */
export const noOperationMessage = (named: string | null | undefined) =>
  named
    ? `The document has no operation named '${named}'.`
    : 'The document holds several operations: name the one to run in operationName.';

/**
 * Refuses, with HTTP 400 and a contract code, operations the HTTP API cannot run as asked: no operation to run (a
 * document with several operations and no operationName, or an operationName it does not hold; graphql-js would
 * otherwise execute nothing and fail deep inside: an HTTP 500), and what {@link operationProblem} names.
 */
export function operationShape(logger: Logger): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, document, request, contextValue }) {
          if (!operation) {
            const message = noOperationMessage(request.operationName);
            logger.warn({ requestId: contextValue.requestId, operationName: request.operationName }, message);
            throw refuse(message, 'GRAPHQL_VALIDATION_FAILED');
          }
          const problem = operationProblem(operation, document, request.variables, 'http');
          if (problem) throw problem;
        },
      };
    },
  };
}
