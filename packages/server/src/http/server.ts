import http from 'node:http';
import { expressMiddleware } from '@as-integrations/express5';
import express, { type ErrorRequestHandler } from 'express';
import type { Env } from '../env.ts';
import type { Logger } from '../logger.ts';
import { openCore, VERSION, type Core } from '../composition-root.ts';
import { createContext, type Context } from '../graphql/context.ts';
import { buildSchema, startApollo } from '../graphql/apollo.ts';
import { graphqlHttpHandler, isPlainGraphqlPost } from './graphql-http.ts';
import { decideFastPath } from './decide-fast-path.ts';
import { warmUp } from './warm-up.ts';
import { requestFacts } from './request-facts.ts';
import { BODY_LIMIT_BYTES, noStore, sendBodyError, sendUnexpected } from './responses.ts';
import { attachSubscriptions } from './websocket.ts';
import { serveWebApps } from './web-apps.ts';
import { createCors } from './cors.ts';
import { bannerScriptHandler } from './banner-script.ts';
import { securityHeaders } from './security-headers.ts';
import { serveUnsubscribe } from './unsubscribe.ts';
import { jwksHandler } from './jwks.ts';
import { clientIp } from './request-facts.ts';
import { sendAssentError, serveStaffSessions } from './staff-session.ts';

/** The running HTTP server. */
export interface App {
  core: Core;
  server: http.Server;
  url: string;
  /**
   * How operations were executed since the server listened (graphql/executor.ts): compiled, on graphql-js, or
   * compiled then rerun for an error; and POST /graphql requests the decide fast path answered or handed to Apollo.
   */
  graphqlStats(): { compiled: number; interpreted: number; reran: number; fastPath: number; handedOver: number };
  close(): Promise<void>;
}

/**
 * Starts the API (HTTP + WebSocket subscriptions on /graphql) and the web apps. Every request comes
 * in through one node:http server that decides its path: POST /graphql with a JSON body goes straight
 * to Apollo (graphql-http.ts), everything else through express; both answer with responses.ts, and
 * cors.ts decides cross-origin access for both before the path is chosen.
 */
export async function startApp(env: Env, opts: { logger?: Logger; core?: Core } = {}): Promise<App> {
  const dispatching = env.ASSENT_DISPATCHER !== 'off';
  const core = opts.core ?? (await openCore(env, { ...opts, preloadDispatcher: dispatching }));
  const { logger, service, tail, auth } = core;
  await tail.start();
  if (dispatching) await core.dispatcher.start();
  core.maintenance.start();
  core.checkpoints.start();

  const schema = buildSchema({ database: core.db.kind, version: VERSION });
  const app = express();
  app.disable('x-powered-by');
  // The fast path is set once Apollo has started (it needs the server to drain).
  const fast: { graphql?: (req: http.IncomingMessage, res: http.ServerResponse) => void } = {};
  // CORS is decided once, here, before the path is: both paths below answer with the same headers.
  const cors = createCors({ allowedOrigins: env.ASSENT_ALLOWED_ORIGINS, publicUrl: env.ASSENT_PUBLIC_URL });
  const server = http.createServer((req, res) => {
    if (cors(req, res) === 'answered') return;
    if (fast.graphql !== undefined && isPlainGraphqlPost(req)) fast.graphql(req, res);
    else app(req, res);
  });

  // A body over the limit is 413 whatever its media type says (express.json reads only JSON, and Apollo would refuse
  // the others as a CSRF risk with 400 first), and a declared charset other than UTF-8 (RFC 8259) is 415.
  const bodyBounds: express.RequestHandler = (req, res, next) => {
    if (Number(req.headers['content-length'] ?? 0) > BODY_LIMIT_BYTES) return void sendBodyError(res, 'tooLarge');
    const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(req.headers['content-type'] ?? '')?.[1];
    if (req.method === 'POST' && charset && charset.toLowerCase() !== 'utf-8')
      return void sendBodyError(res, 'charset');
    next();
  };
  const trustProxy = env.ASSENT_TRUST_PROXY === 'on';
  const limits = env.ASSENT_RATE_LIMITS === 'on' ? core.rateLimit : null;
  const subscriptions = attachSubscriptions(server, schema, {
    service,
    tail,
    auth,
    trustProxy,
    logger,
    limiter: limits,
  });
  const fastPath =
    env.ASSENT_DECIDE_FAST_PATH === 'on'
      ? decideFastPath({ auth, service, decisions: core.decisions, tail, limiter: limits, trustProxy, schema })
      : null;
  const { apollo, executor } = await startApollo({
    schema,
    httpServer: server,
    logger,
    jit: env.ASSENT_GRAPHQL_JIT === 'on',
    onDrain: subscriptions.dispose,
    limiter: limits,
    onCompiledRun: fastPath?.learn,
    decisions: core.decisions,
  });

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok', database: core.db.kind, version: VERSION });
  });
  /** The context of a request on Apollo's path, with what the decide fast path already did for it (`handover`). */
  const contextOf = async (req: http.IncomingMessage, handover?: Partial<Context>): Promise<Context> => {
    // Made when a log line needs it (createContext), not per request.
    const requestId = (req.headers['x-request-id'] as string | undefined)?.slice(0, 100) || undefined;
    const facts = requestFacts(req, trustProxy);
    try {
      const principal = await auth.authenticate(req.headers.authorization);
      const context = createContext(service, tail, requestId, principal, null, facts);
      return handover ? Object.assign(context, handover) : context;
    } catch (e) {
      const context = createContext(service, tail, requestId, null, e as Error, facts);
      // A token that fails counts against the client's IP, with a much smaller budget than any caller's.
      if (limits)
        await limits.consume('failedAuthentications', `ip:${facts.clientIp}`).catch((limited: unknown) => {
          context.rateLimited = limited as Error;
        });
      return context;
    }
  };
  // Staff console sessions (#18): /staff/session, /staff/login, /staff/callback, and /staff/graphql below.
  const staffPrincipal = serveStaffSessions(app, {
    sessions: core.staff.sessions,
    oidc: core.staff.oidc,
    kek: core.kek,
    limits: limits,
    clientIp: (req) => clientIp(req, env.ASSENT_TRUST_PROXY === 'on'),
    publicUrl: core.publicUrl,
    logger,
  });
  /** The context of a /staff/graphql request: the person the session cookie signs in (never an Authorization header). */
  const staffContextOf = async (req: http.IncomingMessage): Promise<Context> => {
    const requestId = (req.headers['x-request-id'] as string | undefined)?.slice(0, 100) || undefined;
    const facts = requestFacts(req, env.ASSENT_TRUST_PROXY === 'on');
    const { principal, authError } = await staffPrincipal(req);
    const context = createContext(service, tail, requestId, principal, authError, facts);
    // An ended or unknown session cookie counts against the IP like a bad token (a missing one does not).
    if (authError && req.headers.cookie && limits)
      await limits.consume('failedAuthentications', `ip:${facts.clientIp}`).catch((limited: unknown) => {
        context.rateLimited = limited as Error;
      });
    return context;
  };
  app.use(
    '/staff/graphql',
    (req, res, next) => {
      noStore(res);
      // CSRF and Origin are checked before the body is read: a forged request gets 403 FORBIDDEN and runs nothing.
      staffPrincipal(req).then((checked) => {
        if (checked.refuse) return sendAssentError(res, checked.refuse);
        next();
      }, next);
    },
    bodyBounds,
    express.json({ limit: BODY_LIMIT_BYTES }),
    expressMiddleware(apollo, { context: async ({ req }) => staffContextOf(req) }),
  );
  const onHttpError = (err: unknown) => logger.error({ err }, 'unexpected HTTP error');
  fast.graphql = graphqlHttpHandler(apollo, contextOf, onHttpError, fastPath?.handle);
  app.use(
    '/graphql',
    (_req, res, next) => {
      noStore(res);
      next();
    },
    bodyBounds,
    express.json({ limit: BODY_LIMIT_BYTES }),
    expressMiddleware(apollo, { context: async ({ req }) => contextOf(req) }),
  );
  // Pages and the banner script (not /graphql): CSP, nosniff, no referrer, COOP.
  app.use(securityHeaders({ frameAncestors: env.ASSENT_FRAME_ANCESTORS, publicUrl: env.ASSENT_PUBLIC_URL }));
  app.get('/banner.js', bannerScriptHandler());
  app.get('/.well-known/jwks.json', jwksHandler(core.signing, onHttpError));
  serveUnsubscribe(app, service, onHttpError);
  serveWebApps(app, {
    sourceMaps: (env.ASSENT_SOURCE_MAPS ?? (env.NODE_ENV === 'production' ? 'off' : 'on')) === 'on',
  });
  const onBodyError: ErrorRequestHandler = (err, _req, res, next) => {
    const e = err as { type?: string; status?: number };
    if (e.type === 'entity.too.large') return void sendBodyError(res, 'tooLarge');
    // body-parser's 415s: a JSON charset other than UTF-8 (RFC 8259 allows no other), an unknown Content-Encoding.
    if (e.type === 'charset.unsupported') return void sendBodyError(res, 'charset');
    if (e.type === 'encoding.unsupported') return void sendBodyError(res, 'encoding');
    if (e.type === 'entity.parse.failed' || e.status === 400) return void sendBodyError(res, 'notJson');
    onHttpError(err);
    if (res.headersSent) return next(err);
    sendUnexpected(res);
  };
  app.use(onBodyError);

  if (env.ASSENT_WARMUP === 'on') {
    const started = performance.now();
    const runs = await warmUp({ apollo, fastPath, service, tail });
    logger.debug({ ...runs, ms: Math.round(performance.now() - started) }, 'warmed up');
  }
  // What the warm-up ran is not the server's work: graphqlStats counts from here.
  const since = {
    ...executor.stats,
    fastPath: fastPath?.stats.answered ?? 0,
    handedOver: fastPath?.stats.handedOver ?? 0,
  };
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(env.PORT, env.HOST, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : env.PORT;
  const url = `http://127.0.0.1:${port}`;
  core.listeningOn(port);
  logger.info({ url: `${url}/graphql`, database: core.db.kind }, 'Assent is listening');
  if (env.ASSENT_WARM_PROJECTION === 'on') void core.warmProjection();
  return {
    core,
    server,
    url,
    graphqlStats: () => ({
      compiled: executor.stats.compiled - since.compiled,
      interpreted: executor.stats.interpreted - since.interpreted,
      reran: executor.stats.reran - since.reran,
      fastPath: (fastPath?.stats.answered ?? 0) - since.fastPath,
      handedOver: (fastPath?.stats.handedOver ?? 0) - since.handedOver,
    }),
    async close() {
      fastPath?.stop();
      await apollo.stop();
      subscriptions.close();
      if (!opts.core) await core.close();
    },
  };
}
