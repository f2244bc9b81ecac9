import { createServer, type AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import Provider from 'oidc-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { counts, startTestServer, type TestServer } from './harness.ts';

// Staff sign-in through OpenID Connect (#18), end to end against a real identity provider started here (the
// oidc-provider package, with its development login and consent pages), not a mock: GET /staff/login redirects to
// it, this test signs in on its forms like a browser, the callback opens a console session, and the console's
// GraphQL calls then run with the role from the assent_role claim and record the person as the actor.

const ROLES: Record<string, string | undefined> = { alice: 'ADMIN', sam: 'support', mallory: undefined };

let s: TestServer;
let idp: Server;
let issuer: string;

/** A port nothing listens on now (the app and the provider must know each other's address before either starts). */
async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const { port } = srv.address() as AddressInfo;
  await new Promise((resolve) => srv.close(resolve));
  return port;
}

/** A browser's cookie jar, enough for two hosts: name=value per host (paths ignored). */
class Jar {
  private readonly byHost = new Map<string, Map<string, string>>();
  header(url: URL): string {
    return [...(this.byHost.get(url.host) ?? new Map<string, string>())].map(([k, v]) => `${k}=${v}`).join('; ');
  }
  store(url: URL, res: Response): void {
    const cookies = this.byHost.get(url.host) ?? new Map<string, string>();
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      if (value === '' || /max-age=0/i.test(line)) cookies.delete(name);
      else cookies.set(name, value);
    }
    this.byHost.set(url.host, cookies);
  }
  get(host: string, name: string): string | undefined {
    return this.byHost.get(host)?.get(name);
  }
}

/** Requests like a browser: follows redirects by hand, keeping cookies; returns the last answer and its URL. */
async function browse(jar: Jar, start: string, init: { method?: string; form?: Record<string, string> } = {}) {
  let url = new URL(start);
  let method = init.method ?? 'GET';
  let body: string | undefined = init.form ? new URLSearchParams(init.form).toString() : undefined;
  for (let hops = 0; hops < 20; hops++) {
    const headers: Record<string, string> = { cookie: jar.header(url) };
    if (body) headers['content-type'] = 'application/x-www-form-urlencoded';
    const res = await fetch(url, { method, headers, body, redirect: 'manual' });
    jar.store(url, res);
    const location = res.headers.get('location');
    if (res.status >= 300 && res.status < 400 && location) {
      url = new URL(location, url);
      method = 'GET';
      body = undefined;
      continue;
    }
    return { res, url, text: await res.text() };
  }
  throw new Error('too many redirects');
}

/** The first form on a page: where it posts, and its hidden fields. */
function formOf(html: string, page: URL): { action: string; fields: Record<string, string> } {
  const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
  if (!action) throw new Error(`no form on ${page.href}: ${html.slice(0, 300)}`);
  const fields: Record<string, string> = {};
  for (const m of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"\/?>/g)) fields[m[1]!] = m[2]!;
  return { action: new URL(action, page).href, fields };
}

/** Signs in at the identity provider as `login`, from the console's "Sign in with …" link to the console. */
async function signInThroughIdp(jar: Jar, login: string) {
  const loginPage = await browse(jar, `${s.url}/staff/login`);
  expect(loginPage.url.origin).toBe(issuer);
  const form = formOf(loginPage.text, loginPage.url);
  const consentPage = await browse(jar, form.action, {
    method: 'POST',
    form: { ...form.fields, login, password: 'any' },
  });
  const consent = formOf(consentPage.text, consentPage.url);
  return browse(jar, consent.action, { method: 'POST', form: consent.fields });
}

beforeAll(async () => {
  const [appPort, idpPort] = [await freePort(), await freePort()];
  issuer = `http://127.0.0.1:${idpPort}`;
  const appUrl = `http://127.0.0.1:${appPort}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: 'assent-console',
        client_secret: 'a-client-secret-for-tests-only',
        redirect_uris: [`${appUrl}/staff/callback`],
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    claims: { openid: ['sub'], email: ['email'], profile: ['name', 'assent_role'] },
    findAccount: (_ctx, id) => ({
      accountId: id,
      claims: () => ({ sub: id, email: `${id}@idp.example`, name: id, assent_role: ROLES[id] }),
    }),
    features: { devInteractions: { enabled: true } },
    cookies: { keys: ['oidc-provider-test-key'] },
  });
  idp = provider.listen(idpPort, '127.0.0.1');
  s = await startTestServer({
    PORT: String(appPort),
    ASSENT_PUBLIC_URL: appUrl,
    ASSENT_OIDC_ISSUER: issuer,
    ASSENT_OIDC_CLIENT_ID: 'assent-console',
    ASSENT_OIDC_CLIENT_SECRET: 'a-client-secret-for-tests-only',
    ASSENT_OIDC_NAME: 'Example Corp',
  });
});
afterAll(async () => {
  await s?.close();
  await new Promise((resolve) => idp?.close(resolve));
});

describe('staff sign-in through OpenID Connect', () => {
  it('the console offers "Sign in with Example Corp" and no local sign-in', async () => {
    const r = (await (await fetch(`${s.url}/staff/session`)).json()) as Record<string, unknown>;
    expect(r).toEqual({
      signedIn: false,
      methods: { password: false, oidc: { name: 'Example Corp', url: '/staff/login' } },
    });
    const local = await fetch(`${s.url}/staff/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'a@b.example', password: 'whatever password' }),
    });
    expect(local.status).toBe(403);
  });

  it('signs in at the provider with PKCE and ends in a console session whose GraphQL calls run with the claimed role', async () => {
    const jar = new Jar();
    const end = await signInThroughIdp(jar, 'alice');
    expect(end.url.href).toBe(`${s.url}/staff/`);
    const appHost = new URL(s.url).host;
    const token = jar.get(appHost, 'assent_staff');
    expect(token).toBeTruthy();
    const cookie = `assent_staff=${token}`;
    const me = (await (await fetch(`${s.url}/staff/session`, { headers: { cookie } })).json()) as {
      actor: Record<string, string>;
      csrfToken: string;
    };
    expect(me.actor).toEqual({ id: 'oidc:alice', displayName: 'alice@idp.example', role: 'ADMIN', via: 'oidc' });

    const gql = async (query: string, variables?: unknown) =>
      (await (
        await fetch(`${s.url}/staff/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': me.csrfToken },
          body: JSON.stringify({ query, variables }),
        })
      ).json()) as { data?: Record<string, unknown>; errors?: unknown[] };
    // ADMIN-only, then a record that names the person.
    expect((await gql('{ apiKeys { id } }')).errors).toBeUndefined();
    const grant = await gql('mutation($i: ConsentInput!) { grantConsent(input: $i) { actor { kind id } } }', {
      i: {
        subjectId: 'oidc-subject',
        purposeKey: 'analytics',
        channel: 'OFFLINE',
        method: 'phone',
        evidence: { call: 1 },
      },
    });
    expect(grant.data).toEqual({ grantConsent: { actor: { kind: 'ADMIN', id: 'oidc:alice' } } });
  });

  it('a SUPPORT claim gives a SUPPORT session (ADMIN operations are FORBIDDEN)', async () => {
    const jar = new Jar();
    await signInThroughIdp(jar, 'sam');
    const cookie = `assent_staff=${jar.get(new URL(s.url).host, 'assent_staff')}`;
    const me = (await (await fetch(`${s.url}/staff/session`, { headers: { cookie } })).json()) as {
      actor: { role: string };
      csrfToken: string;
    };
    expect(me.actor.role).toBe('SUPPORT');
    const r = (await (
      await fetch(`${s.url}/staff/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': me.csrfToken },
        body: JSON.stringify({ query: '{ apiKeys { id } }' }),
      })
    ).json()) as { errors?: { extensions: { code: string } }[] };
    expect(r.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    // The identity provider keeps a single-sign-on user's password: the console's password change is refused.
    const change = await fetch(`${s.url}/staff/password`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': me.csrfToken },
      body: JSON.stringify({ currentPassword: 'anything', newPassword: 'a-long-enough-new-passphrase' }),
    });
    expect(change.status).toBe(403);
    expect(((await change.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe(
      'FORBIDDEN',
    );
  });

  it('a user without a staff role in the claim is refused (403 FORBIDDEN) and no session is opened', async () => {
    const before = await s.app.core.db.prisma.staffSession.count();
    const ledger = await counts(s);
    const jar = new Jar();
    const end = await signInThroughIdp(jar, 'mallory');
    expect(end.res.status).toBe(403);
    expect(JSON.parse(end.text)).toMatchObject({ errors: [{ extensions: { code: 'FORBIDDEN' } }] });
    expect(jar.get(new URL(s.url).host, 'assent_staff')).toBeUndefined();
    expect(await s.app.core.db.prisma.staffSession.count()).toBe(before);
    expect(await counts(s)).toEqual(ledger);
  });

  it('a callback that this browser did not start (no login cookie) is refused with UNAUTHENTICATED', async () => {
    const r = await fetch(`${s.url}/staff/callback?code=forged&state=forged`, { redirect: 'manual' });
    expect(r.status).toBe(401);
    expect(((await r.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe(
      'UNAUTHENTICATED',
    );
  });
});
