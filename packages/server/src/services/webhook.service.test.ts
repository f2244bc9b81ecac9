import { describe, expect, it } from 'vitest';
import type { Purpose } from '@assent/core';
import type { WebhookInfo, WebhookRepository } from '../db/webhook.repository.ts';
import type { CatalogCache } from './catalog.service.ts';
import type { Principal } from './auth.service.ts';
import { webhookService } from './webhook.service.ts';

const admin: Principal = { role: 'ADMIN', kind: 'ADMIN', id: 'bootstrap-admin', via: 'bootstrap' };
const purpose = { key: 'analytics', legalBasis: 'CONSENT' } as Purpose;
const catalog = { get: () => ({ purposeByKey: new Map([['analytics', purpose]]) }) } as unknown as CatalogCache;

/** A service over an in-memory repository and a fake resolver: no database, no DNS. */
function setup(addresses: Record<string, string[]>) {
  const created: WebhookInfo[] = [];
  const webhooks = {
    async create(input: {
      url: string;
      purposeKeys: string[];
      eventTypes: WebhookInfo['eventTypes'];
      createdAt: Date;
    }) {
      const w: WebhookInfo = { id: `w${created.length + 1}`, status: 'ACTIVE', disabledReason: null, ...input };
      created.push(w);
      return w;
    },
  } as unknown as WebhookRepository;
  const resolveHost = async (host: string) => {
    if (!addresses[host]) throw Object.assign(new Error('not found'), { code: 'ENOTFOUND' });
    return addresses[host]!;
  };
  return { created, service: webhookService({ webhooks, catalog, onChange: () => {}, resolveHost }) };
}
const codeOf = async (p: Promise<unknown>) =>
  p.then(
    () => 'ok',
    (e: { code?: string }) => e.code,
  );

describe('registerWebhook', () => {
  it('refuses a host name that resolves to a link-local or metadata address, and accepts one that does not resolve yet', async () => {
    const { service, created } = setup({
      'evil.example': ['93.184.216.34', '169.254.169.254'],
      'v6.example': ['fe80::1'],
      'good.example': ['10.1.2.3'],
    });
    expect(await codeOf(service.register(admin, { url: 'http://evil.example/hook' }))).toBe('BAD_USER_INPUT');
    expect(await codeOf(service.register(admin, { url: 'https://v6.example/hook' }))).toBe('BAD_USER_INPUT');
    expect(await codeOf(service.register(admin, { url: 'https://missing.example/hook' }))).toBe('ok');
    expect(await codeOf(service.register(admin, { url: 'https://good.example/hook' }))).toBe('ok');
    expect(created.map((w) => w.url)).toEqual(['https://missing.example/hook', 'https://good.example/hook']);
  });

  it('returns a whsec_ secret of 32 random bytes, defaults to every event type, and dedupes filters', async () => {
    const { service } = setup({ 'good.example': ['10.1.2.3'] });
    const a = await service.register(admin, { url: 'https://good.example/a', purposeKeys: ['analytics', 'analytics'] });
    const b = await service.register(admin, {
      url: 'https://good.example/b',
      eventTypes: ['NOTICE_PUBLISHED', 'NOTICE_PUBLISHED'],
    });
    expect(Buffer.from(a.secret.replace(/^whsec_/, ''), 'base64')).toHaveLength(32);
    expect(a.secret).not.toBe(b.secret);
    // Contract 1.1: every event type, the refused and erased events included.
    expect(a.webhook).toMatchObject({
      purposeKeys: ['analytics'],
      eventTypes: ['CONSENT_GRANTED', 'CONSENT_WITHDRAWN', 'NOTICE_PUBLISHED', 'CONSENT_REFUSED', 'SUBJECT_ERASED'],
    });
    expect(b.webhook).toMatchObject({ purposeKeys: [], eventTypes: ['NOTICE_PUBLISHED'] });
  });

  it('an empty eventTypes list is BAD_USER_INPUT, an unknown purpose NOT_FOUND, a non-admin FORBIDDEN', async () => {
    const { service } = setup({ 'good.example': ['10.1.2.3'] });
    expect(await codeOf(service.register(admin, { url: 'https://good.example/a', eventTypes: [] }))).toBe(
      'BAD_USER_INPUT',
    );
    expect(await codeOf(service.register(admin, { url: 'https://good.example/a', purposeKeys: ['nope'] }))).toBe(
      'NOT_FOUND',
    );
    expect(
      await codeOf(
        service.register(
          { role: 'SERVICE', kind: 'SERVICE', id: 'k', via: 'api-key' },
          { url: 'https://good.example/a' },
        ),
      ),
    ).toBe('FORBIDDEN');
  });
});
