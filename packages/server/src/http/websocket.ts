import type http from 'node:http';
import { randomUUID } from 'node:crypto';
import {
  getOperationAST,
  GraphQLError,
  parse,
  specifiedRules,
  validate,
  type ExecutionResult,
  type FormattedExecutionResult,
  type GraphQLSchema,
} from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import { AssentError } from '@assent/core';
import type { AuthService, Principal } from '../services/auth.service.ts';
import type { UseCases } from '../use-cases/index.ts';
import type { OutboxTail } from '../outbox/outbox-tail.ts';
import { createContext, type ClientPing } from '../graphql/context.ts';
import { armorProtection, MAX_LEXICAL_TOKENS } from '../graphql/armor.ts';
import { formatError, scalarRefusal, unexpectedCause } from '../graphql/format-error.ts';
import { noOperationMessage, operationProblem, refuse } from '../graphql/operation-shape.ts';
import { budgetOf, type EdgeLimiter } from '../graphql/request-budgets.ts';
import type { Logger } from '../logger.ts';
import { clientIp, requestFacts } from './request-facts.ts';
import { BODY_LIMIT_BYTES } from './responses.ts';

/** Pings kept per connection: a heartbeat hands back the newest one received before its read. */
const KEPT_PINGS = 8;

/**
 * A parse or validation error with the code Apollo gives it over HTTP, whatever code a rule set (armor's are
 * BAD_USER_INPUT; Apollo's ValidationError replaces them too); a literal a scalar refused (an impossible date written
 * inline) is BAD_USER_INPUT, as format-error.ts makes it over HTTP.
 */
function coded(e: GraphQLError, code: string): GraphQLError {
  return new GraphQLError(e.message, {
    nodes: e.nodes,
    source: e.source,
    positions: e.positions,
    originalError: e.originalError,
    extensions: { ...e.extensions, code: scalarRefusal(e) ? 'BAD_USER_INPUT' : code },
  });
}

/**
 * GraphQL subscriptions over graphql-ws on /graphql of `server`: services and staff only (a bad token
 * closes with 4401, a subject's with 4403), each event re-checks that the caller is still valid.
 * With a limiter, connection attempts spend a per-IP budget (over it the upgrade is answered HTTP 429 with
 * Retry-After) and every operation spends the caller's budget as over HTTP (graphql/request-budgets.ts), once it is
 * parsed and validated and before it runs: over budget, an error RATE_LIMITED with retryAfterSeconds.
 */
export function attachSubscriptions(
  server: http.Server,
  schema: GraphQLSchema,
  deps: {
    service: UseCases;
    tail: OutboxTail;
    auth: AuthService;
    trustProxy: boolean;
    logger: Logger;
    /** The per-caller request budgets, or null when ASSENT_RATE_LIMITS=off. */
    limiter?: EdgeLimiter | null;
  },
) {
  const { service, tail, auth, trustProxy, logger } = deps;
  const limiter = deps.limiter ?? null;
  const rules = [...specifiedRules, ...(armorProtection().validationRules ?? [])];
  // The same formatError as HTTP (Apollo's): a code on every error, unexpected ones masked and logged once.
  const format = (errors: readonly GraphQLError[], requestId: string | undefined) =>
    errors.map((e) => {
      const cause = unexpectedCause(e);
      if (cause !== undefined) logger.error({ err: cause, path: e.path, requestId }, 'unexpected error');
      return formatError(e.toJSON(), e);
    });
  const wss = new WebSocketServer({
    server,
    path: '/graphql',
    // A message is at most what an HTTP body may be (over it the connection closes with 1009).
    maxPayload: BODY_LIMIT_BYTES,
    verifyClient: (info, answer) => {
      if (!limiter) return answer(true);
      limiter.consume('wsConnections', `ip:${clientIp(info.req, trustProxy)}`).then(
        () => answer(true),
        (e: unknown) => {
          if (!(e instanceof AssentError) || e.code !== 'RATE_LIMITED') {
            logger.error({ err: e }, 'unexpected error spending a connection budget');
            return answer(false, 500, 'Internal Server Error');
          }
          const retry = (e.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds ?? 1;
          answer(false, 429, 'Too Many Requests', { 'Retry-After': String(retry) });
        },
      );
    },
  });
  const cleanup = useServer<Record<string, unknown>, { principal?: Principal }>(
    {
      schema,
      onConnect: async (ctx) => {
        const authorization = ctx.connectionParams?.authorization;
        const principal = await auth
          .authenticate(typeof authorization === 'string' ? authorization : undefined)
          .catch(() => null);
        if (!principal) {
          // A token that fails counts against the IP's failed-authentication budget, as over HTTP.
          if (limiter && authorization !== undefined)
            await limiter
              .consume('failedAuthentications', `ip:${clientIp(ctx.extra.request, trustProxy)}`)
              .catch(() => {});
          ctx.extra.socket.close(4401, 'Unauthorized');
          return false;
        }
        if (principal.role === 'SUBJECT') return false; // 4403 Forbidden: subscriptions are for services and staff.
        (ctx.extra as { principal?: Principal }).principal = principal;
        return true;
      },
      onSubscribe: async (ctx, _id, payload) => {
        // As Apollo does over HTTP: parse (the same token limit), validate (graphql-js's rules and armor's limits), pick
        // the operation, refuse what the API does not run (operationProblem), then spend the caller's budget.
        let document;
        try {
          document = parse(payload.query, { maxTokens: MAX_LEXICAL_TOKENS });
        } catch (e) {
          return [coded(e instanceof GraphQLError ? e : new GraphQLError(String(e)), 'GRAPHQL_PARSE_FAILED')];
        }
        const invalid = validate(schema, document, rules);
        if (invalid.length > 0) return invalid.map((e) => coded(e, 'GRAPHQL_VALIDATION_FAILED'));
        const operation = getOperationAST(document, payload.operationName);
        if (!operation) return [refuse(noOperationMessage(payload.operationName), 'GRAPHQL_VALIDATION_FAILED')];
        const problem = operationProblem(operation, document, payload.variables, 'ws');
        if (problem) return [problem];
        if (limiter) {
          const principal = (ctx.extra as { principal?: Principal }).principal ?? null;
          const { budget, key } = budgetOf(principal, operation, clientIp(ctx.extra.request, trustProxy));
          try {
            await limiter.consume(budget, key);
          } catch (e) {
            return [new GraphQLError(e instanceof Error ? e.message : String(e), { originalError: e as Error })];
          }
        }
        return { schema, document, operationName: payload.operationName, variableValues: payload.variables };
      },
      // A ping's payload `{ t }` (the client's clock) is kept, with when it came: consentStream's heartbeats hand the
      // newest one received before their read back, so a client dates them by its own clock (schema: clientTime).
      onPing: (ctx, payload) => {
        const t = (payload as { t?: unknown } | undefined)?.t;
        if (typeof t !== 'number' || !Number.isFinite(t)) return;
        const extra = ctx.extra as { pings?: ClientPing[] };
        const pings = (extra.pings ??= []);
        pings.push({ t, receivedAt: performance.now() });
        if (pings.length > KEPT_PINGS) pings.shift();
      },
      onError: (ctx, _id, _payload, errors) => format(errors, (ctx.extra as { requestId?: string }).requestId),
      onNext: (_ctx, _id, _payload, args, result: ExecutionResult): FormattedExecutionResult | void => {
        if (!result.errors?.length) return;
        return { ...result, errors: format(result.errors, (args.contextValue as { requestId?: string }).requestId) };
      },
      context: (ctx) => {
        const principal = (ctx.extra as { principal?: Principal }).principal ?? null;
        // Assigned, not spread: the context's loaders and request id are getters of its class, which a spread drops.
        return Object.assign(
          createContext(service, tail, randomUUID(), principal, null, requestFacts(ctx.extra.request, trustProxy)),
          {
            connection: {
              stillValid: () => (principal ? auth.stillValid(principal) : Promise.resolve(false)),
              close: (code: number, reason: string) => ctx.extra.socket.close(code, reason),
              pingBefore: (mono: number) => {
                const pings = (ctx.extra as { pings?: ClientPing[] }).pings ?? [];
                for (let i = pings.length - 1; i >= 0; i--) if (pings[i]!.receivedAt <= mono) return pings[i]!;
                return null;
              },
            },
          },
        );
      },
    },
    wss,
  );
  return {
    /** Ends every subscription (Apollo's drain calls it). */
    dispose: () => cleanup.dispose(),
    /** Stops accepting connections. */
    close: () => wss.close(),
  };
}
