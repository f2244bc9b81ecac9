import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCore, type Core } from '../src/composition-root.ts';
import { isSealed } from '../src/crypto/key-encryption.ts';
import { openDatabase } from '../src/db/client.ts';
import { migrate } from '../src/db/migrate.ts';
import { parseEnv } from '../src/env.ts';
import { createLogger } from '../src/logger.ts';
import { freshDatabase, suiteKind } from './harness.ts';

const PLAIN_SUBJECT_SECRET = 'plain-subject-token-secret-from-before-sealing-0123';
const PLAIN_WEBHOOK_SECRET = 'whsec_' + Buffer.alloc(32, 7).toString('base64');
const PLAIN_UNSUBSCRIBE_SECRET = 'plain-unsubscribe-link-secret-from-before-sealing-01';

describe(`secrets at rest on ${suiteKind}`, () => {
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  const env = () =>
    parseEnv({
      NODE_ENV: 'test',
      DATABASE_URL: db.url,
      ASSENT_ADMIN_TOKEN: 'secrets-admin-token-0123456789',
      LOG_LEVEL: 'silent',
    });
  const open = () => openCore(env(), { seed: false, logger: createLogger('silent') });
  const settings = async (core: Core) =>
    Object.fromEntries((await core.db.prisma.setting.findMany()).map((r) => [r.key, r.value] as const));

  beforeAll(async () => {
    // A database as an earlier version left it: the generated secrets stored in clear.
    db = await freshDatabase();
    await migrate(db.url);
    const plain = await openDatabase(db.url);
    await plain.prisma.setting.createMany({
      data: [
        { key: 'subject-token-secret', value: PLAIN_SUBJECT_SECRET },
        { key: 'unsubscribe-link-secret', value: PLAIN_UNSUBSCRIBE_SECRET },
      ],
    });
    await plain.prisma.webhook.create({
      data: {
        id: 'old-webhook',
        url: 'http://127.0.0.1:9/hook',
        purposeKeys: '[]',
        eventTypes: '["CONSENT_GRANTED"]',
        secret: PLAIN_WEBHOOK_SECRET,
        status: 'ACTIVE',
        createdAt: new Date(),
        afterSeq: 0,
      },
    });
    await plain.close();
  });
  afterAll(async () => db?.drop());

  it('on start, secrets stored in clear are sealed in place under the master key, bound to their setting, and keep their value', async () => {
    const core = await open();
    try {
      const stored = await settings(core);
      expect(isSealed(stored['subject-token-secret']!)).toBe(true);
      expect(isSealed(stored['unsubscribe-link-secret']!)).toBe(true);
      expect(JSON.stringify(stored)).not.toContain(PLAIN_SUBJECT_SECRET);
      expect(core.kek.openText(stored['subject-token-secret']!, 'setting:subject-token-secret')).toBe(
        PLAIN_SUBJECT_SECRET,
      );
      expect(core.kek.openText(stored['unsubscribe-link-secret']!, 'setting:unsubscribe-link-secret')).toBe(
        PLAIN_UNSUBSCRIBE_SECRET,
      );
      // Bound to its setting: the subject-token secret does not open as the unsubscribe secret.
      expect(() => core.kek.open(stored['subject-token-secret']!, 'setting:unsubscribe-link-secret')).toThrow();
      // Tokens signed with the secret from before still authenticate.
      const { token } = await core.auth.issueSubjectToken('upgraded-subject', 600);
      expect(await core.auth.authenticate(`Bearer ${token}`)).toMatchObject({
        role: 'SUBJECT',
        subjectId: 'upgraded-subject',
      });
    } finally {
      await core.close();
    }
  });

  it('a webhook secret stored in clear is sealed in place, bound to its webhook, and still signs with the same value', async () => {
    const core = await open();
    try {
      const row = await core.db.prisma.webhook.findUniqueOrThrow({ where: { id: 'old-webhook' } });
      expect(isSealed(row.secret)).toBe(true);
      expect(core.kek.openText(row.secret, 'webhook-secret:old-webhook')).toBe(PLAIN_WEBHOOK_SECRET);
      expect(() => core.kek.open(row.secret, 'webhook-secret:another-webhook')).toThrow();
    } finally {
      await core.close();
    }
  });

  it('starting again changes nothing (sealing is idempotent)', async () => {
    const first = await open();
    const before = await settings(first);
    const webhookBefore = await first.db.prisma.webhook.findMany();
    await first.close();
    const second = await open();
    try {
      expect(await settings(second)).toEqual(before);
      expect(await second.db.prisma.webhook.findMany()).toEqual(webhookBefore);
    } finally {
      await second.close();
    }
  });

  it('a new database generates its secrets sealed', async () => {
    const fresh = await freshDatabase();
    const core = await openCore(
      parseEnv({
        NODE_ENV: 'test',
        DATABASE_URL: fresh.url,
        ASSENT_ADMIN_TOKEN: 'secrets-admin-token-0123456789',
        LOG_LEVEL: 'silent',
      }),
      { seed: false, logger: createLogger('silent') },
    );
    try {
      const stored = await settings(core);
      expect(Object.keys(stored).sort()).toEqual([
        'staff-csrf-secret',
        'subject-pseudonym-key',
        'subject-token-secret',
        'unsubscribe-link-secret',
      ]);
      expect(Object.values(stored).every(isSealed)).toBe(true);
      const { secret } = await core.service.webhooks.register(
        { role: 'ADMIN', kind: 'ADMIN', id: 'test', via: 'bootstrap' },
        { url: 'http://127.0.0.1:9/new', eventTypes: ['CONSENT_GRANTED'], purposeKeys: [] },
      );
      const [row] = await core.db.prisma.webhook.findMany();
      expect(isSealed(row!.secret)).toBe(true);
      expect(row!.secret).not.toContain(secret.slice(6));
      expect(core.kek.openText(row!.secret, `webhook-secret:${row!.id}`)).toBe(secret);
    } finally {
      await core.close();
      await fresh.drop();
    }
  });
});
