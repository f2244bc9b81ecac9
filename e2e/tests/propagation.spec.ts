import { expect } from '@playwright/test';
import { createAssentClient } from '@assent/client';
import { createMarketingSender, type Email } from '../../packages/examples/marketing-sender.ts';
import { gql, mintSubjectToken, titleOf, uniqueSubjectId } from './support/assent-api.ts';
import { test } from './support/page-guards.ts';

// Withdrawal has to stop processing downstream, not only in Assent: the example marketing sender asks
// Assent (through @assent/client) before every send, so the next campaign after a withdrawal in the
// privacy center skips the person.
test('withdrawing in the privacy center makes the example marketing sender skip the person', async ({
  page,
  request,
  baseURL,
}) => {
  const key = await gql<{ createApiKey: { secret: string } }>(
    request,
    'mutation { createApiKey(role: SERVICE, name: "e2e marketing sender") { secret } }',
  );
  const client = createAssentClient({ url: `${baseURL}/graphql`, token: key.createApiKey.secret });
  const sent: Email[] = [];
  const sender = createMarketingSender({ client, mailer: { send: async (e) => void sent.push(e) }, log: () => {} });

  const subjectId = uniqueSubjectId('propagation');
  const recipients = [{ subjectId, email: `${subjectId}@example.com` }];
  const campaign = { subject: 'News', text: 'Hello.' };
  const { token } = await mintSubjectToken(request, subjectId);
  await page.goto(`/#token=${encodeURIComponent(token)}`);
  const marketing = page.getByRole('switch', { name: await titleOf(request, 'marketing-email') });

  // The switch turns as soon as it is clicked; a choice is in the ledger once its answer arrives.
  const answerTo = (mutation: string) =>
    page.waitForResponse((r) => r.url().endsWith('/graphql') && (r.request().postData() ?? '').includes(mutation));
  const grantAnswered = answerTo('grantConsent');
  await marketing.click();
  await expect(marketing).toBeChecked();
  expect((await grantAnswered).ok()).toBe(true);
  const granted = await sender.sendCampaign(recipients, campaign);
  // Granted: not skipped for a consent reason. (Until the server has issueUnsubscribeLink the send
  // itself is skipped for want of an unsubscribe link; then every email sent carries the headers.)
  expect(granted.skipped.filter((s) => s.reason.startsWith('CONSENT_') || s.reason === 'NO_CONSENT')).toEqual([]);
  for (const e of sent) expect(e.headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');

  const clickedAt = Date.now();
  const answered = answerTo('withdrawConsent');
  await marketing.click();
  await expect(marketing).not.toBeChecked();
  expect((await answered).ok()).toBe(true);
  const before = sent.length;
  const withdrawn = await sender.sendCampaign(recipients, campaign);
  // Reported, not asserted: timing belongs to `pnpm bench`.
  console.log(`withdrawal click → skipped by the marketing sender in ${Date.now() - clickedAt} ms`);
  expect(withdrawn).toEqual({ sent: [], skipped: [{ subjectId, reason: 'CONSENT_WITHDRAWN' }] });
  expect(sent.length).toBe(before);
});
