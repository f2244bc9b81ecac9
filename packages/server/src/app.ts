import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { randomBytes, randomUUID } from 'node:crypto';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { unwrapResolverError } from '@apollo/server/errors';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import { makeExecutableSchema } from '@graphql-tools/schema';
import { isAssentError } from '@assent/core';
import express, { type ErrorRequestHandler } from 'express';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import { repoRoot, type Env } from './env.ts';
import { openDatabase, type Database } from './db/client.ts';
import { migrate } from './db/migrate.ts';
import { openHotReads } from './db/hot-reads.ts';
import { openLedgerWriter } from './db/ledger-writer.ts';
import { openDispatchWriter } from './db/dispatch-writer.ts';
import { logPoolError } from './db/raw.ts';
import { accessRepository } from './db/access.repository.ts';
import { catalogRepository } from './db/catalog.repository.ts';
import { ledgerRepository } from './db/ledger.repository.ts';
import { outboxRepository, outboxWriter } from './db/outbox.ts';
import { catalogCache } from './services/catalog.service.ts';
import { authService, type AuthService, type Principal } from './services/auth.service.ts';
import { buildUseCases, type UseCases } from './use-cases/index.ts';
import { outboxTail, type OutboxTail } from './outbox/outbox-tail.ts';
import { openPropagation } from './outbox/propagation.ts';
import type { Dispatcher } from './outbox/dispatcher.ts';
import { loadTypeDefs } from './graphql/schema.ts';
import { buildResolvers } from './graphql/resolvers/index.ts';
import { createContext, type Context } from './graphql/context.ts';
import { formatError } from './graphql/format-error.ts';
import { hotPathExecutor, JIT_ROOT_FIELDS, localGateway } from './graphql/executor.ts';
import { createLogger, type Logger } from './logger.ts';
import { seedDemo } from './seed.ts';
import { BODY_LIMIT_BYTES, graphqlHttpHandler, noStore, sendBodyError, sendUnexpected } from './http/graphql-http.ts';

export const VERSION = '0.1.0';
/** Everything the server and the CLI share: the database, repositories and use cases. */
export interface Core {
  env: Env;
  db: Database;
  logger: Logger;
  service: UseCases;
  auth: AuthService;
  tail: OutboxTail;
  /** Webhooks and NATS: started by startApp (unless ASSENT_DISPATCHER=off) or `pnpm assent dispatcher`. */
  dispatcher: Dispatcher;
  adminToken: string;
  /** Reads the projection once into the OS page cache (hot-reads.ts); startApp does it in the background unless ASSENT_WARM_PROJECTION=off. Never throws. */
  warmProjection(): Promise<void>;
  repos: {
    ledger: ReturnType<typeof ledgerRepository>;
    catalog: ReturnType<typeof catalogRepository>;
    access: ReturnType<typeof accessRepository>;
    outbox: ReturnType<typeof outboxRepository>;
  };
  close(): Promise<void>;
}

/**
 * Opens the database (applying migrations), seeds demo data into an empty one where allowed, and
 * builds the use cases. Throws with a readable message when configuration is unusable.
 */
export async function openCore(env: Env, opts: { logger?: Logger; seed?: boolean; inlineDispatcher?: boolean } = {}): Promise<Core> {
  const logger = opts.logger ?? createLogger(env.LOG_LEVEL);
  let adminToken = env.ASSENT_ADMIN_TOKEN;
  if (!adminToken) {
    if (env.NODE_ENV === 'production') throw new Error('ASSENT_ADMIN_TOKEN is required in production (at least 16 characters).');
    adminToken = randomBytes(24).toString('base64url');
  }
  const applied = await migrate(env.DATABASE_URL);
  if (applied.length) logger.info({ applied }, 'migrations applied');
  const db = await openDatabase(env.DATABASE_URL);
  const writer = outboxWriter(db.kind);
  const onPoolError = logPoolError(logger);
  const hot = openHotReads(db.kind, env.DATABASE_URL, onPoolError);
  const ledgerWriter = openLedgerWriter(db, onPoolError);
  const dispatchWriter = openDispatchWriter(db, onPoolError);
  const repos = {
    ledger: ledgerRepository(db.prisma, ledgerWriter, hot),
    catalog: catalogRepository(db.prisma, writer, hot),
    access: accessRepository(db.prisma, hot),
    outbox: outboxRepository(db.prisma, hot),
  };
  const subjectTokenSecret = env.ASSENT_SUBJECT_TOKEN_SECRET ?? (await repos.access.ensureSetting('subject-token-secret', randomBytes(32).toString('base64url')));
  const catalog = catalogCache(repos.catalog);
  await catalog.refresh();
  const tail = outboxTail(repos.outbox, logger);
  const propagation = openPropagation({ env, db, hot, writer: dispatchWriter, logger, outbox: repos.outbox, catalog, inline: opts.inlineDispatcher });
  const auth = authService({ access: repos.access, adminToken, subjectTokenSecret });
  const service = buildUseCases({ ledger: repos.ledger, catalogRepo: repos.catalog, catalog, access: repos.access, auth, onCommit: () => { tail.notify(); propagation.dispatcher.notify(); }, webhooks: propagation.service });

  const seedMode = env.ASSENT_SEED ?? (env.NODE_ENV === 'production' ? 'none' : 'demo');
  if (opts.seed !== false && seedMode === 'demo' && (await repos.catalog.isEmpty())) {
    await seedDemo(service);
    logger.info('seeded demo purposes and notice version 1 into the empty database');
  }
  catalog.start();
  return {
    env, db, logger, service, auth, tail, dispatcher: propagation.dispatcher, adminToken, repos,
    async warmProjection() {
      const started = performance.now();
      try {
        const rows = await hot.warmProjection();
        logger.info({ rows, ms: Math.round(performance.now() - started) }, 'projection read into the page cache');
      } catch (err) {
        logger.warn({ err }, 'reading the projection into the page cache failed (decisions are unaffected, only colder)');
      }
    },
    async close() {
      catalog.stop();
      tail.stop();
      await propagation.dispatcher.stop();
      await hot.close();
      await ledgerWriter.close();
      await dispatchWriter.close();
      await db.close();
    },
  };
}

/** The running HTTP server. */
export interface App {
  core: Core;
  server: http.Server;
  url: string;
  /** How operations were executed since start (graphql/executor.ts): compiled, on graphql-js, or compiled then rerun for an error. */
  graphqlStats(): { compiled: number; interpreted: number; reran: number };
  close(): Promise<void>;
}

/** Logs unexpected resolver errors with the request id (formatError masks them for the client). */
const logUnexpected = (logger: Logger): ApolloServerPlugin<Context> => ({
  async requestDidStart() {
    return {
      async didEncounterErrors({ errors, contextValue }) {
        for (const e of errors) {
          const original = unwrapResolverError(e);
          if (e.path && !isAssentError(original) && !(original as { extensions?: { code?: string } })?.extensions?.code) {
            logger.error({ err: original, path: e.path, requestId: contextValue.requestId }, 'unexpected error');
          }
        }
      },
    };
  },
});

/** Starts the API (HTTP + WebSocket subscriptions on /graphql) and the web apps. */
export async function startApp(env: Env, opts: { logger?: Logger; core?: Core } = {}): Promise<App> {
  const core = opts.core ?? (await openCore(env, opts));
  const { logger, service, tail, auth } = core;
  const authenticate = (h: string | undefined) => auth.authenticate(h);
  await tail.start();
  if (env.ASSENT_DISPATCHER !== 'off') await core.dispatcher.start();

  const schema = makeExecutableSchema({ typeDefs: loadTypeDefs(), resolvers: buildResolvers({ database: core.db.kind, version: VERSION }) });
  const app = express();
  app.disable('x-powered-by');
  // The node:http path for GraphQL requests is set once Apollo has started (it needs the server to drain).
  const direct: { graphql?: (req: http.IncomingMessage, res: http.ServerResponse) => boolean } = {};
  const server = http.createServer((req, res) => {
    if (!direct.graphql?.(req, res)) app(req, res);
  });

  const wss = new WebSocketServer({ server, path: '/graphql' });
  const wsCleanup = useServer<Record<string, unknown>, { principal?: Principal }>(
    {
      schema,
      onConnect: async (ctx) => {
        const authorization = ctx.connectionParams?.authorization;
        const principal = await authenticate(typeof authorization === 'string' ? authorization : undefined).catch(() => null);
        if (!principal) {
          ctx.extra.socket.close(4401, 'Unauthorized');
          return false;
        }
        if (principal.role === 'SUBJECT') return false; // 4403 Forbidden: subscriptions are for services and staff.
        (ctx.extra as { principal?: Principal }).principal = principal;
        return true;
      },
      context: (ctx) => {
        const principal = (ctx.extra as { principal?: Principal }).principal ?? null;
        return {
          ...createContext(service, tail, randomUUID(), principal, null),
          connection: { stillValid: () => (principal ? auth.stillValid(principal) : Promise.resolve(false)), close: (code: number, reason: string) => ctx.extra.socket.close(code, reason) },
        };
      },
    },
    wss,
  );

  const armor = new ApolloArmor({
    maxDepth: { n: 12 },
    costLimit: { maxCost: 20000 },
    maxAliases: { n: 30 },
    maxDirectives: { n: 20 },
    // Armor's token limit parses in a plugin hook, where a syntax error becomes HTTP 500; graphql-js enforces it in parse().
    maxTokens: { enabled: false },
  });
  const protection = armor.protect();
  const executor = hotPathExecutor<Context>(schema, { rootFields: env.ASSENT_GRAPHQL_JIT === 'on' ? JIT_ROOT_FIELDS : new Set() });
  const apollo = new ApolloServer<Context>({
    // Apollo's own pipeline, with decide and decideMany compiled by graphql-jit (graphql/executor.ts).
    gateway: localGateway(schema, executor),
    introspection: true,
    parseOptions: { maxLexicalTokens: 30000 },
    formatError: formatError(logger),
    ...protection,
    includeStacktraceInErrorResponses: false,
    validationRules: [...(protection.validationRules ?? [])],
    plugins: [
      ...(protection.plugins ?? []),
      logUnexpected(logger),
      // Apollo installs its cache-control plugin by default: a hook on every resolved field, for HTTP
      // caching hints that a consent API never sends (decisions must not be cached).
      ApolloServerPluginCacheControlDisabled(),
      ApolloServerPluginDrainHttpServer({ httpServer: server }),
      { async serverWillStart() { return { async drainServer() { await wsCleanup.dispose(); } }; } },
    ],
  });
  await apollo.start();

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok', database: core.db.kind, version: VERSION });
  });
  const contextOf = async (req: http.IncomingMessage): Promise<Context> => {
    const requestId = (req.headers['x-request-id'] as string | undefined)?.slice(0, 100) || randomUUID();
    try {
      return createContext(service, tail, requestId, await authenticate(req.headers.authorization), null);
    } catch (e) {
      return createContext(service, tail, requestId, null, e as Error);
    }
  };
  // POST /graphql with JSON (every API call a client library makes) skips express; see graphql-http.ts.
  direct.graphql = graphqlHttpHandler(apollo, contextOf, (err) => logger.error({ err }, 'unexpected HTTP error'));
  app.use(
    '/graphql',
    (_req, res, next) => {
      noStore(res);
      next();
    },
    express.json({ limit: BODY_LIMIT_BYTES }),
    expressMiddleware(apollo, { context: async ({ req }) => contextOf(req) }),
  );
  serveWebApps(app);
  const onBodyError: ErrorRequestHandler = (err, _req, res, next) => {
    const e = err as { type?: string; status?: number };
    if (e.type === 'entity.too.large') return void sendBodyError(res, 'tooLarge');
    if (e.type === 'entity.parse.failed' || e.type === 'encoding.unsupported' || e.status === 400) return void sendBodyError(res, 'notJson');
    logger.error({ err }, 'unexpected HTTP error');
    if (res.headersSent) return next(err);
    sendUnexpected(res);
  };
  app.use(onBodyError);

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(env.PORT, env.HOST, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : env.PORT;
  const url = `http://127.0.0.1:${port}`;
  logger.info({ url: `${url}/graphql`, database: core.db.kind }, 'Assent is listening');
  if (env.ASSENT_WARM_PROJECTION === 'on') void core.warmProjection();
  return {
    core, server, url,
    graphqlStats: () => ({ ...executor.stats }),
    async close() {
      await apollo.stop();
      wss.close();
      if (!opts.core) await core.close();
    },
  };
}

/** Serves the built privacy center at / and the staff console at /staff, with client-side routing. */
function serveWebApps(app: express.Express) {
  const spa = (mount: string, dist: string) => {
    if (!fs.existsSync(path.join(dist, 'index.html'))) return false;
    app.use(mount, express.static(dist, { index: false, maxAge: '1h' }));
    app.get(mount === '/' ? /^\/(?!graphql|healthz|staff).*/ : new RegExp(`^${mount}(/.*)?$`), (req, res, next) => {
      if (!req.accepts('html')) return next();
      res.setHeader('Cache-Control', 'no-cache');
      res.sendFile(path.join(dist, 'index.html'));
    });
    return true;
  };
  spa('/staff', path.join(repoRoot, 'packages/staff-console/dist'));
  if (!spa('/', path.join(repoRoot, 'packages/privacy-center/dist'))) {
    app.get('/', (_req, res) => void res.type('text/plain').send('Assent API is running at /graphql. The privacy center is not built: run pnpm --filter @assent/privacy-center build.'));
  }
}
