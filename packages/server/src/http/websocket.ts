import type http from 'node:http';
import { randomUUID } from 'node:crypto';
import type { ExecutionResult, FormattedExecutionResult, GraphQLError, GraphQLSchema } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import type { AuthService, Principal } from '../services/auth.service.ts';
import type { UseCases } from '../use-cases/index.ts';
import type { OutboxTail } from '../outbox/outbox-tail.ts';
import { createContext } from '../graphql/context.ts';
import { formatError, unexpectedCause } from '../graphql/format-error.ts';
import type { Logger } from '../logger.ts';
import { requestFacts } from './request-facts.ts';

/**
 * GraphQL subscriptions over graphql-ws on /graphql of `server`: services and staff only (a bad token
 * closes with 4401, a subject's with 4403), each event re-checks that the caller is still valid.
 */
export function attachSubscriptions(
  server: http.Server,
  schema: GraphQLSchema,
  deps: { service: UseCases; tail: OutboxTail; auth: AuthService; trustProxy: boolean; logger: Logger },
) {
  const { service, tail, auth, trustProxy, logger } = deps;
  // The same formatError as HTTP (Apollo's): a code on every error, unexpected ones masked and logged once.
  const format = (errors: readonly GraphQLError[], requestId: string | undefined) =>
    errors.map((e) => {
      const cause = unexpectedCause(e);
      if (cause !== undefined) logger.error({ err: cause, path: e.path, requestId }, 'unexpected error');
      return formatError(e.toJSON(), e);
    });
  const wss = new WebSocketServer({ server, path: '/graphql' });
  const cleanup = useServer<Record<string, unknown>, { principal?: Principal }>(
    {
      schema,
      onConnect: async (ctx) => {
        const authorization = ctx.connectionParams?.authorization;
        const principal = await auth
          .authenticate(typeof authorization === 'string' ? authorization : undefined)
          .catch(() => null);
        if (!principal) {
          ctx.extra.socket.close(4401, 'Unauthorized');
          return false;
        }
        if (principal.role === 'SUBJECT') return false; // 4403 Forbidden: subscriptions are for services and staff.
        (ctx.extra as { principal?: Principal }).principal = principal;
        return true;
      },
      onError: (ctx, _id, _payload, errors) => format(errors, (ctx.extra as { requestId?: string }).requestId),
      onNext: (_ctx, _id, _payload, args, result: ExecutionResult): FormattedExecutionResult | void => {
        if (!result.errors?.length) return;
        return { ...result, errors: format(result.errors, (args.contextValue as { requestId?: string }).requestId) };
      },
      context: (ctx) => {
        const principal = (ctx.extra as { principal?: Principal }).principal ?? null;
        return {
          ...createContext(service, tail, randomUUID(), principal, null, requestFacts(ctx.extra.request, trustProxy)),
          connection: {
            stillValid: () => (principal ? auth.stillValid(principal) : Promise.resolve(false)),
            close: (code: number, reason: string) => ctx.extra.socket.close(code, reason),
          },
        };
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
