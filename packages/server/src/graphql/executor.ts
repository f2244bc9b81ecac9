import {
  execute,
  Kind,
  printSchema,
  type DocumentNode,
  type ExecutionResult,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';
import type { ApolloServerOptionsWithGateway, BaseContext } from '@apollo/server';

/**
 * The root fields whose operations are compiled with graphql-jit: the decision lookups that sit on
 * the hot path of every email sent and every audience synced. graphql-js walks the selection set
 * of every one of decideMany's up to 1,000 results and coerces every input object through generic
 * code; that was most of a decideMany call over HTTP (BENCHMARKS.md, Findings, "decideMany"). Every other
 * operation, and every mutation, runs on graphql-js as before. consentSnapshot joins them for the
 * same reason: its pages hold up to 10,000 rows.
 */
export const JIT_ROOT_FIELDS: ReadonlySet<string> = new Set(['decide', 'decideMany', 'consentSnapshot']);

/** Operations remembered, by query hash and operation name (clients send a handful of shapes). */
const CACHE_LIMIT = 500;
/**
 * Compiling costs as much as a thousand executions of a small query: an operation is compiled on
 * its second execution, so documents sent once (or made up to be different each time) never pay it.
 */
const COMPILE_ON_USE = 2;

/** A document Apollo parsed and validated, whose operation just ran compiled without an error. */
export interface CompiledRun {
  source: string;
  document: DocumentNode;
  operation: OperationDefinitionNode;
  compiled: CompiledQuery;
}

type Executor<C> = ((args: {
  document: DocumentNode;
  operation: OperationDefinitionNode;
  operationName: string | null;
  variables: Record<string, unknown> | undefined;
  context: C;
  queryHash: string;
  /** The query text, when Apollo knows it (the decide fast path recognises documents by it). */
  source?: string | undefined;
}) => Promise<ExecutionResult>) & {
  /** Operations answered by a compiled function, on graphql-js, and on graphql-js after a compiled run reported errors. */
  readonly stats: { compiled: number; interpreted: number; reran: number };
};

/**
 * Executes an operation Apollo has parsed and validated. A query whose root fields are all in
 * JIT_ROOT_FIELDS runs, from its second execution on, as a compiled function; anything else, and any
 * compiled run that reports an error, runs on graphql-js `execute`, so that every error (bad
 * variables, a refused caller, an unknown purpose) reads exactly as graphql-js words it. Rerunning is
 * safe only because these are read-only queries; mutations are never compiled.
 */
export function hotPathExecutor<C>(
  schema: GraphQLSchema,
  opts: {
    rootFields?: ReadonlySet<string>;
    /** Told of every clean compiled run (http/decide-fast-path.ts learns decision documents from it). */
    onCompiledRun?: (run: CompiledRun) => void;
    /**
     * Called before a compiled run; the function it returns after it, told whether the run's answer is kept. A run
     * that reported an error is run again on graphql-js, and what the first run counted must not count twice.
     */
    tentative?: (context: C) => (kept: boolean) => void;
  } = {},
): Executor<C> {
  const rootFields = opts.rootFields ?? JIT_ROOT_FIELDS;
  // A compiled query, null when it cannot or must not be compiled, or how often it has run so far.
  const cache = new Map<string, CompiledQuery | null | number>();

  const compiled = (
    document: DocumentNode,
    operation: OperationDefinitionNode,
    operationName: string | null,
    queryHash: string,
  ): CompiledQuery | null => {
    const key = `${queryHash}:${operationName ?? ''}`;
    const hit = cache.get(key);
    if (hit !== undefined && typeof hit !== 'number') return hit;
    const uses = (hit ?? 0) + 1;
    let next: CompiledQuery | null | number;
    if (hit === undefined && !compilable(operation, rootFields)) next = null;
    else if (uses < COMPILE_ON_USE) next = uses;
    else {
      const c = compileQuery(schema, document, operationName ?? undefined, { disablingCapturingStackErrors: true });
      next = isCompiledQuery(c) ? c : null;
    }
    if (hit === undefined && cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
    cache.set(key, next);
    return typeof next === 'number' ? null : next;
  };

  const interpreted = (
    document: DocumentNode,
    operationName: string | null,
    variables: Record<string, unknown> | undefined,
    context: C,
  ) => execute({ schema, document, contextValue: context, variableValues: variables, operationName });

  const stats = { compiled: 0, interpreted: 0, reran: 0 };
  const run = async ({
    document,
    operation,
    operationName,
    variables,
    context,
    queryHash,
    source,
  }: Parameters<Executor<C>>[0]) => {
    const jit = compiled(document, operation, operationName, queryHash);
    if (jit) {
      // A compiled function that throws (graphql-jit reports resolver errors in `errors`; this would be
      // a fault of its own) is treated like one that reported an error.
      const settle = opts.tentative?.(context);
      const result = await (async () => jit.query(undefined, context, variables ?? {}))().catch(() => null);
      const clean = result !== null && !result.errors?.length;
      settle?.(clean);
      if (clean) {
        stats.compiled++;
        if (source !== undefined) opts.onCompiledRun?.({ source, document, operation, compiled: jit });
        return result as ExecutionResult;
      }
      stats.reran++;
    } else stats.interpreted++;
    return interpreted(document, operationName, variables, context);
  };
  return Object.assign(run, { stats });
}

/** A query (not a mutation or subscription) that selects only root fields in the set, directly, without fragments. */
function compilable(operation: OperationDefinitionNode, rootFields: ReadonlySet<string>): boolean {
  return (
    operation.operation === 'query' &&
    operation.selectionSet.selections.every((s) => s.kind === Kind.FIELD && rootFields.has(s.name.value))
  );
}

/**
 * Apollo Server 5 takes another executor only through its gateway interface: this one serves the
 * schema given, once, and executes with hotPathExecutor. Parsing, validation (graphql-armor's limits
 * included), plugins and error formatting stay Apollo's.
 */
export function localGateway<C extends BaseContext>(
  schema: GraphQLSchema,
  executor: Executor<C>,
): ApolloServerOptionsWithGateway<C>['gateway'] {
  const listeners = new Set<(s: { apiSchema: GraphQLSchema; coreSupergraphSdl: string }) => void>();
  return {
    async load() {
      const sdl = printSchema(schema);
      for (const l of listeners) l({ apiSchema: schema, coreSupergraphSdl: sdl });
      return {
        schema,
        executor: (rc) =>
          executor({
            document: rc.document,
            operation: rc.operation,
            operationName: rc.operationName,
            variables: rc.request.variables,
            context: rc.context as C,
            queryHash: rc.queryHash,
            source: rc.source,
          }),
      };
    },
    onSchemaLoadOrUpdate(callback) {
      listeners.add(callback);
      return () => void listeners.delete(callback);
    },
    async stop() {},
  };
}
