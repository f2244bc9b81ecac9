import DataLoader from 'dataloader';
import type { ConsentRecord } from '@assent/core';
import type { Principal } from '../services/auth.service.ts';
import type { UseCases } from '../use-cases/index.ts';
import type { OutboxTail } from '../outbox/outbox-tail.ts';

/** Per-request context: who calls, the use cases, and request-scoped loaders. */
export interface Context {
  requestId: string;
  principal: Principal | null;
  /** Set when the bearer token was present but invalid; raised by operations that need a token. */
  authError: Error | null;
  service: UseCases;
  /** Committed outbox events, for subscriptions. */
  tail: OutboxTail;
  loaders: { record: DataLoader<string, ConsentRecord | null> };
  /** 1.1: the request's Accept-Language header: the locale of texts and records when no `locale` argument says it. */
  acceptLanguage: string | null;
  /** Over graphql-ws: re-checks the caller before each event and closes the connection with a code. */
  connection?: { stillValid(): Promise<boolean>; close(code: number, reason: string): void };
}

/** Builds a request context (HTTP and WebSocket); `request` carries what the resolvers read of the HTTP request. */
export function createContext(
  service: UseCases, tail: OutboxTail, requestId: string, principal: Principal | null, authError: Error | null,
  request: { acceptLanguage?: string | undefined } = {},
): Context {
  return {
    requestId,
    acceptLanguage: request.acceptLanguage?.slice(0, 1000) || null,
    tail,
    principal,
    authError,
    service,
    loaders: {
      // Batches every record a response needs (lastRecord, Decision.record, subscription payloads) into one query.
      record: new DataLoader(async (ids) => {
        const byId = new Map((await service.recordsByIds(ids)).map((r) => [r.id, r]));
        return ids.map((id) => byId.get(id) ?? null);
      }),
    },
  };
}

/** The principal, or the authentication error if the token was bad. */
export function principalOf(ctx: Context): Principal | null {
  if (ctx.authError) throw ctx.authError;
  return ctx.principal;
}
