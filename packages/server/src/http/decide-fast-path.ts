import type { IncomingMessage, ServerResponse } from 'node:http';
import { Kind, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import type { CompiledQuery } from 'graphql-jit';
import { createContext, holdDecisionCounts, type Context } from '../graphql/context.ts';
import type { CompiledRun } from '../graphql/executor.ts';
import { badTextIn } from '../graphql/operation-shape.ts';
import { budgetOf, type EdgeLimiter } from '../graphql/request-budgets.ts';
import type { OutboxTail } from '../outbox/outbox-tail.ts';
import type { AuthService } from '../services/auth.service.ts';
import type { DecisionCounter } from '../services/decision-counter.ts';
import type { UseCases } from '../use-cases/index.ts';
import { requestFacts } from './request-facts.ts';
import { GRAPHQL_JSON_HEADERS, sendGraphqlAnswer } from './responses.ts';
import { runSnapshot, snapshotPlan, type SnapshotPlan } from './snapshot-document.ts';

/** The body of a clean compiled run's answer, byte for byte as Apollo writes it; null when it holds anything but data. */
function answerOf(result: Awaited<ReturnType<CompiledQuery['query']>>, context: Context): string | null {
  if (result.errors?.length || context.warnings?.length) return null;
  // JSON.stringify({ data }) and a newline, without the wrapper object.
  return `{"data":${JSON.stringify(result.data)}}\n`;
}

/** The root fields of a decision document: the calls every product makes before processing. */
const DECISION_FIELDS: ReadonlySet<string> = new Set(['decide', 'decideMany']);
/** Decision documents remembered (clients send a handful; the rest keep Apollo's path). */
const KNOWN_LIMIT = 100;
/** Accept headers under which Apollo answers `application/json; charset=utf-8` (anything else: Apollo negotiates). */
const PLAIN_ACCEPT: ReadonlySet<string | undefined> = new Set([undefined, '*/*', 'application/json']);
/** The only body fields a request on this path may carry (extensions, e.g. a persisted query, go to Apollo). */
const BODY_FIELDS: ReadonlySet<string> = new Set(['query', 'variables', 'operationName']);

/**
 * A document Apollo parsed, validated (graphql-armor's limits included) and ran compiled without an error: a decision
 * document (run compiled here), or a consentSnapshot document (its plan: the page written by the database).
 */
interface KnownDocument {
  compiled: CompiledQuery;
  operation: OperationDefinitionNode;
  /** Its one operation's name: a request may name it or name none. */
  name: string | null;
  snapshot: SnapshotPlan | null;
}

/** A request this path can answer: a known document and its variables. */
export interface LeanRequest {
  document: KnownDocument;
  variables: Record<string, unknown>;
}

/** What the Apollo path must know of a request handed over after this path spent its budget (or found it spent). */
export type Handover = Pick<Context, 'rateLimited' | 'budgetSpent'>;

const NOTHING_SPENT: Handover = {};
const SPENT: Handover = { budgetSpent: true };
const NO_VARIABLES: Record<string, unknown> = Object.freeze({}) as Record<string, unknown>;

/**
 * The decide fast path (ASSENT_DECIDE_FAST_PATH): a POST /graphql whose query text is a decision document
 * Apollo has already run compiled (graphql/executor.ts tells `learn`) runs that compiled function straight
 * from node:http: no Apollo request pipeline, HeaderMap, plugin chain, per-request DataLoader or request id,
 * and its caller comes from the API-key cache (services/auth.service.ts). Parsing and validation are the
 * query text's, done once by Apollo; what depends on the request is done here as Apollo's plugins do it
 * (the variables' text check, the caller's budget). Whatever is not a clean answer (no cached API key,
 * another Accept, extensions, an operationName the document does not hold, an error of any kind, warnings,
 * a budget refused) is handed to Apollo, which answers it as it answers every request, so a client cannot
 * tell which path served it; a budget already spent here is not spent again (Context.budgetSpent).
 *
 * A consentSnapshot document (snapshot-document.ts) takes the same path, but is not run compiled: its page is written
 * as JSON text by the database in the document's selection (pages of 10,000 rows made a JS object or three per row,
 * and Apollo's JSON.stringify wrote them again; BENCHMARKS.md, "consentSnapshot without per-row objects"). Its caller
 * is authenticated as Apollo's path does (any token, not only a cached API key: one check per page of rows).
 */
export function decideFastPath(deps: {
  auth: AuthService;
  service: UseCases;
  /** Decisions are counted once per request: a run handed over to Apollo (which runs it again) counts nothing here. */
  decisions: Pick<DecisionCounter, 'hold' | 'settle'>;
  tail: OutboxTail;
  limiter: EdgeLimiter | null;
  trustProxy: boolean;
  schema: GraphQLSchema;
}) {
  const known = new Map<string, KnownDocument>();
  const stats = { answered: 0, handedOver: 0 };
  let open = true;

  /** Remembers a decision document after a clean compiled run through Apollo (executor.ts's onCompiledRun). */
  const learn = ({ source, document, operation, compiled }: CompiledRun): void => {
    if (known.has(source) || known.size >= KNOWN_LIMIT) return;
    const snapshot = decisionsOnly(operation) ? null : snapshotPlan(deps.schema, operation);
    if (!snapshot && !decisionsOnly(operation)) return;
    // One operation, so a request that names none and one that names it run the same operation.
    if (document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION).length !== 1) return;
    known.set(source, { compiled, operation, name: operation.name?.value ?? null, snapshot });
  };

  /** The known document and variables of a parsed body, or null when the body is anything else. */
  const match = (body: unknown): LeanRequest | null => {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) return null;
    const b = body as Record<string, unknown>;
    for (const field in b) if (!BODY_FIELDS.has(field)) return null;
    if (typeof b.query !== 'string') return null;
    const document = known.get(b.query);
    if (document === undefined) return null;
    const name = b.operationName;
    if (name !== undefined && name !== null && name !== document.name) return null;
    const variables = b.variables;
    if (variables === undefined || variables === null) return { document, variables: NO_VARIABLES };
    if (typeof variables !== 'object' || Array.isArray(variables)) return null;
    const vars = variables as Record<string, unknown>;
    // operation-shape.ts's check of the text in variables, which Apollo's path runs on every request.
    return badTextIn(vars) === null ? { document, variables: vars } : null;
  };

  /**
   * The answer's body (as Apollo writes it), or null when the run reported anything but data: the one place a known
   * document runs, for requests and for the warm-up. Not async, so a decision document's compiled run adds no promise
   * of this function's own to the request.
   */
  const execute = (request: LeanRequest, context: Context): Promise<string | Buffer | null> | string | null => {
    const { snapshot, operation, compiled } = request.document;
    if (snapshot)
      return runSnapshot(snapshot, deps.schema, operation, request.variables, context.principal!, deps.service).then(
        (answer) => (context.warnings?.length ? null : answer),
      );
    let run;
    try {
      run = compiled.query(undefined, context, request.variables);
    } catch {
      return null;
    }
    return run instanceof Promise
      ? run.then(
          (r) => answerOf(r, context),
          () => null,
        )
      : answerOf(run, context);
  };

  /**
   * Answers a parsed POST /graphql body; undefined when it did, else what Apollo must know to answer it. One async
   * function for the whole request, awaiting the budget and the compiled run in line: every async helper per request
   * was a promise, a suspended frame and a reaction more (BENCHMARKS.md, "Lean decide path (#19)").
   */
  const handle = async (req: IncomingMessage, res: ServerResponse, body: unknown): Promise<Handover | undefined> => {
    const request = open && PLAIN_ACCEPT.has(req.headers.accept) ? match(body) : null;
    const principal = request && (await principalOf(request, req.headers.authorization));
    if (!request || !principal) return handOver(NOTHING_SPENT);
    const facts = requestFacts(req, deps.trustProxy);
    // Spends the caller's budget as graphql/request-budgets.ts does.
    if (deps.limiter !== null) {
      const { budget, key } = budgetOf(principal, request.document.operation, facts.clientIp);
      try {
        await deps.limiter.consume(budget, key);
      } catch (refused) {
        return handOver({ rateLimited: refused as Error });
      }
    }
    const requestId = req.headers['x-request-id'];
    const context = createContext(
      deps.service,
      deps.tail,
      typeof requestId === 'string' ? requestId.slice(0, 100) || undefined : undefined,
      principal,
      null,
      facts,
    );
    const settle = holdDecisionCounts(deps.decisions, context);
    const answer = await execute(request, context);
    settle(answer !== null);
    if (answer === null) return handOver(SPENT);
    stats.answered++;
    sendGraphqlAnswer(res, 200, GRAPHQL_JSON_HEADERS, answer);
    return undefined;
  };

  /** The caller: from the API-key cache for a decision document; authenticated for a snapshot page. Else undefined. */
  const principalOf = async (request: LeanRequest, authorization: string | undefined) => {
    if (!request.document.snapshot) return deps.auth.cachedPrincipal(authorization);
    if (authorization === undefined) return undefined;
    // A token that fails is handed to Apollo's path, which refuses it and counts it against the client's IP.
    return (await deps.auth.authenticate(authorization).catch(() => null)) ?? undefined;
  };

  const handOver = (h: Handover): Handover => {
    stats.handedOver++;
    return h;
  };

  return {
    learn,
    handle,
    /** Runs a body on this path without HTTP (the warm-up): its answer, or null when it would be handed over. */
    async answer(body: unknown, context: Context): Promise<string | Buffer | null> {
      const request = match(body);
      return request && (await execute(request, context));
    },
    /** From now on every request goes to Apollo (which refuses them once it has stopped). */
    stop(): void {
      open = false;
    },
    stats,
  };
}

/** The decide fast path's type. */
export type DecideFastPath = ReturnType<typeof decideFastPath>;

/** A query whose root selections are all decide or decideMany fields (aliases and directives allowed). */
function decisionsOnly(operation: OperationDefinitionNode): boolean {
  return (
    operation.operation === 'query' &&
    operation.selectionSet.selections.every((s) => s.kind === Kind.FIELD && DECISION_FIELDS.has(s.name.value))
  );
}
