import { execFileSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, type APIRequestContext } from '@playwright/test';
import { test } from './support/page-guards';

// Staff sign in as themselves (#18): an account made with `pnpm assent staff add`, email and password in the console,
// a record made in the console names the account as its actor, and sign-out ends the session on the server.

test.use({ locale: 'en-US', timezoneId: 'UTC' });

const ADMIN_TOKEN = process.env.ASSENT_ADMIN_TOKEN ?? 'e2e-admin-token-0001';
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const PASSWORD = 'e2e staff password, long enough';

/** Adds a local staff account through the CLI, against the server's database; returns its id. */
function addStaffAccount(email: string, role: 'SUPPORT' | 'ADMIN'): string {
  const out = execFileSync('pnpm', ['assent', 'staff', 'add', email, '--role', role, '--password-stdin'], {
    cwd: repoRoot,
    input: `${PASSWORD}\n`,
    env: { ...process.env, LOG_LEVEL: 'error', ASSENT_SKIP_WEB_BUILD: '1' },
    encoding: 'utf8',
  });
  const id = /id (staff_[\w-]+)/.exec(out)?.[1];
  if (!id) throw new Error(`staff add printed no id: ${out}`);
  return id;
}

async function gql<T>(request: APIRequestContext, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const response = await request.post('/graphql', {
    data: { query, variables },
    headers: { Authorization: `Bearer ${ADMIN_TOKEN}` },
  });
  const body = (await response.json()) as { data?: T; errors?: unknown[] };
  expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
  return body.data as T;
}

test('a support agent signs in with a local account; what they record names them; sign-out ends the session', async ({
  page,
  request,
}) => {
  test.setTimeout(120_000);
  const email = `e2e-agent-${Date.now()}@example.org`;
  const accountId = addStaffAccount(email, 'SUPPORT');
  const subjectId = `e2e-signin-${Date.now()}`;
  await gql(request, 'mutation G($i: ConsentInput!) { grantConsent(input: $i) { id } }', {
    i: { subjectId, purposeKey: 'marketing-email', channel: 'API', method: 'e2e/seed', evidence: { seed: 'e2e' } },
  });

  await page.goto('/staff/');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Sign in');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('role')).toHaveText(`Signed in as ${email} (Support)`);
  // The session is an HttpOnly cookie: the page cannot read it, and keeps nothing in storage.
  expect(await page.evaluate(() => document.cookie)).toBe('');
  expect(await page.evaluate(() => sessionStorage.length + localStorage.length)).toBe(0);
  const cookies = await page.context().cookies();
  const session = cookies.find((c) => c.name === 'assent_staff');
  expect(session).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/staff' });

  // An offline refusal recorded in the console: a mutation over /staff/graphql with the CSRF header.
  await page.getByLabel('Subject ID').fill(subjectId);
  await page.getByRole('button', { name: 'Find subject' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Subject ${subjectId}`);
  await page.getByRole('button', { name: 'Record consent given or withdrawn offline' }).click();
  const form = page.getByRole('form', { name: 'Offline decision' });
  await form.getByRole('radio', { name: 'Said no' }).check();
  await form.getByLabel('Purpose').selectOption('research');
  await form.getByLabel('Reference number (evidence)').fill('CALL-18');
  await form.getByLabel('Note (evidence)').fill('Asked on the phone; said no to surveys.');
  await form.getByRole('button', { name: 'Review' }).click();
  await page.getByRole('button', { name: 'Record refusal' }).click();
  await expect(page.getByText(/Recorded: said no \(refused\) for Research and surveys/)).toBeVisible();

  const { consentHistory } = await gql<{
    consentHistory: { edges: { node: { actor: { kind: string; id: string } } }[] };
  }>(request, 'query H($s: ID!) { consentHistory(subjectId: $s) { edges { node { actor { kind id } } } } }', {
    s: subjectId,
  });
  expect(consentHistory.edges.map((e) => e.node.actor)).toEqual(
    expect.arrayContaining([
      { kind: 'ADMIN', id: 'bootstrap-admin' },
      { kind: 'SUPPORT', id: accountId },
    ]),
  );

  // Their own new password, from the header's "Your account": the session goes on under a new cookie and CSRF token.
  await page.getByRole('link', { name: 'Your account' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Your account');
  await page.getByLabel('Current password').fill(PASSWORD);
  await page.getByLabel('New password', { exact: true }).fill(`${PASSWORD}, changed`);
  await page.getByLabel('New password again').fill(`${PASSWORD}, changed`);
  await page.getByRole('button', { name: 'Change password' }).click();
  await expect(page.getByRole('status')).toContainText('Your password was changed');
  await expect(page.getByRole('status')).toBeFocused();
  const renewed = (await page.context().cookies()).find((c) => c.name === 'assent_staff');
  expect(renewed?.value).not.toBe(session?.value);
  await page.getByRole('link', { name: 'Subjects' }).click();
  await page.getByLabel('Subject ID').fill(subjectId);
  await page.getByRole('button', { name: 'Find subject' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Subject ${subjectId}`);

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Sign in');
  await page.reload();
  await expect(page.getByLabel('Email')).toBeVisible();
  expect((await page.context().cookies()).find((c) => c.name === 'assent_staff')).toBeUndefined();
});
