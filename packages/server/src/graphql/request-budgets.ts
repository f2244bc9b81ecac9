import type { ApolloServerPlugin } from '@apollo/server';
import { Kind, type OperationDefinitionNode } from 'graphql';
import type { Principal } from '../services/auth.service.ts';
import type { Context } from './context.ts';

/** The budgets the API edge spends, one point per operation (the contract's header, "Rate limits"). */
export type EdgeBudget = 'decisions' | 'apiKey' | 'subject' | 'anonymous' | 'failedAuthentications' | 'wsConnections';

/** Spends one point of an edge budget for a key; throws AssentError RATE_LIMITED over budget (http/rate-limiter.ts). */
export interface EdgeLimiter {
  consume(budget: EdgeBudget, key: string): Promise<void>;
}

const DECISION_FIELDS: ReadonlySet<string> = new Set(['decide', 'decideMany', '__typename']);

/** A query that asks for decisions only (decide, decideMany), as a SERVICE's enforcement calls do. */
function decisionsOnly(operation: OperationDefinitionNode): boolean {
  return (
    operation.operation === 'query' &&
    operation.selectionSet.selections.every((s) => s.kind === Kind.FIELD && DECISION_FIELDS.has(s.name.value))
  );
}

/**
 * Which budget an operation spends and under which key, by the caller: an API key or the admin token per key (a
 * SERVICE's decide/decideMany from the largest budget, everything else from apiKey), a subject or visitor token per
 * subject, no token per client IP. Keys are prefixed by kind, so an API key id can never share a count with an IP.
 */
export function budgetOf(
  principal: Principal | null,
  operation: OperationDefinitionNode,
  clientIp: string,
): { budget: EdgeBudget; key: string } {
  if (principal === null) return { budget: 'anonymous', key: `ip:${clientIp}` };
  if (principal.role === 'SUBJECT') return { budget: 'subject', key: `subject:${principal.subjectId}` };
  if (principal.role === 'SERVICE' && decisionsOnly(operation))
    return { budget: 'decisions', key: `key:${principal.id}` };
  return { budget: 'apiKey', key: `key:${principal.id}` };
}

/**
 * Spends the caller's budget once the operation is known (parsed and validated) and before anything executes, so an
 * operation over budget writes nothing; it answers HTTP 429 with Retry-After (graphql/apollo.ts) on both HTTP paths,
 * the decide fast path included. A request whose token failed authentication was already counted against its IP
 * (http/server.ts); over that budget it is refused here too, before it reaches a resolver.
 */
export function requestBudgets(limiter: EdgeLimiter): ApolloServerPlugin<Context> {
  // Not async: in memory the limiter counts synchronously and hands back a settled promise, which Apollo awaits
  // together with the other plugins' hooks; no promise of our own per request.
  const hooks = {
    didResolveOperation({ operation, contextValue }: { operation?: OperationDefinitionNode; contextValue: Context }) {
      if (contextValue.rateLimited) return Promise.reject(contextValue.rateLimited);
      if (!operation || contextValue.authError || contextValue.budgetSpent) return NOTHING;
      const { budget, key } = budgetOf(contextValue.principal, operation, contextValue.clientIp);
      return limiter.consume(budget, key);
    },
  };
  const started = Promise.resolve(hooks);
  return { requestDidStart: () => started };
}

const NOTHING: Promise<void> = Promise.resolve();
