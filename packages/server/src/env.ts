import { createHash } from 'node:crypto';
import path from 'node:path';
import { z } from 'zod';

/** The repository root, so relative paths mean the same from `pnpm start` at the root and from a package. */
export const repoRoot = path.resolve(import.meta.dirname, '../../..');

/** Every configuration variable: a doc line, a default where one is safe, and a validator. */
export const envSpec = {
  NODE_ENV: {
    doc: 'development, test or production. Production refuses to start without ASSENT_ADMIN_TOKEN and ASSENT_MASTER_KEY and never seeds demo data unless ASSENT_SEED=demo.',
    schema: z.enum(['development', 'test', 'production']).default('development'),
  },
  PORT: {
    doc: 'HTTP port of the API, subscriptions and web apps.',
    schema: z.coerce.number().int().min(0).max(65535).default(4000),
  },
  HOST: { doc: 'Interface to listen on.', schema: z.string().default('0.0.0.0') },
  DATABASE_URL: {
    doc: 'file:… for SQLite (relative paths from the repository root), postgres://… or postgresql://… for PostgreSQL.',
    schema: z
      .string()
      .regex(/^(file:|postgres(ql)?:\/\/)/, 'must start with file:, postgres:// or postgresql://')
      .default('file:./data/assent.db'),
  },
  ASSENT_ADMIN_TOKEN: {
    doc: 'Bootstrap admin bearer token (at least 16 characters). Generated and printed once in development when unset.',
    schema: z.string().min(16, 'must be at least 16 characters').optional(),
  },
  ASSENT_SEED: {
    doc: 'demo seeds the demo purposes and notice into an EMPTY database; none never seeds. Default: demo outside production, none in production.',
    schema: z.enum(['demo', 'none']).optional(),
  },
  ASSENT_SUBJECT_TOKEN_SECRET: {
    doc: 'Secret (at least 32 characters) that signs subject tokens (HS256). When unset, one is generated and kept in the database.',
    schema: z.string().min(32, 'must be at least 32 characters').optional(),
  },
  ASSENT_MASTER_KEY: {
    doc: 'Key-encryption key (32 bytes: 64 hex digits or base64url, e.g. `openssl rand -hex 32`) that seals every secret Assent stores (webhook secrets, the subject-token secret, per-subject keys, a generated signing key). Required in production; in development one is generated into ASSENT_MASTER_KEY_FILE, with a warning.',
    schema: z
      .string()
      .refine(
        (t) => /^[0-9a-fA-F]{64}$/.test(t.trim()) || Buffer.from(t.trim(), 'base64url').length === 32,
        'must be 32 bytes: 64 hex digits or 43 base64url characters (e.g. `openssl rand -hex 32`)',
      )
      .optional(),
  },
  ASSENT_MASTER_KEY_FILE: {
    doc: 'Where the development master key is kept when ASSENT_MASTER_KEY is unset (relative paths from the repository root). Never used in production.',
    schema: z.string().default('data/master.key'),
  },
  ASSENT_SIGNING_KEY: {
    doc: 'Ed25519 private key that signs receipts and checkpoints, as a JWK (JSON with d) or a PKCS#8 PEM. When unset, one is generated once and kept in the database sealed under the master key; `pnpm assent rotate-signing-key` makes a new one current. Every key ever used stays in /.well-known/jwks.json.',
    schema: z
      .string()
      .refine(
        (t) => /^\s*\{[\s\S]*"d"\s*:/.test(t) || /-----BEGIN PRIVATE KEY-----/.test(t),
        'must be an Ed25519 private key: a JWK (JSON with "d") or a PKCS#8 PEM (-----BEGIN PRIVATE KEY-----)',
      )
      .optional(),
  },
  ASSENT_CONTROLLER_NAME: {
    doc: "The data controller every receipt names (ISO/IEC TS 27560's EU-GDPR profile requires it: `dpv:hasDataController`), e.g. the organisation's legal name. Default: the host of the public URL.",
    schema: z.string().trim().min(1).max(200).optional(),
  },
  ASSENT_CHECKPOINT_SECONDS: {
    doc: "How often (seconds) a signed checkpoint over every subject's chain head is made when records were added (default 300); one instance makes it, elected by a lease. `pnpm assent checkpoint` makes one at once.",
    schema: z.coerce.number().int().min(1).max(86400).default(300),
  },
  ASSENT_CHECKPOINT_TREE_FILE: {
    doc: 'Where the checkpoint thread keeps the Merkle tree of its last checkpoint, so that after a restart the next checkpoint hashes only what moved instead of every head (a cache: a missing or damaged file only costs time). Default: beside the SQLite file (`<database>.checkpoint-tree`), or data/checkpoint-tree-<hash of the URL> for PostgreSQL; off keeps none. Keep it where only Assent can write.',
    schema: z.string().min(1).optional(),
  },
  ASSENT_CHECKPOINT_WEBHOOK: {
    doc: 'Optional http(s) URL every new checkpoint is POSTed to as JSON ({ id, at, records, subjects, root, jws }): a transparency log or another organisation keeps a copy the database operator cannot rewrite.',
    schema: z.url().optional(),
  },
  ASSENT_PUBLIC_URL: {
    doc: 'Public base URL of this server, used in printed privacy-center links and in one-click unsubscribe links (issueUnsubscribeLink). Default: http://localhost:PORT.',
    schema: z.url().optional(),
  },
  LOG_LEVEL: {
    doc: 'pino log level (`pnpm assent` commands default to warn).',
    schema: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  },
  NATS_URL: {
    doc: 'NATS server with JetStream, e.g. nats://127.0.0.1:4222; when set every event is also published to stream ASSENT.',
    schema: z.string().optional(),
  },
  ASSENT_DISPATCHER: {
    doc: "Where this server runs the outbox dispatcher (webhooks, NATS): thread (default; on is the same) in a worker thread of its own, inline in the server's event loop, or off, leaving it to other instances or to `pnpm assent dispatcher`. Instances elect one active dispatcher through a lease, so running one everywhere is safe.",
    schema: z.enum(['thread', 'on', 'inline', 'off']).default('thread'),
  },
  ASSENT_WARM_PROJECTION: {
    doc: "on (default) reads the consent projection once after start, in the background, so the operating system's page cache holds it before decisions need it; off skips that (a projection much larger than memory gains little).",
    schema: z.enum(['on', 'off']).default('on'),
  },
  ASSENT_GRAPHQL_JIT: {
    doc: 'on (default) runs decide and decideMany queries as functions compiled by graphql-jit, falling back to graphql-js for anything that reports an error; off runs every operation on graphql-js.',
    schema: z.enum(['on', 'off']).default('on'),
  },
  ASSENT_DECIDE_FAST_PATH: {
    doc: 'on (default) answers a POST /graphql whose query is a decide/decideMany document already run once through Apollo by its compiled function straight from node:http (same answers; anything unusual still goes through Apollo), and a consentSnapshot document with its page written as JSON by the database; off sends every request through Apollo. Needs ASSENT_GRAPHQL_JIT=on.',
    schema: z.enum(['on', 'off']).default('on'),
  },
  ASSENT_WARMUP: {
    doc: 'on (default) runs a few thousand decisions about a throwaway subject through both GraphQL paths before the server listens, so the first real requests do not pay for compilation (nothing is written, counted or logged); off starts listening at once (tests that start many servers).',
    schema: z.enum(['on', 'off']).default('on'),
  },
  ASSENT_BENCH_PROBE: {
    doc: "For `pnpm bench` only: a file path; when set, the server notes when each request numbered by the benchmark's generator (header x-bench-id) arrived and was answered, and writes those records to the file on SIGUSR2; started by the benchmark with an IPC channel, it also answers scenario 11's heap meter. Unset (default): no probe at all.",
    schema: z.string().min(1).optional(),
  },
  ASSENT_READABILITY_MIN: {
    doc: 'Lowest reading ease a notice text of 10 words or more may score to be published without acceptReadabilityIssues, on Flesch\'s 0–100 scale (German, Spanish, French, Italian and Dutch use their adaptations of it); default 60, "plain English".',
    schema: z.coerce.number().min(0).max(120).default(60),
  },
  ASSENT_DISPATCHER_LEASE_SECONDS: {
    doc: "How long the active dispatcher's lease lasts without renewal (renewed every fifth of it): when that instance dies, another takes over within this time.",
    schema: z.coerce.number().int().min(2).max(300).default(10),
  },
  ASSENT_OUTBOX_RETENTION_DAYS: {
    doc: 'Dispatched outbox events (and their finished webhook deliveries) older than this many days are deleted in the background (default 30); replayWebhookDeliveries reaches back this far only.',
    schema: z.coerce.number().int().min(1).max(3650).default(30),
  },
  ASSENT_WEBHOOK_DISABLE_AFTER_SECONDS: {
    doc: "A webhook whose every delivery has failed for this many seconds is disabled (default 86400, the contract's 24 h).",
    schema: z.coerce.number().int().min(1).default(86400),
  },
  ASSENT_WEBHOOK_SECRET_GRACE_SECONDS: {
    doc: 'After rotateWebhookSecret, how many seconds the replaced secret keeps signing deliveries beside the new one (default 86400, one day; 0 drops it at once).',
    schema: z.coerce.number().int().min(0).max(31_536_000).default(86400),
  },
  ASSENT_WEBHOOK_RETRY_SCHEDULE: {
    doc: 'Comma-separated seconds between webhook attempts (default: the contract schedule 5,300,1800,7200,18000,36000,50400,72000,86400).',
    schema: z
      .string()
      .regex(/^\d+(,\d+)*$/, 'comma-separated seconds')
      .optional(),
  },
  ASSENT_WEBHOOK_TIMEOUT_MS: {
    doc: "Milliseconds a webhook attempt may take (connecting, sending, and the receiver's answer) before it counts as failed and is retried (default 15000, the contract's 15 s; tests shorten it).",
    schema: z.coerce.number().int().min(100).max(120_000).default(15_000),
  },
  ASSENT_ALLOWED_ORIGINS: {
    doc: 'Comma-separated origins (scheme://host[:port]) whose pages may call /graphql from the browser (CORS, credentials off), e.g. the product sites that embed the banner. None by default.',
    schema: z
      .string()
      .regex(/^(https?:\/\/[^\s,/]+)(,https?:\/\/[^\s,/]+)*$/, 'comma-separated origins like https://shop.example')
      .optional(),
  },
  ASSENT_FRAME_ANCESTORS: {
    doc: "Who may show the privacy center in a frame (its CSP frame-ancestors): space-separated origins such as https://shop.example, or 'self'. None by default; the staff console is never framed.",
    schema: z
      .string()
      .regex(
        /^('self'|https?:\/\/[^\s,/;]+)( ('self'|https?:\/\/[^\s,/;]+))*$/,
        "space-separated origins like https://shop.example, or 'self'",
      )
      .optional(),
  },
  ASSENT_SOURCE_MAPS: {
    doc: "on serves the web apps' source maps (*.js.map: their original source); off answers 404 for them. Default: off in production, on otherwise.",
    schema: z.enum(['on', 'off']).optional(),
  },
  ASSENT_TRUST_PROXY: {
    doc: 'on when Assent runs behind a reverse proxy that sets X-Forwarded-For: the client IP (for per-IP rate limits) is then its first address; off (default) uses the socket address.',
    schema: z.enum(['on', 'off']).default('off'),
  },
  REDIS_URL: {
    doc: "Redis (e.g. redis://127.0.0.1:6379) that holds the rate-limit budgets, so several instances share one budget; unset keeps them in this process's memory.",
    schema: z
      .string()
      .regex(/^rediss?:\/\//, 'must start with redis:// or rediss://')
      .optional(),
  },
  ASSENT_RATE_LIMIT_WINDOW_SECONDS: {
    doc: 'Length of one rate-limit window in seconds; every budget below is per window.',
    schema: z.coerce.number().int().min(1).max(3600).default(60),
  },
  ASSENT_RATE_LIMIT_VISITOR_SESSIONS: {
    doc: 'startVisitorSession calls per client IP per window.',
    schema: z.coerce.number().int().min(1).default(30),
  },
  ASSENT_RATE_LIMITS: {
    doc: 'on (default) gives every caller the request budgets below; off lifts them (startVisitorSession keeps its own).',
    schema: z.enum(['on', 'off']).default('on'),
  },
  ASSENT_RATE_LIMIT_DECISIONS: {
    doc: 'Operations asking only decide/decideMany per SERVICE key per window: the largest budget, for enforcement on every send.',
    schema: z.coerce.number().int().min(1).default(1_200_000),
  },
  ASSENT_RATE_LIMIT_API_KEY: {
    doc: 'Any other operation per API key (or the admin token) per window.',
    schema: z.coerce.number().int().min(1).default(120_000),
  },
  ASSENT_RATE_LIMIT_SUBJECT: {
    doc: 'Operations per subject per window, for subject and visitor tokens (the privacy center, the banner).',
    schema: z.coerce.number().int().min(1).default(600),
  },
  ASSENT_RATE_LIMIT_ANONYMOUS: {
    doc: 'Operations without a token per client IP per window (offices behind one address share it).',
    schema: z.coerce.number().int().min(1).default(1200),
  },
  ASSENT_RATE_LIMIT_WS_CONNECTIONS: {
    doc: 'graphql-ws connection attempts (WebSocket upgrades of /graphql) per client IP per window; over it the upgrade is answered HTTP 429 with Retry-After.',
    schema: z.coerce.number().int().min(1).default(120),
  },
  ASSENT_DECISION_COUNT_FLUSH_SECONDS: {
    doc: 'How often the in-memory decide/decideMany counts per caller key per minute are added to the DecisionCount table (and at shutdown).',
    schema: z.coerce.number().int().min(1).max(3600).default(10),
  },
  ASSENT_RATE_LIMIT_FAILED_AUTH: {
    doc: 'Requests whose token fails authentication per client IP per window; over it they are refused with RATE_LIMITED (HTTP 429).',
    schema: z.coerce.number().int().min(1).default(30),
  },
  ASSENT_STAFF_SESSION_HOURS: {
    doc: 'Absolute lifetime (hours) of a staff console session, however much it is used (default 12). Sessions live in the StaffSession table and end at sign-out or when the account is disabled.',
    schema: z.coerce.number().min(0.01).max(720).default(12),
  },
  ASSENT_STAFF_IDLE_MINUTES: {
    doc: 'A staff console session unused for this many minutes ends (default 30).',
    schema: z.coerce.number().min(0.1).max(1440).default(30),
  },
  ASSENT_OIDC_ISSUER: {
    doc: "OpenID Connect issuer URL of the organisation's identity provider. When set, staff sign in through it (authorization code flow with PKCE, GET /staff/login) instead of with local accounts. In production it must be https:// (http:// only for a provider on this machine: localhost, 127.0.0.1, [::1]).",
    schema: z.url().optional(),
  },
  ASSENT_OIDC_CLIENT_ID: {
    doc: 'The client id Assent is registered with at the identity provider (required with ASSENT_OIDC_ISSUER); the redirect URI to register is <ASSENT_PUBLIC_URL>/staff/callback.',
    schema: z.string().min(1).optional(),
  },
  ASSENT_OIDC_CLIENT_SECRET: {
    doc: 'The client secret for ASSENT_OIDC_CLIENT_ID (client_secret_basic); unset for a public client.',
    schema: z.string().min(1).optional(),
  },
  ASSENT_OIDC_ROLE_CLAIM: {
    doc: 'The ID token or userinfo claim that holds the staff role: ADMIN or SUPPORT (a string, or an array whose strongest staff role wins). Sign-in without one is refused.',
    schema: z.string().min(1).default('assent_role'),
  },
  ASSENT_OIDC_NAME: {
    doc: "The organisation's name on the console's \"Sign in with …\" button (default: the issuer's host).",
    schema: z.string().min(1).max(80).optional(),
  },
} as const;

type Spec = typeof envSpec;
/** Parsed configuration. */
export type Env = { [K in keyof Spec]: z.infer<Spec[K]['schema']> };

/** Parses configuration once; throws an Error listing every invalid variable. */
export function parseEnv(source: Record<string, string | undefined> = process.env): Env {
  const problems: string[] = [];
  const out: Record<string, unknown> = {};
  for (const [name, { schema }] of Object.entries(envSpec)) {
    const raw = source[name] === '' ? undefined : source[name];
    const result = (schema as z.ZodType).safeParse(raw);
    if (result.success) out[name] = result.data;
    else problems.push(`${name}: ${result.error.issues.map((i) => i.message).join('; ')}`);
  }
  // Production's requirements in the same list as every other problem, not one per start.
  if (out.NODE_ENV === 'production') {
    const unset = (name: string) => (source[name] ?? '') === '';
    if (unset('ASSENT_ADMIN_TOKEN'))
      problems.push('ASSENT_ADMIN_TOKEN: required in production (at least 16 characters)');
    if (unset('ASSENT_MASTER_KEY'))
      problems.push('ASSENT_MASTER_KEY: required in production (32 bytes, e.g. `openssl rand -hex 32`)');
  }
  if (out.ASSENT_OIDC_ISSUER && !out.ASSENT_OIDC_CLIENT_ID)
    problems.push('ASSENT_OIDC_CLIENT_ID: required when ASSENT_OIDC_ISSUER is set');
  if (out.NODE_ENV === 'production' && typeof out.ASSENT_OIDC_ISSUER === 'string') {
    const issuer = new URL(out.ASSENT_OIDC_ISSUER);
    if (issuer.protocol !== 'https:' && !['localhost', '127.0.0.1', '[::1]'].includes(issuer.hostname))
      problems.push(
        "ASSENT_OIDC_ISSUER: must be https:// in production (sign-in tokens and the provider's keys would travel in clear)",
      );
  }
  if (problems.length > 0) throw new Error(`Invalid configuration:\n  ${problems.join('\n  ')}`);
  return out as Env;
}

/** Which database a URL designates. */
export function databaseKind(url: string): 'sqlite' | 'postgres' {
  return /^postgres(ql)?:\/\//.test(url) ? 'postgres' : 'sqlite';
}

/** Absolute SQLite file path for a file: URL (relative paths resolve from the repository root). */
export function sqlitePath(url: string): string {
  const p = url.replace(/^file:(\/\/)?/, '');
  return p === ':memory:' ? p : path.resolve(repoRoot, p);
}

/** Where the checkpoint thread keeps its last tree (ASSENT_CHECKPOINT_TREE_FILE, see its doc); null for none. */
export function checkpointTreeFile(env: Pick<Env, 'DATABASE_URL' | 'ASSENT_CHECKPOINT_TREE_FILE'>): string | null {
  const set = env.ASSENT_CHECKPOINT_TREE_FILE;
  if (set === 'off') return null;
  if (set) return path.resolve(repoRoot, set);
  if (databaseKind(env.DATABASE_URL) === 'sqlite') {
    const file = sqlitePath(env.DATABASE_URL);
    return file === ':memory:' ? null : `${file}.checkpoint-tree`;
  }
  // In Assent's data directory, where only Assent writes (not the shared temporary directory: the file is trusted
  // to hold this database's tree), named after the URL (hashed: it may hold a password), one file per database.
  const name = createHash('sha256').update(env.DATABASE_URL).digest('hex').slice(0, 16);
  return path.resolve(repoRoot, 'data', `checkpoint-tree-${name}`);
}
