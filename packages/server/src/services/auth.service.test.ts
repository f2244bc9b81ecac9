import { describe, expect, it } from 'vitest';
import type { AccessRepository } from '../db/access.repository.ts';
import { API_KEY_CACHE_MS, authService, hashSecret } from './auth.service.ts';

const SECRET = 'assent_sk_test-secret-0123456789';

function setup() {
  let clock = Date.parse('2026-11-30T00:00:00Z');
  const row = { id: 'key-1', role: 'SERVICE', secretHash: hashSecret(SECRET), revokedAt: null as Date | null };
  let lookups = 0;
  const access = {
    async findApiKeyBySecretHash(hash: string) {
      lookups += 1;
      return hash === row.secretHash ? { ...row } : null;
    },
    async touchApiKey() {},
  } as unknown as AccessRepository;
  const auth = authService({
    access,
    adminToken: 'admin-token-0123456789',
    subjectTokenSecret: 'x'.repeat(32),
    now: () => new Date(clock),
  });
  return { auth, row, lookups: () => lookups, advance: (ms: number) => void (clock += ms) };
}

describe('API-key authentication', () => {
  it('reads a key once per API_KEY_CACHE_MS, then again', async () => {
    const t = setup();
    for (let i = 0; i < 5; i++) expect((await t.auth.authenticate(`Bearer ${SECRET}`))?.id).toBe('key-1');
    expect(t.lookups()).toBe(1);
    t.advance(API_KEY_CACHE_MS + 1);
    await t.auth.authenticate(`Bearer ${SECRET}`);
    expect(t.lookups()).toBe(2);
  });

  it('a key revoked elsewhere is refused once the cached entry is older than API_KEY_CACHE_MS', async () => {
    const t = setup();
    await t.auth.authenticate(`Bearer ${SECRET}`);
    t.row.revokedAt = new Date();
    t.advance(API_KEY_CACHE_MS + 1);
    await expect(t.auth.authenticate(`Bearer ${SECRET}`)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    // Refusals are not cached: each attempt reads the key again.
    await expect(t.auth.authenticate(`Bearer ${SECRET}`)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(t.lookups()).toBe(3);
  });

  it('forgetApiKey (a revocation on this instance) takes effect on the next request', async () => {
    const t = setup();
    await t.auth.authenticate(`Bearer ${SECRET}`);
    t.row.revokedAt = new Date();
    t.auth.forgetApiKey('key-1');
    await expect(t.auth.authenticate(`Bearer ${SECRET}`)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('unknown keys are refused and never cached; the admin token is recognised', async () => {
    const t = setup();
    await expect(t.auth.authenticate('Bearer assent_sk_unknown')).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    await expect(t.auth.authenticate('Bearer assent_sk_unknown')).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(t.lookups()).toBe(2);
    expect((await t.auth.authenticate('Bearer admin-token-0123456789'))?.role).toBe('ADMIN');
    await expect(t.auth.authenticate('Bearer admin-token-012345678')).rejects.toMatchObject({
      code: 'UNAUTHENTICATED',
    });
  });
});

describe('subject tokens', () => {
  it('two tokens for one subject in the same second differ, each with its own jti', async () => {
    const t = setup();
    const a = await t.auth.issueSubjectToken('ada', 900);
    const b = await t.auth.issueSubjectToken('ada', 900);
    expect(a.token).not.toBe(b.token);
    const jti = (token: string) =>
      (JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { jti?: string }).jti;
    expect(jti(a.token)).toMatch(/^[0-9a-f-]{36}$/);
    expect(jti(a.token)).not.toBe(jti(b.token));
    expect((await t.auth.authenticate(`Bearer ${a.token}`))?.id).toBe('ada');
  });
});

describe('cachedPrincipal (the decide fast path)', () => {
  it('knows an API key only once authenticate accepted it, and for API_KEY_CACHE_MS', async () => {
    const t = setup();
    expect(t.auth.cachedPrincipal(`Bearer ${SECRET}`)).toBeUndefined();
    await t.auth.authenticate(`Bearer ${SECRET}`);
    expect(t.auth.cachedPrincipal(`Bearer ${SECRET}`)?.id).toBe('key-1');
    expect(t.lookups()).toBe(1);
    t.advance(API_KEY_CACHE_MS + 1);
    expect(t.auth.cachedPrincipal(`Bearer ${SECRET}`)).toBeUndefined();
  });

  it('never answers for the admin token, an unknown key, a forgotten key or another spelling of the header', async () => {
    const t = setup();
    await t.auth.authenticate('Bearer admin-token-0123456789');
    expect(t.auth.cachedPrincipal('Bearer admin-token-0123456789')).toBeUndefined();
    await expect(t.auth.authenticate('Bearer assent_sk_unknown')).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(t.auth.cachedPrincipal('Bearer assent_sk_unknown')).toBeUndefined();
    await t.auth.authenticate(`Bearer ${SECRET}`);
    for (const header of [`bearer ${SECRET}`, `Bearer  ${SECRET}`, `Bearer ${SECRET} `, SECRET, undefined])
      expect(t.auth.cachedPrincipal(header)).toBeUndefined();
    t.auth.forgetApiKey('key-1');
    expect(t.auth.cachedPrincipal(`Bearer ${SECRET}`)).toBeUndefined();
  });
});
