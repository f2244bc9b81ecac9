import type http from 'node:http';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { makeExecutableSchema } from '@graphql-tools/schema';
import { GraphQLError, Kind, type GraphQLSchema } from 'graphql';
import type { DbKind } from '../db/client.ts';
import type { Logger } from '../logger.ts';
import { loadTypeDefs } from './schema.ts';
import { buildResolvers } from './resolvers/index.ts';
import { holdDecisionCounts, principalOf, type Context } from './context.ts';
import { formatError, httpStatusOfErrors, unexpectedCause } from './format-error.ts';
import { hotPathExecutor, JIT_ROOT_FIELDS, localGateway, type CompiledRun } from './executor.ts';
import type { DecisionCounter } from '../services/decision-counter.ts';
import { operationShape } from './operation-shape.ts';
import { armorProtection, MAX_LEXICAL_TOKENS } from './armor.ts';
import { requestBudgets, type EdgeLimiter } from './request-budgets.ts';

/** The executable schema: the SDL with its resolvers. */
export function buildSchema(opts: { database: DbKind; version: string }): GraphQLSchema {
  return makeExecutableSchema({
    typeDefs: loadTypeDefs(),
    resolvers: buildResolvers({ database: opts.database, version: opts.version }),
  });
}

/**
 * Logs each unexpected error once, with the request id and the cause (formatError masks it for the
 * client; format-error.ts decides what is unexpected).
 */
const logUnexpected = (logger: Logger): ApolloServerPlugin<Context> => ({
  async requestDidStart() {
    return {
      async didEncounterErrors({ errors, contextValue }) {
        for (const e of errors) {
          const cause = unexpectedCause(e);
          if (cause !== undefined)
            logger.error({ err: cause, path: e.path, requestId: contextValue.requestId }, 'unexpected error');
        }
      },
    };
  },
});

/** Over budget: HTTP 429 with Retry-After, on either HTTP path (both send Apollo's status and headers). */
const rateLimitStatus: ApolloServerPlugin<Context> = {
  async requestDidStart() {
    return {
      async willSendResponse({ response }) {
        if (response.body.kind !== 'single') return;
        const limited = httpStatusOfErrors(response.body.singleResult.errors);
        if (limited === undefined) return;
        response.http.status = limited.status;
        response.http.headers.set('retry-after', String(limited.retryAfterSeconds));
      },
    };
  },
};

/** Puts the warnings resolvers added to the context into the response's extensions.warnings. */
const responseWarnings: ApolloServerPlugin<Context> = {
  async requestDidStart() {
    return {
      async willSendResponse({ response, contextValue }) {
        if (response.body.kind !== 'single' || !contextValue.warnings?.length) return;
        const result = response.body.singleResult;
        result.extensions = { ...result.extensions, warnings: contextValue.warnings };
      },
    };
  },
};

/**
 * importConsents' rows that GraphQL refuses while reading the variables (a bad DateTime, a null evidence) never reach
 * the use case, which lists every bad row (contract: bad rows are reported per row, the call refused with a list).
 * When every error is of that kind, the use case checks the raw rows and its one BAD_USER_INPUT, listing each bad row
 * (extensions.issues), takes their place; when it finds nothing wrong, or the caller may not import, GraphQL's stand.
 */
const importRowIssues: ApolloServerPlugin<Context> = {
  async requestDidStart() {
    return {
      async willSendResponse({ response, contextValue, operation, request }) {
        if (response.body.kind !== 'single' || operation?.operation !== 'mutation') return;
        const result = response.body.singleResult;
        if (!result.errors?.length || result.data != null) return;
        const [field, ...others] = operation.selectionSet.selections;
        if (others.length > 0 || field?.kind !== Kind.FIELD || field.name.value !== 'importConsents') return;
        const records = field.arguments?.find((a) => a.name.value === 'records')?.value;
        if (records?.kind !== Kind.VARIABLE) return;
        const prefix = `Variable "$${records.name.value}" got invalid value`;
        if (!result.errors.every((e) => e.message.startsWith(prefix))) return;
        const refusal = contextValue.service.importRowsRefusal(
          principalOf(contextValue),
          request.variables?.[records.name.value],
        );
        if (!refusal) return;
        const error = new GraphQLError(refusal.message, { originalError: refusal });
        result.errors = [formatError({ message: refusal.message, locations: result.errors[0]!.locations }, error)];
      },
    };
  },
};

/** Apollo over `schema`, with graphql-armor's limits and decide/decideMany compiled by graphql-jit when `jit`; started. */
export async function startApollo(opts: {
  schema: GraphQLSchema;
  httpServer: http.Server;
  logger: Logger;
  jit: boolean;
  onDrain: () => Promise<void> | void;
  /** The per-caller request budgets, or null when ASSENT_RATE_LIMITS=off. */
  limiter: EdgeLimiter | null;
  /** Told of every clean compiled run (the decide fast path learns its documents from it). */
  onCompiledRun?: (run: CompiledRun) => void;
  /** Decision counts (a compiled run that is run again counts once). */
  decisions?: Pick<DecisionCounter, 'hold' | 'settle'>;
}) {
  const { schema, logger, decisions } = opts;
  const protection = armorProtection();
  const executor = hotPathExecutor<Context>(schema, {
    rootFields: opts.jit ? JIT_ROOT_FIELDS : new Set(),
    onCompiledRun: opts.onCompiledRun,
    tentative: decisions && ((context) => holdDecisionCounts(decisions, context)),
  });
  const apollo = new ApolloServer<Context>({
    // Apollo's own pipeline, with decide and decideMany compiled by graphql-jit (graphql/executor.ts).
    gateway: localGateway(schema, executor),
    introspection: true,
    // main.ts owns SIGINT/SIGTERM and closes everything in order; Apollo's own handlers would stop it a second time.
    stopOnTerminationSignals: false,
    parseOptions: { maxLexicalTokens: MAX_LEXICAL_TOKENS },
    formatError,
    ...protection,
    includeStacktraceInErrorResponses: false,
    validationRules: [...(protection.validationRules ?? [])],
    plugins: [
      ...(protection.plugins ?? []),
      logUnexpected(logger),
      operationShape(logger),
      ...(opts.limiter ? [requestBudgets(opts.limiter)] : []),
      rateLimitStatus,
      responseWarnings,
      importRowIssues,
      // Apollo installs its cache-control plugin by default: a hook on every resolved field, for HTTP
      // caching hints that a consent API never sends (decisions must not be cached).
      ApolloServerPluginCacheControlDisabled(),
      // Apollo's landing pages (GET /graphql from a browser) load Apollo's explorer from its CDN: third-party script
      // on a server that handles personal data. None is served; use any GraphQL client against /graphql.
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginDrainHttpServer({ httpServer: opts.httpServer }),
      {
        async serverWillStart() {
          return {
            async drainServer() {
              await opts.onDrain();
            },
          };
        },
      },
    ],
  });
  await apollo.start();
  return { apollo, executor };
}
