import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { checkpointTreeFile, parseEnv, databaseKind } from '../src/env.ts';
import { startApp, type App } from '../src/http/server.ts';
import { createLogger } from '../src/logger.ts';
import { removeKeptTree } from '../src/services/checkpoint-tree-file.ts';

/** The database the suite runs against: DATABASE_URL (postgres… or file:…), SQLite by default. */
export const suiteDatabaseUrl = process.env.DATABASE_URL ?? 'file:' + path.join(os.tmpdir(), 'assent-test-base.db');
export const suiteKind = databaseKind(suiteDatabaseUrl);

/** A fresh, empty database of the suite's kind; drop() removes it. */
export async function freshDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `assent_t_${Date.now()}_${randomBytes(3).toString('hex')}`;
  if (suiteKind === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'assent-test-'));
    return {
      url: `file:${path.join(dir, 'assent.db')}`,
      drop: async () => {
        try {
          fs.rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
        } catch (err) {
          // A SQLite connection of a thread that is still ending can put its -wal/-shm back for a moment; a
          // leftover temporary directory is not a test failure.
          console.warn(`could not remove ${dir}: ${(err as Error).message}`);
        }
      },
    };
  }
  const admin = new pg.Client({ connectionString: suiteDatabaseUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const u = new URL(suiteDatabaseUrl);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: suiteDatabaseUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
      // The checkpoint thread's saved tree of this database (in data/ for PostgreSQL).
      removeKeptTree(checkpointTreeFile({ DATABASE_URL: u.toString(), ASSENT_CHECKPOINT_TREE_FILE: undefined }));
    },
  };
}

export const ADMIN_TOKEN = 'test-admin-token-0123456789';

/** A running Assent on a fresh database with demo data, and GraphQL helpers bound to it. */
export interface TestServer {
  app: App;
  url: string;
  gql: <T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    token?: string | null,
  ) => Promise<GqlResult<T>>;
  ws: (token: string | null) => Client;
  close: () => Promise<void>;
  /** Drops the database only: for a test that closed `app` itself (e.g. to start another server on the same database). */
  dropDatabase: () => Promise<void>;
}

export interface GqlResult<T> {
  status: number;
  data: T | null | undefined;
  errors?: { message: string; extensions?: { code?: string; [k: string]: unknown }; path?: (string | number)[] }[];
}

/** Starts a server on a random port over a fresh database. */
export async function startTestServer(extraEnv: Record<string, string> = {}): Promise<TestServer> {
  const db = await freshDatabase();
  const env = parseEnv({
    NODE_ENV: 'test',
    PORT: '0',
    HOST: '127.0.0.1',
    DATABASE_URL: db.url,
    ASSENT_ADMIN_TOKEN: ADMIN_TOKEN,
    ASSENT_SEED: 'demo',
    LOG_LEVEL: 'silent',
    // Each test file starts servers of its own; the warm-up is tested where it matters (graphql-jit.integration-test.ts).
    ASSENT_WARMUP: 'off',
    ...extraEnv,
  });
  const app = await startApp(env, { logger: createLogger(env.LOG_LEVEL) });
  const sockets: Client[] = [];
  return {
    app,
    url: app.url,
    async gql(query, variables, token = ADMIN_TOKEN) {
      const res = await fetch(`${app.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await res.json()) as { data?: unknown; errors?: GqlResult<unknown>['errors'] };
      return { status: res.status, data: body.data as never, errors: body.errors };
    },
    ws(token) {
      const c = createClient({
        url: app.url.replace('http', 'ws') + '/graphql',
        webSocketImpl: WebSocket,
        connectionParams: token ? { authorization: `Bearer ${token}` } : {},
        retryAttempts: 0,
        lazy: true,
      });
      sockets.push(c);
      return c;
    },
    async close() {
      await Promise.all(sockets.map((s) => s.dispose()));
      await app.close();
      await db.drop();
    },
    dropDatabase: () => db.drop(),
  };
}

/** Creates an API key of a role and returns its secret. */
export async function apiKey(
  s: TestServer,
  role: 'ADMIN' | 'SERVICE' | 'SUPPORT',
  name = `${role.toLowerCase()} key`,
): Promise<string> {
  const r = await s.gql<{ createApiKey: { secret: string } }>(
    'mutation($role: Role!, $name: String!) { createApiKey(role: $role, name: $name) { secret } }',
    { role, name },
  );
  if (!r.data) throw new Error(JSON.stringify(r.errors));
  return r.data.createApiKey.secret;
}

/** Mints a subject token. */
export async function subjectToken(s: TestServer, subjectId: string, ttlSeconds = 900): Promise<string> {
  const r = await s.gql<{ issueSubjectToken: { token: string } }>(
    'mutation($s: ID!, $t: Int) { issueSubjectToken(subjectId: $s, ttlSeconds: $t) { token } }',
    { s: subjectId, t: ttlSeconds },
  );
  if (!r.data) throw new Error(JSON.stringify(r.errors));
  return r.data.issueSubjectToken.token;
}

/**
 * A subject's ledger rows as stored, in chain order. Since crypto-shredding (#16) the ledger keeps the subject's keyed
 * pseudonym, not its id: this is the one place tests turn one into the other.
 */
export async function ledgerRows(s: TestServer, subjectId: string) {
  return s.app.core.db.prisma.consentRecord.findMany({
    where: { subjectId: s.app.core.protection.pseudonym(subjectId) },
    orderBy: { seq: 'asc' },
  });
}

/** How many rows the ledger-side tables hold (to prove a failed mutation wrote nothing). */
export async function counts(s: TestServer) {
  const p = s.app.core.db.prisma;
  const [records, states, outbox, notices, purposes, apiKeys] = await Promise.all([
    p.consentRecord.count(),
    p.consentState.count(),
    p.outboxEvent.count(),
    p.noticeVersion.count(),
    p.purpose.count(),
    p.apiKey.count(),
  ]);
  return { records, states, outbox, notices, purposes, apiKeys };
}
