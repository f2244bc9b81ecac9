import { randomUUID } from 'node:crypto';
import DataLoader from 'dataloader';
import type { ConsentRecord } from '@assent/core';
import type { Principal } from '../services/auth.service.ts';
import type { DecisionCounter } from '../services/decision-counter.ts';
import type { UseCases } from '../use-cases/index.ts';
import type { OutboxTail } from '../outbox/outbox-tail.ts';
import type { ReadRequest } from '../services/access-log.service.ts';

/** Per-request context: who calls, the use cases, and request-scoped loaders. */
/** A note about an answer that is not an error (sent in the response's extensions.warnings). */
export interface ResponseWarning {
  code: string;
  message: string;
  [detail: string]: unknown;
}

export interface Context {
  requestId: string;
  /** Warnings a resolver adds to its answer (e.g. a replay that reaches past the outbox retention). */
  warnings?: ResponseWarning[];
  principal: Principal | null;
  /** Set when the bearer token was present but invalid; raised by operations that need a token. */
  authError: Error | null;
  /** Set when this client IP is over its budget of failed authentications: the request is refused before it runs. */
  rateLimited?: Error;
  /**
   * Set when this request's budget was already spent before Apollo saw it (the decide fast path handed it over, or
   * the server's warm-up, which spends none): graphql/request-budgets.ts does not spend it a second time.
   */
  budgetSpent?: true;
  service: UseCases;
  /** Committed outbox events, for subscriptions. */
  tail: OutboxTail;
  loaders: { record: DataLoader<string, ConsentRecord | null> };
  /** The client's address (the socket's, or X-Forwarded-For's first with ASSENT_TRUST_PROXY=on): per-IP rate limits. */
  clientIp: string;
  /** The request's User-Agent header (first 400 characters), when sent: the access log's "from where". */
  userAgent: string | null;
  /** The request carried the Global Privacy Control header (Sec-GPC: 1). */
  gpc: boolean;
  /** 1.1: the request's Accept-Language header: the locale of texts and records when no `locale` argument says it. */
  acceptLanguage: string | null;
  /**
   * Over graphql-ws: re-checks the caller before each event and closes the connection with a code; the newest ping
   * that carried the client's time.
   */
  connection?: {
    stillValid(): Promise<boolean>;
    close(code: number, reason: string): void;
    /** The newest ping received at or before `mono` (performance.now()), of the few kept. */
    pingBefore?(mono: number): ClientPing | null;
  };
}

/**
 * A graphql-ws ping whose payload carried the client's time `t` (its own clock), and when it came (performance.now() of
 * this thread, so that a step of the wall clock cannot make it look earlier than a read it followed).
 */
export interface ClientPing {
  t: number;
  receivedAt: number;
}

/** What the HTTP request says about its sender, beyond the token. */
export interface RequestFacts {
  clientIp: string;
  gpc: boolean;
  /** The Accept-Language header, when sent. */
  acceptLanguage?: string | undefined;
  /** The User-Agent header, when sent. */
  userAgent?: string | undefined;
}

const UNKNOWN_SENDER: RequestFacts = { clientIp: 'unknown', gpc: false };

/**
 * Makes the decisions a run of `context` counts wait (decisionCounter's hold): the caller is swapped for a held
 * stand-in until the returned function is told whether the run's answer is kept. A run that is run again (the
 * compiled executor's rerun, the fast path's hand-over to Apollo) then counts once.
 */
export function holdDecisionCounts(
  decisions: Pick<DecisionCounter, 'hold' | 'settle'>,
  context: Context,
): (kept: boolean) => void {
  const caller = context.principal;
  if (caller === null) return () => {};
  const stand = decisions.hold(caller);
  context.principal = stand;
  return (kept) => {
    context.principal = caller;
    decisions.settle(stand, kept);
  };
}

/** Builds a request context (HTTP and WebSocket). */
export function createContext(
  service: UseCases,
  tail: OutboxTail,
  /** The client's X-Request-Id; when undefined one is made, on first use (only logs read it). */
  requestId: string | undefined,
  principal: Principal | null,
  authError: Error | null,
  request: RequestFacts = UNKNOWN_SENDER,
): Context {
  return new RequestContext(service, tail, requestId, principal, authError, request);
}

/**
 * A context as one object of one shape whose lazy parts (request id, loaders) are getters on the prototype: an
 * object literal with getters made two closures and accessor pairs per request, on every decision.
 */
class RequestContext implements Context {
  warnings?: ResponseWarning[];
  rateLimited?: Error;
  budgetSpent?: true;
  connection?: Context['connection'];
  clientIp: string;
  userAgent: string | null;
  gpc: boolean;
  acceptLanguage: string | null;
  // Plain (not #private) fields: a plugin may read the context through a proxy or a copy's prototype chain.
  private lazyRequestId: string | undefined;
  private lazyLoaders: RequestLoaders | undefined;

  constructor(
    public service: UseCases,
    public tail: OutboxTail,
    requestId: string | undefined,
    public principal: Principal | null,
    public authError: Error | null,
    request: RequestFacts,
  ) {
    this.lazyRequestId = requestId;
    this.clientIp = request.clientIp;
    this.userAgent = request.userAgent?.slice(0, 400) || null;
    this.gpc = request.gpc;
    this.acceptLanguage = request.acceptLanguage?.slice(0, 1000) || null;
  }

  get requestId(): string {
    return (this.lazyRequestId ??= randomUUID());
  }

  get loaders(): Context['loaders'] {
    return (this.lazyLoaders ??= new RequestLoaders(this.service));
  }
}

/** The request-scoped loaders, made on first use: most decisions never ask for their record. */
class RequestLoaders {
  private lazyRecord: Context['loaders']['record'] | undefined;
  constructor(private readonly service: UseCases) {}

  /** Batches every record a response needs (lastRecord, Decision.record, subscription payloads) into one query. */
  get record(): Context['loaders']['record'] {
    return (this.lazyRecord ??= new DataLoader(async (ids) => {
      const byId = new Map((await this.service.recordsByIds(ids)).map((r) => [r.id, r]));
      return ids.map((id) => byId.get(id) ?? null);
    }));
  }
}

/** The principal, or the authentication error if the token was bad. */
export function principalOf(ctx: Context): Principal | null {
  if (ctx.authError) throw ctx.authError;
  return ctx.principal;
}

/**
 * What the access log records of a read's request (README, "Access log"): the request id, the client's address and
 * User-Agent. The reader is the context's principal: whatever authenticated the request (API key, admin token, staff
 * session) shows up through it, with no change here.
 */
export function readRequestOf(ctx: Context): ReadRequest {
  return { requestId: ctx.requestId, clientIp: ctx.clientIp, userAgent: ctx.userAgent };
}
