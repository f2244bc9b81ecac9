import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { counts, startTestServer, type TestServer } from './harness.ts';
import {
  addStaffAccount,
  disableStaffAccount,
  enrolStaffTotp,
  resetStaffPassword,
} from '../src/use-cases/staff-accounts.ts';
import { totpCodeAt } from '../src/services/staff-credentials.ts';
import { startStaffSession } from '../src/use-cases/staff-sessions.ts';

// Staff accounts and console sessions (#18): people sign in as themselves with a local account, get an HttpOnly,
// SameSite=Strict cookie scoped to /staff and a CSRF token bound to it, and what they record names them as the actor.

const PASSWORD = 'correct horse battery staple';
const GRANT = 'mutation($i: ConsentInput!) { grantConsent(input: $i) { id actor { kind id } } }';
const grantInput = (subjectId: string) => ({
  i: { subjectId, purposeKey: 'analytics', channel: 'OFFLINE', method: 'phone', evidence: { ticket: 'T-18' } },
});

interface Reply {
  status: number;
  headers: Headers;
  body: {
    signedIn?: boolean;
    csrfToken?: string;
    actor?: { id: string; role: string; displayName: string; via: string };
    reason?: string;
    data?: Record<string, unknown> | null;
    errors?: { message: string; extensions?: Record<string, unknown> }[];
  };
}

let s: TestServer;

async function http(
  method: string,
  path: string,
  opts: { body?: unknown; cookie?: string; csrf?: string; origin?: string } = {},
): Promise<Reply> {
  const headers: Record<string, string> = {};
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  if (opts.cookie) headers.cookie = opts.cookie;
  if (opts.csrf) headers['x-csrf-token'] = opts.csrf;
  if (opts.origin) headers.origin = opts.origin;
  const res = await fetch(`${s.url}${path}`, {
    method,
    headers,
    body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
    redirect: 'manual',
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? (JSON.parse(text) as Reply['body']) : {} };
}

/** Signs in and returns the cookie pair to send back and the session's CSRF token. */
async function signIn(email: string, password = PASSWORD, totpCode?: string) {
  const r = await http('POST', '/staff/session', { body: { email, password, totpCode } });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  const setCookie = r.headers.get('set-cookie')!;
  return { cookie: setCookie.split(';')[0]!, csrf: r.body.csrfToken!, setCookie, actor: r.body.actor! };
}

/** A query only staff may ask (ADMIN, SUPPORT): public queries would answer without a session. */
const STAFF_QUERY = '{ verifyLedger(subjectId: "nobody") { ok } }';

const staffGql = (session: { cookie?: string; csrf?: string }, query: string, variables?: unknown, origin?: string) =>
  http('POST', '/staff/graphql', { body: { query, variables }, ...session, ...(origin ? { origin } : {}) });

const deps = () => s.app.core.staff.sessions;
const sessionRows = () => s.app.core.db.prisma.staffSession.count();

let support: { id: string };
let admin: { id: string };

beforeAll(async () => {
  s = await startTestServer({ ASSENT_RATE_LIMIT_FAILED_AUTH: '20' });
  support = await addStaffAccount(deps(), { email: 'Sam@Support.example', role: 'SUPPORT', password: PASSWORD });
  admin = await addStaffAccount(deps(), { email: 'ada@admin.example', role: 'ADMIN', password: PASSWORD });
});
afterAll(async () => s?.close());

describe('local staff sign-in', () => {
  it('sets an HttpOnly, SameSite=Strict cookie scoped to /staff (not Secure over http) and says who is signed in', async () => {
    const { setCookie, cookie, csrf, actor } = await signIn('sam@support.example');
    expect(setCookie).toMatch(/^assent_staff=[\w-]{43};/);
    expect(setCookie).toContain('Path=/staff');
    expect(setCookie).toContain('HttpOnly');
    expect(setCookie).toContain('SameSite=Strict');
    expect(setCookie).not.toContain('Secure');
    expect(actor).toEqual({ id: support.id, role: 'SUPPORT', displayName: 'sam@support.example', via: 'password' });
    const me = await http('GET', '/staff/session', { cookie });
    expect(me.body).toMatchObject({ signedIn: true, actor: { id: support.id, role: 'SUPPORT' }, csrfToken: csrf });
    // The database keeps the token's hash, never the token.
    const token = cookie.split('=')[1]!;
    const rows = await s.app.core.db.prisma.staffSession.findMany();
    expect(rows.some((r) => r.tokenHash === token)).toBe(false);
  });

  it('a record made in the console names the staff account as its actor, not an API key', async () => {
    const session = await signIn('sam@support.example');
    const r = await staffGql(session, GRANT, grantInput('staff-actor-1'));
    expect(r.body.errors).toBeUndefined();
    expect((r.body.data as { grantConsent: { actor: unknown } }).grantConsent.actor).toEqual({
      kind: 'SUPPORT',
      id: support.id,
    });
  });

  it('the role is the account role: a SUPPORT session may not list API keys (FORBIDDEN), an ADMIN session may', async () => {
    const sam = await signIn('sam@support.example');
    expect((await staffGql(sam, '{ apiKeys { id } }')).body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const ada = await signIn('ada@admin.example');
    const r = await staffGql(ada, '{ apiKeys { id } }');
    expect(r.body.errors).toBeUndefined();
    expect(r.body.data).toEqual({ apiKeys: [] });
  });

  it('the cookie is only accepted on /staff/graphql: /graphql ignores it (API keys only there)', async () => {
    const { cookie } = await signIn('ada@admin.example');
    const res = await fetch(`${s.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie },
      body: JSON.stringify({ query: '{ apiKeys { id } }' }),
    });
    const body = (await res.json()) as Reply['body'];
    expect(body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('an unknown email and a wrong password get the same 401 answer; neither writes a session', async () => {
    const before = await sessionRows();
    const unknown = await http('POST', '/staff/session', { body: { email: 'nobody@x.example', password: PASSWORD } });
    const wrong = await http('POST', '/staff/session', {
      body: { email: 'sam@support.example', password: 'not it at all' },
    });
    expect(unknown.status).toBe(401);
    expect(wrong.status).toBe(401);
    expect(unknown.body).toEqual(wrong.body);
    expect(unknown.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(unknown.headers.get('set-cookie')).toBeNull();
    expect(await sessionRows()).toBe(before);
  });

  it('malformed sign-in input is refused with 400 BAD_USER_INPUT and writes nothing', async () => {
    const before = await sessionRows();
    for (const body of [
      {},
      { email: 'sam@support.example' },
      { email: 1, password: PASSWORD },
      { email: 'a@b.c', password: PASSWORD, totpCode: 5 },
    ]) {
      const r = await http('POST', '/staff/session', { body });
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    }
    expect(await sessionRows()).toBe(before);
  });

  it('a sign-in from another origin is refused with FORBIDDEN', async () => {
    const r = await http('POST', '/staff/session', {
      body: { email: 'sam@support.example', password: PASSWORD },
      origin: 'https://evil.example',
    });
    expect(r.status).toBe(403);
    expect(r.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});

describe('CSRF', () => {
  it('a cookie without the CSRF token is refused with 403 FORBIDDEN and nothing is written', async () => {
    const { cookie } = await signIn('sam@support.example');
    const before = await counts(s);
    const r = await staffGql({ cookie }, GRANT, grantInput('csrf-1'));
    expect(r.status).toBe(403);
    expect(r.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(r.body.errors?.[0]?.message).toMatch(/CSRF token/);
    expect(await counts(s)).toEqual(before);
  });

  it("another session's CSRF token does not fit this session", async () => {
    const mine = await signIn('sam@support.example');
    const theirs = await signIn('ada@admin.example');
    const before = await counts(s);
    const r = await staffGql({ cookie: mine.cookie, csrf: theirs.csrf }, GRANT, grantInput('csrf-2'));
    expect(r.status).toBe(403);
    expect(await counts(s)).toEqual(before);
  });

  it('a request from another Origin is refused even with the right token', async () => {
    const session = await signIn('sam@support.example');
    const before = await counts(s);
    const r = await staffGql(session, GRANT, grantInput('csrf-3'), 'https://evil.example');
    expect(r.status).toBe(403);
    expect(r.body.errors?.[0]?.message).toMatch(/Origin/);
    expect(await counts(s)).toEqual(before);
  });

  it('without a cookie /staff/graphql answers UNAUTHENTICATED', async () => {
    const r = await staffGql({}, STAFF_QUERY);
    expect(r.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('session lifetime', () => {
  it('sign-out ends the session: the cookie signs nobody in afterwards', async () => {
    const session = await signIn('sam@support.example');
    expect((await http('DELETE', '/staff/session', { cookie: session.cookie })).status).toBe(403);
    const out = await http('DELETE', '/staff/session', session);
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toContain('Max-Age=0');
    const r = await staffGql(session, STAFF_QUERY);
    expect(r.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect((await http('GET', '/staff/session', { cookie: session.cookie })).body.signedIn).toBe(false);
  });

  it('an expired session is refused with UNAUTHENTICATED saying it expired, and writes nothing', async () => {
    const session = await signIn('sam@support.example');
    await s.app.core.db.prisma.staffSession.updateMany({
      where: { revokedAt: null, actorId: support.id },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    const before = await counts(s);
    const r = await staffGql(session, GRANT, grantInput('expired-1'));
    expect(r.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(r.body.errors?.[0]?.message).toMatch(/expired/);
    expect(await counts(s)).toEqual(before);
    const me = await http('GET', '/staff/session', { cookie: session.cookie });
    expect(me.body).toMatchObject({ signedIn: false, reason: expect.stringMatching(/expired/) });
  });

  it('an idle session times out', async () => {
    const session = await signIn('ada@admin.example');
    await s.app.core.db.prisma.staffSession.updateMany({
      where: { revokedAt: null, actorId: admin.id },
      data: { lastSeenAt: new Date(Date.now() - 31 * 60_000) },
    });
    const r = await staffGql(session, STAFF_QUERY);
    expect(r.body.errors?.[0]?.message).toMatch(/timed out/);
  });

  it('a sign-in deletes sessions that ended more than 30 days ago, and keeps recent ones', async () => {
    const days = (n: number) => new Date(Date.now() - n * 86_400_000);
    const row = (id: string, at: { expiresAt: Date; lastSeenAt: Date; revokedAt?: Date }) => ({
      id,
      tokenHash: `hash-${id}`,
      accountId: admin.id,
      actorId: admin.id,
      role: 'ADMIN',
      displayName: 'ada@admin.example',
      via: 'password',
      createdAt: days(60),
      revokedAt: null,
      ...at,
    });
    await s.app.core.db.prisma.staffSession.createMany({
      data: [
        row('old-expired', { expiresAt: days(40), lastSeenAt: days(40) }),
        row('old-revoked', { expiresAt: days(-1), lastSeenAt: days(35), revokedAt: days(35) }),
        row('recent-revoked', { expiresAt: days(-1), lastSeenAt: days(2), revokedAt: days(2) }),
        row('recent-expired', { expiresAt: days(1), lastSeenAt: days(1) }),
      ],
    });
    await signIn('ada@admin.example');
    const left = await s.app.core.db.prisma.staffSession.findMany({
      where: { id: { in: ['old-expired', 'old-revoked', 'recent-revoked', 'recent-expired'] } },
      select: { id: true },
    });
    expect(left.map((r) => r.id).sort()).toEqual(['recent-expired', 'recent-revoked']);
  });
});

describe('TOTP and disabled accounts', () => {
  it('with TOTP enrolled, sign-in needs the current code: missing or wrong codes are refused', async () => {
    const account = await addStaffAccount(deps(), { email: 'tess@totp.example', role: 'SUPPORT', password: PASSWORD });
    const { secret, uri } = await enrolStaffTotp(deps(), { email: 'tess@totp.example' });
    expect(uri).toMatch(/^otpauth:\/\/totp\/Assent:tess%40totp\.example\?/);
    // Stored sealed under the KEK, never in clear.
    const row = await s.app.core.db.prisma.staffAccount.findUnique({ where: { id: account.id } });
    expect(row?.totpSecret).toMatch(/^kek1\./);
    expect(row?.totpSecret).not.toContain(secret);

    const before = await sessionRows();
    const missing = await http('POST', '/staff/session', { body: { email: 'tess@totp.example', password: PASSWORD } });
    expect(missing.status).toBe(401);
    expect(missing.body.errors?.[0]?.extensions).toMatchObject({ code: 'UNAUTHENTICATED', totpRequired: true });
    const current = totpCodeAt(secret, new Date());
    const wrongCode = String((Number(current) + 500_000) % 1_000_000).padStart(6, '0');
    const wrong = await http('POST', '/staff/session', {
      body: { email: 'tess@totp.example', password: PASSWORD, totpCode: wrongCode },
    });
    expect(wrong.status).toBe(401);
    expect(await sessionRows()).toBe(before);
    await signIn('tess@totp.example', PASSWORD, current);
  });

  it('each TOTP code signs in once: the same code again, or two sign-ins racing with it, open one session only', async () => {
    await addStaffAccount(deps(), { email: 'rita@totp.example', role: 'SUPPORT', password: PASSWORD });
    const { secret } = await enrolStaffTotp(deps(), { email: 'rita@totp.example' });
    const body = { email: 'rita@totp.example', password: PASSWORD, totpCode: totpCodeAt(secret, new Date()) };
    const before = await sessionRows();
    const raced = await Promise.all([1, 2, 3].map(() => http('POST', '/staff/session', { body })));
    expect(raced.map((r) => r.status).sort()).toEqual([201, 401, 401]);
    for (const r of raced.filter((x) => x.status === 401)) {
      expect(r.body.errors?.[0]?.extensions).toMatchObject({ code: 'UNAUTHENTICATED', totpRequired: true });
      expect(r.body.errors?.[0]?.message).toMatch(/already used/);
    }
    const again = await http('POST', '/staff/session', { body });
    expect(again.status).toBe(401);
    expect(await sessionRows()).toBe(before + 1);
    // The code of the next time step signs in.
    await signIn('rita@totp.example', PASSWORD, totpCodeAt(secret, new Date(Date.now() + 30_000)));
  });

  it('a new password (pnpm assent staff password) ends the open sessions; the old password no longer signs in, the new one does', async () => {
    await addStaffAccount(deps(), { email: 'pat@reset.example', role: 'SUPPORT', password: PASSWORD });
    const open = await signIn('pat@reset.example');
    const NEW = 'a-new-long-passphrase-for-pat';
    await resetStaffPassword(deps(), { email: 'pat@reset.example', password: NEW });
    const r = await staffGql(open, STAFF_QUERY);
    expect(r.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const old = await http('POST', '/staff/session', { body: { email: 'pat@reset.example', password: PASSWORD } });
    expect(old.status).toBe(401);
    await signIn('pat@reset.example', NEW);
    await expect(resetStaffPassword(deps(), { email: 'pat@reset.example', password: 'short' })).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
    });
    await expect(resetStaffPassword(deps(), { email: 'nobody@reset.example', password: NEW })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('a signed-in person changes their own password (POST /staff/password): every other session ends, theirs goes on under a new cookie', async () => {
    await addStaffAccount(deps(), { email: 'kim@self.example', role: 'SUPPORT', password: PASSWORD });
    const here = await signIn('kim@self.example');
    const elsewhere = await signIn('kim@self.example');
    const NEW = 'kim-chose-this-new-passphrase';
    const change = (body: unknown, session: { cookie?: string; csrf?: string } = here, origin?: string) =>
      http('POST', '/staff/password', { body, ...session, ...(origin ? { origin } : {}) });
    const account = () => s.app.core.db.prisma.staffAccount.findUniqueOrThrow({ where: { email: 'kim@self.example' } });
    const before = { sessions: await sessionRows(), hash: (await account()).passwordHash };
    const refusals: [unknown, { cookie?: string; csrf?: string }, string | undefined, number, string][] = [
      [{ currentPassword: 'not the password', newPassword: NEW }, here, undefined, 401, 'UNAUTHENTICATED'],
      [{ currentPassword: PASSWORD, newPassword: 'short' }, here, undefined, 400, 'BAD_USER_INPUT'],
      [{ currentPassword: PASSWORD, newPassword: PASSWORD }, here, undefined, 400, 'BAD_USER_INPUT'],
      [{ currentPassword: PASSWORD }, here, undefined, 400, 'BAD_USER_INPUT'],
      [{ currentPassword: PASSWORD, newPassword: NEW }, { cookie: here.cookie }, undefined, 403, 'FORBIDDEN'],
      [{ currentPassword: PASSWORD, newPassword: NEW }, here, 'https://evil.example', 403, 'FORBIDDEN'],
      [{ currentPassword: PASSWORD, newPassword: NEW }, {}, undefined, 401, 'UNAUTHENTICATED'],
    ];
    for (const [body, session, origin, status, code] of refusals) {
      const r = await change(body, session, origin);
      expect([r.status, r.body.errors?.[0]?.extensions?.code], JSON.stringify(body)).toEqual([status, code]);
      expect(r.headers.get('set-cookie')).toBeNull();
    }
    expect({ sessions: await sessionRows(), hash: (await account()).passwordHash }).toEqual(before);
    expect((await staffGql(elsewhere, STAFF_QUERY)).body.errors).toBeUndefined();

    const r = await change({ currentPassword: PASSWORD, newPassword: NEW });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ signedIn: true, actor: { displayName: 'kim@self.example', via: 'password' } });
    const renewed = { cookie: r.headers.get('set-cookie')!.split(';')[0]!, csrf: r.body.csrfToken! };
    expect(renewed.cookie).not.toBe(here.cookie);
    expect((await staffGql(renewed, STAFF_QUERY)).body.errors).toBeUndefined();
    for (const ended of [here, elsewhere])
      expect((await staffGql(ended, STAFF_QUERY)).body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(
      (await http('POST', '/staff/session', { body: { email: 'kim@self.example', password: PASSWORD } })).status,
    ).toBe(401);
    await signIn('kim@self.example', NEW);
  });

  it('a session whose account was disabled or given a new password while it was being opened is ended at once', async () => {
    // The race: a sign-in (or a password change) checked the account, then a disable or a new password committed
    // and ended the sessions that existed, then this session's row was written. The account is read again after it.
    const row = (email: string) => s.app.core.db.prisma.staffAccount.findUniqueOrThrow({ where: { email } });
    const who = (a: { id: string; email: string }) =>
      ({ accountId: a.id, actorId: a.id, role: 'SUPPORT', displayName: a.email, via: 'password' }) as const;
    const open = (accountId: string) =>
      s.app.core.db.prisma.staffSession.count({ where: { accountId, revokedAt: null } });

    await addStaffAccount(deps(), { email: 'race@disabled.example', role: 'SUPPORT', password: PASSWORD });
    const disabled = await row('race@disabled.example');
    await disableStaffAccount(deps(), { email: 'race@disabled.example' });
    await expect(
      startStaffSession(deps(), who(disabled), { passwordHash: disabled.passwordHash }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(await open(disabled.id)).toBe(0);

    await addStaffAccount(deps(), { email: 'race@changed.example', role: 'SUPPORT', password: PASSWORD });
    const changed = await row('race@changed.example');
    await resetStaffPassword(deps(), { email: 'race@changed.example', password: 'a-new-long-passphrase-here' });
    await expect(startStaffSession(deps(), who(changed), { passwordHash: changed.passwordHash })).rejects.toMatchObject(
      { code: 'UNAUTHENTICATED' },
    );
    expect(await open(changed.id)).toBe(0);
  });

  it('a disabled account cannot sign in (FORBIDDEN) and its open sessions end at once', async () => {
    await addStaffAccount(deps(), { email: 'dan@gone.example', role: 'SUPPORT', password: PASSWORD });
    const open = await signIn('dan@gone.example');
    await disableStaffAccount(deps(), { email: 'dan@gone.example' });
    const r = await staffGql(open, STAFF_QUERY);
    expect(r.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const before = await sessionRows();
    const again = await http('POST', '/staff/session', { body: { email: 'dan@gone.example', password: PASSWORD } });
    expect(again.status).toBe(403);
    expect(again.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(again.body.errors?.[0]?.message).toMatch(/disabled/);
    expect(await sessionRows()).toBe(before);
  });
});

describe('failed sign-ins spend the per-IP failed-authentication budget', () => {
  it('past the budget sign-in answers 429 RATE_LIMITED, even with the right password, and opens no session', async () => {
    let last: Reply | undefined;
    for (let i = 0; i < 25; i++) {
      last = await http('POST', '/staff/session', {
        body: { email: 'sam@support.example', password: `guess ${i} wrong` },
      });
      if (last.status === 429) break;
    }
    expect(last?.status).toBe(429);
    expect(last?.body.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
    expect(Number(last?.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    const before = await sessionRows();
    const right = await http('POST', '/staff/session', { body: { email: 'sam@support.example', password: PASSWORD } });
    expect(right.status).toBe(429);
    expect(await sessionRows()).toBe(before);
  });
});
