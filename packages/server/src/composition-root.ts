import { randomBytes } from 'node:crypto';
import { checkpointTreeFile, sqlitePath, type Env } from './env.ts';
import { sharedAcrossConnections, type Database } from './db/client.ts';
import { migrate } from './db/migrate.ts';
import { openLedgerWriter } from './db/ledger-writer.ts';
import { logPoolError } from './db/raw.ts';
import { accessRepository } from './db/access.repository.ts';
import { consentCountsRepository } from './db/consent-counts.repository.ts';
import { subjectDirectoryRepository } from './db/subject-directory.repository.ts';
import { consentImportRepository } from './db/consent-import.repository.ts';
import { catalogRepository } from './db/catalog.repository.ts';
import { ledgerRepository } from './db/ledger.repository.ts';
import { outboxRepository, outboxWriter } from './db/outbox.ts';
import { catalogCache } from './services/catalog.service.ts';
import { authService, type AuthService } from './services/auth.service.ts';
import { unsubscribeLinks } from './services/unsubscribe-link.service.ts';
import { buildUseCases, type UseCases } from './use-cases/index.ts';
import { webhookService } from './services/webhook.service.ts';
import { outboxTail, type OutboxTail } from './outbox/outbox-tail.ts';
import type { Dispatcher } from './outbox/dispatcher.ts';
import { streamPosition } from './outbox/stream-position.ts';
import { dispatcherThread } from './outbox/dispatcher-thread.ts';
import { inlineDispatcher, openDispatcherData } from './outbox/dispatcher-wiring.ts';
import { createLogger, type Logger } from './logger.ts';
import { createRateLimiter, type RateLimiter } from './http/rate-limiter.ts';
import type { EdgeBudget } from './graphql/request-budgets.ts';
import { seedDemo } from './seed.ts';
import {
  PSEUDONYM_KEY_CONTEXT,
  PSEUDONYM_KEY_SETTING,
  subjectProtection,
  type SubjectProtection,
} from './crypto/subject-protection.ts';
import { reprotectLegacyRecords } from './db/reprotect.ts';
import { outboxMaintenanceRepository } from './db/outbox-maintenance.repository.ts';
import { outboxMaintenance, type OutboxMaintenance } from './outbox/outbox-maintenance.ts';
import type { KeyEncryption } from './crypto/key-encryption.ts';
import { openKeyEncryption } from './crypto/open-key-encryption.ts';
import { sealedSetting } from './crypto/sealed-settings.ts';
import { signingKeyRepository } from './db/signing-key.repository.ts';
import { signingKeys, type SigningKeys } from './crypto/signing-keys.ts';
import { checkpointTreeThread, inProcessCheckpointTree } from './services/checkpoint-tree.ts';
import { checkpointRepository } from './db/checkpoint.repository.ts';
import { dispatcherRepository } from './db/dispatcher.repository.ts';
import { checkpointScheduler, exclusiveCheckpointMaker, publishCheckpoint } from './services/checkpoint-scheduler.ts';
import { accessLogRepository } from './db/access-log.repository.ts';
import { decisionCountRepository } from './db/decision-count.repository.ts';
import { accessLog } from './services/access-log.service.ts';
import { decisionCounter, type DecisionCounter } from './services/decision-counter.ts';
import { staffRepository } from './db/staff.repository.ts';
import type { StaffSessionDeps } from './use-cases/staff-sessions.ts';
import { staffOidc, type StaffOidc } from './services/staff-oidc.ts';

// The one place that wires the server's parts together, for the HTTP server (http/server.ts) and the
// CLI (cli.ts). The dispatcher's part (outbox/dispatcher-wiring.ts) is built by the same functions
// here and in the dispatcher thread (outbox/dispatcher-worker.ts), which loads nothing else. Everything
// else receives what it needs as arguments, so imports point one way: http → graphql → services →
// core + db; outbox (dispatcher) → db + sinks.

/** The server's version, as /healthz and the GraphQL API report it. */
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
  /** Request budgets (http/rate-limiter.ts); the API edge spends them per caller unless ASSENT_RATE_LIMITS=off. */
  rateLimit: RateLimiter<'visitorSessions' | EdgeBudget>;
  /** Seals and opens the secrets stored in the database (crypto/key-encryption.ts). */
  kek: KeyEncryption;
  /** Pseudonyms and per-subject keys (crypto/subject-protection.ts). */
  protection: SubjectProtection;
  /** Outbox upkeep (erasure events scrubbed once delivered, retention): started by startApp. */
  maintenance: OutboxMaintenance;
  /** Signs receipts and checkpoints; lists the JWKS (crypto/signing-keys.ts). */
  signing: SigningKeys;
  /** Makes a checkpoint every ASSENT_CHECKPOINT_SECONDS on the instance holding its lease; started by startApp. */
  checkpoints: {
    start(): void;
    stop(): Promise<void>;
    publish(cp: Parameters<typeof publishCheckpoint>[1]): Promise<void>;
    /** A checkpoint now (`pnpm assent checkpoint`), under the maker's lease: waits up to `waitMs` for another maker. */
    makeNow(waitMs: number): Promise<Parameters<typeof publishCheckpoint>[1]>;
  };
  /** Staff accounts and console sessions (#18): what the staff use cases and /staff routes need. */
  staff: {
    sessions: StaffSessionDeps;
    /** Sign-in through the organisation's identity provider, when ASSENT_OIDC_ISSUER is set. */
    oidc: (StaffOidc & { name: string }) | null;
  };
  /** This server's public base URL (ASSENT_PUBLIC_URL, else http://localhost:<listening port>), no trailing slash. */
  publicUrl: () => string;
  /** Tells the core the port the server listens on (links default to http://localhost:<port> without ASSENT_PUBLIC_URL). */
  listeningOn(port: number): void;
  /** Reads the projection once into the OS page cache (hot-reads.ts); startApp does it in the background unless ASSENT_WARM_PROJECTION=off. Never throws. */
  warmProjection(): Promise<void>;
  repos: {
    ledger: ReturnType<typeof ledgerRepository>;
    catalog: ReturnType<typeof catalogRepository>;
    access: ReturnType<typeof accessRepository>;
    outbox: ReturnType<typeof outboxRepository>;
    counts: ReturnType<typeof consentCountsRepository>;
    accessLog: ReturnType<typeof accessLogRepository>;
    decisionCounts: ReturnType<typeof decisionCountRepository>;
  };
  /** decide/decideMany per caller key per minute, flushed every ASSENT_DECISION_COUNT_FLUSH_SECONDS and at close. */
  decisions: DecisionCounter;
  close(): Promise<void>;
}

/**
 * Opens the database (applying migrations), seeds demo data into an empty one where allowed, and
 * builds the use cases. Throws with a readable message when configuration is unusable.
 */
export async function openCore(
  env: Env,
  opts: {
    logger?: Logger;
    seed?: boolean;
    inlineDispatcher?: boolean;
    /** The caller starts the dispatcher next (startApp): a dispatcher thread starts loading now. */
    preloadDispatcher?: boolean;
  } = {},
): Promise<Core> {
  const logger = opts.logger ?? createLogger(env.LOG_LEVEL);
  let adminToken = env.ASSENT_ADMIN_TOKEN;
  if (!adminToken) {
    if (env.NODE_ENV === 'production')
      throw new Error('ASSENT_ADMIN_TOKEN is required in production (at least 16 characters).');
    adminToken = randomBytes(24).toString('base64url');
  }
  const kek = openKeyEncryption(env, logger);
  // A dispatcher thread loads its modules while this thread migrates, seeds and builds the rest.
  const thread = dispatcherInThread(env, opts.inlineDispatcher ?? false) ? dispatcherThread(env, logger) : null;
  if (opts.preloadDispatcher) thread?.preload();
  try {
    return await openCoreWith(env, opts, { logger, adminToken, kek, thread });
  } catch (e) {
    await thread?.stop();
    throw e;
  }
}

/** openCore's work once the key-encryption key is open and a dispatcher thread (when there is one) is loading. */
async function openCoreWith(
  env: Env,
  opts: { seed?: boolean },
  {
    logger,
    adminToken,
    kek,
    thread,
  }: { logger: Logger; adminToken: string; kek: KeyEncryption; thread: Dispatcher | null },
): Promise<Core> {
  const applied = await migrate(env.DATABASE_URL);
  if (applied.length) logger.info({ applied }, 'migrations applied');
  const data = await openDispatcherData(env, logger, { kek });
  await data.webhooks.sealPlainSecrets();
  const { db, hot } = data;
  const access = accessRepository(db.prisma, hot);
  const protection = await openSubjectProtection(access, kek);
  const reprotected = await reprotectLegacyRecords(db, protection);
  if (reprotected.records > 0)
    logger.warn(reprotected, 'records written before #16 re-protected in place (README, "Erasure")');
  const ledgerWriter = openLedgerWriter(db, protection, logPoolError(logger));
  const repos = {
    ledger: ledgerRepository(db.prisma, ledgerWriter, hot, protection, db.kind),
    catalog: catalogRepository(db.prisma, outboxWriter(db.kind), hot),
    access,
    outbox: data.outbox,
    counts: consentCountsRepository(db.prisma, db.kind, hot),
    accessLog: accessLogRepository(db.prisma),
    decisionCounts: decisionCountRepository(db.prisma, db.kind),
  };
  const decisions = decisionCounter({
    repo: repos.decisionCounts,
    flushSeconds: env.ASSENT_DECISION_COUNT_FLUSH_SECONDS,
    logger,
  });
  decisions.start();
  const reads = accessLog({
    repo: repos.accessLog,
    chainKeyOf: (id) => repos.ledger.chainKeyOf(id),
    apiKeyNames: (ids) => repos.access.apiKeyNames(ids),
    now: () => new Date(),
  });
  const signing = signingKeys({ repo: signingKeyRepository(db.prisma), kek, configured: env.ASSENT_SIGNING_KEY });
  const subjectTokenSecret =
    env.ASSENT_SUBJECT_TOKEN_SECRET ?? (await sealedSetting(repos.access, kek, 'subject-token-secret'));
  const catalog = catalogCache(repos.catalog);
  await catalog.refresh();
  const tail = outboxTail(repos.outbox, logger);
  const maintenance = outboxMaintenance({
    repo: outboxMaintenanceRepository(db.prisma, db.kind),
    retentionDays: env.ASSENT_OUTBOX_RETENTION_DAYS,
    logger,
    // A scrubbed payload's earlier bytes are still in SQLite's write-ahead log until it is truncated.
    afterScrub: () => ledgerWriter.forgetOldPages(),
  });
  const dispatcher = thread ?? inlineDispatcher(env, data, logger.child({ component: 'dispatcher' }));
  const webhooks = webhookService({
    webhooks: data.webhooks,
    catalog,
    onChange: () => dispatcher.notify(),
    retentionDays: env.ASSENT_OUTBOX_RETENTION_DAYS,
  });
  const auth = authService({ access: repos.access, adminToken, subjectTokenSecret });
  const window = env.ASSENT_RATE_LIMIT_WINDOW_SECONDS;
  const budget = (points: number) => ({ points, windowSeconds: window });
  const rateLimit = createRateLimiter(
    {
      visitorSessions: budget(env.ASSENT_RATE_LIMIT_VISITOR_SESSIONS),
      decisions: budget(env.ASSENT_RATE_LIMIT_DECISIONS),
      apiKey: budget(env.ASSENT_RATE_LIMIT_API_KEY),
      subject: budget(env.ASSENT_RATE_LIMIT_SUBJECT),
      anonymous: budget(env.ASSENT_RATE_LIMIT_ANONYMOUS),
      failedAuthentications: budget(env.ASSENT_RATE_LIMIT_FAILED_AUTH),
      wsConnections: budget(env.ASSENT_RATE_LIMIT_WS_CONNECTIONS),
    },
    { redisUrl: env.REDIS_URL },
  );
  const unsubscribeSecret = await sealedSetting(repos.access, kek, 'unsubscribe-link-secret');
  const listening = { port: env.PORT };
  const publicUrl = () => (env.ASSENT_PUBLIC_URL ?? `http://localhost:${listening.port}`).replace(/\/$/, '');
  const staff = {
    sessions: {
      staff: staffRepository(db.prisma),
      kek,
      now: () => new Date(),
      csrfSecret: await sealedSetting(repos.access, kek, 'staff-csrf-secret'),
      sessionMs: env.ASSENT_STAFF_SESSION_HOURS * 3600_000,
      idleMs: env.ASSENT_STAFF_IDLE_MINUTES * 60_000,
    },
    oidc: env.ASSENT_OIDC_ISSUER
      ? {
          ...staffOidc({
            issuer: env.ASSENT_OIDC_ISSUER,
            clientId: env.ASSENT_OIDC_CLIENT_ID!,
            clientSecret: env.ASSENT_OIDC_CLIENT_SECRET,
            roleClaim: env.ASSENT_OIDC_ROLE_CLAIM,
            redirectUri: () => `${publicUrl()}/staff/callback`,
          }),
          name: env.ASSENT_OIDC_NAME ?? new URL(env.ASSENT_OIDC_ISSUER).host,
        }
      : null,
  };
  const stream = streamPosition(env.NATS_URL, logger);
  const positions = {
    streamSequence: () => stream.last(),
    outboxSeq: async () => Math.max(await repos.outbox.maxSeq(), await repos.outbox.prunedThrough()),
    outboxPrunedThrough: () => repos.outbox.prunedThrough(),
  };
  const checkpoints = checkpointRepository(db);
  const checkpointTree = db.sharedAcrossConnections
    ? checkpointTreeThread(
        {
          kind: db.kind,
          target: db.kind === 'sqlite' ? sqlitePath(env.DATABASE_URL) : env.DATABASE_URL,
          treeFile: checkpointTreeFile(env),
        },
        // Lives on from one scheduled checkpoint to the next, so each hashes only what moved since the last.
        { idleMs: 2 * env.ASSENT_CHECKPOINT_SECONDS * 1000 },
      )
    : inProcessCheckpointTree({
        chainHeads: async function* () {
          yield await repos.ledger.listChainHeads();
        },
        headsAt: async function* (upTo) {
          yield await checkpoints.listHeadsAt(upTo);
        },
      });
  const service = buildUseCases({
    ledger: repos.ledger,
    catalogRepo: repos.catalog,
    counts: repos.counts,
    subjects: subjectDirectoryRepository(
      db.prisma,
      db.kind,
      (ids) => repos.ledger.findByIds(ids),
      (subjectId) => repos.ledger.chainKeyOf(subjectId),
    ),
    imports: consentImportRepository(db.prisma, db.kind),
    catalog,
    access: repos.access,
    auth,
    rateLimit,
    readabilityMin: env.ASSENT_READABILITY_MIN,
    webhookRepo: data.webhooks,
    webhookSecretGraceSeconds: env.ASSENT_WEBHOOK_SECRET_GRACE_SECONDS,
    onCommit: () => {
      tail.notify();
      dispatcher.notify();
    },
    webhooks,
    positions,
    unsubscribeLinks: unsubscribeLinks({ secret: unsubscribeSecret }),
    signing,
    checkpoints,
    checkpointTree,
    publicUrl,
    controllerName: () => env.ASSENT_CONTROLLER_NAME ?? new URL(publicUrl()).host,
    accessLog: reads,
    accessLogRepo: repos.accessLog,
    decisions,
    decisionCountRepo: repos.decisionCounts,
  });
  const leases = dispatcherRepository(db.prisma, db.kind, hot, data.writer);
  const makeCheckpoint = exclusiveCheckpointMaker({
    make: (o) => service.makeCheckpoint(o),
    tryLease: (name, holder, ttl) => leases.tryAcquireLease(name, holder, ttl),
    releaseLease: (name, holder) => leases.releaseLease(name, holder),
  });
  const scheduler = checkpointScheduler({
    intervalSeconds: env.ASSENT_CHECKPOINT_SECONDS,
    make: makeCheckpoint,
    tryLease: (name, holder, ttl) => leases.tryAcquireLease(name, holder, ttl),
    webhookUrl: env.ASSENT_CHECKPOINT_WEBHOOK,
    logger,
  });

  const seedMode = env.ASSENT_SEED ?? (env.NODE_ENV === 'production' ? 'none' : 'demo');
  if (opts.seed !== false && seedMode === 'demo' && (await repos.catalog.isEmpty())) {
    await seedDemo(service);
    logger.info('seeded demo purposes and notice version 1 into the empty database');
  }
  catalog.start();
  return {
    env,
    db,
    logger,
    service,
    auth,
    tail,
    dispatcher,
    adminToken,
    kek,
    rateLimit,
    protection,
    maintenance,
    signing,
    checkpoints: {
      start: () => scheduler.start(),
      stop: () => scheduler.stop(),
      makeNow: async (waitMs) => (await makeCheckpoint({ onlyIfChanged: false, waitMs }))!,
      publish: async (cp) => {
        if (env.ASSENT_CHECKPOINT_WEBHOOK) await publishCheckpoint(env.ASSENT_CHECKPOINT_WEBHOOK, cp);
      },
    },
    repos,
    decisions,
    staff,
    /** This server's public base URL, without a trailing slash. */
    publicUrl,
    listeningOn(port) {
      listening.port = port;
    },
    async warmProjection() {
      const started = performance.now();
      try {
        const rows = await hot.warmProjection();
        logger.info({ rows, ms: Math.round(performance.now() - started) }, 'projection read into the page cache');
      } catch (err) {
        logger.warn(
          { err },
          'reading the projection into the page cache failed (decisions are unaffected, only colder)',
        );
      }
    },
    async close() {
      maintenance.stop();
      await scheduler.stop();
      await checkpointTree.close();
      checkpoints.close();
      catalog.stop();
      tail.stop();
      await dispatcher.stop();
      await stream.close();
      await reads.drain();
      await decisions.stop();
      await ledgerWriter.close();
      await rateLimit.close();
      await data.close();
    },
  };
}

/**
 * Whether the outbox dispatcher works in a thread of its own: yes unless ASSENT_DISPATCHER=inline (or the database is
 * SQLite in memory, which another connection cannot open), or `inline` is asked (`pnpm assent dispatcher`, whose
 * process does nothing else).
 */
function dispatcherInThread(env: Env, inline: boolean): boolean {
  return (
    !inline &&
    sharedAcrossConnections(env.DATABASE_URL) &&
    (env.ASSENT_DISPATCHER === 'thread' || env.ASSENT_DISPATCHER === 'on')
  );
}

/**
 * Pseudonyms and per-subject keys (crypto/subject-protection.ts): the pseudonym key is generated once and kept in
 * the settings table, sealed with the key-encryption key.
 */
async function openSubjectProtection(
  access: ReturnType<typeof accessRepository>,
  kek: KeyEncryption,
): Promise<SubjectProtection> {
  const sealed = await access.ensureSetting(PSEUDONYM_KEY_SETTING, kek.seal(randomBytes(32), PSEUDONYM_KEY_CONTEXT));
  return subjectProtection(kek.open(sealed, PSEUDONYM_KEY_CONTEXT), kek);
}

/** The key-encryption key (crypto/open-key-encryption.ts), for callers that wire the server by hand. */
export { openKeyEncryption };
