import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from '@playwright/test';
import { createMarketingSender } from '../../packages/examples/marketing-sender.ts';
import { gql, mintSubjectToken, titleOf, uniqueSubjectId } from './support/assent-api.ts';
import { test } from './support/page-guards.ts';

// Withdrawal has to stop processing downstream, not only in Assent: the example marketing sender
// receives signed webhooks and must drop the person as soon as they switch marketing emails off.
test('withdrawing in the privacy center drops the person from the example marketing sender', async ({ page, request }) => {
  // The port must be known to register the webhook, and the secret to build the sender: listen first, then delegate.
  let sender: ReturnType<typeof createMarketingSender> | undefined;
  const lines: string[] = [];
  const front = http.createServer((req, res) => (sender ? sender.server.emit('request', req, res) : res.writeHead(503).end()));
  await new Promise<void>((r) => front.listen(0, '127.0.0.1', r));
  try {
    const port = (front.address() as AddressInfo).port;
    const hook = await gql<{ registerWebhook: { secret: string } }>(
      request,
      'mutation($i: WebhookInput!) { registerWebhook(input: $i) { secret } }',
      { i: { url: `http://127.0.0.1:${port}/assent`, purposeKeys: ['marketing-email'], eventTypes: ['CONSENT_GRANTED', 'CONSENT_WITHDRAWN'] } },
    );
    sender = createMarketingSender({ secret: hook.registerWebhook.secret, log: (l) => lines.push(l) });
    const audience = async () => ((await (await fetch(`http://127.0.0.1:${port}/audience`)).json()) as { subjects: string[] }).subjects;

    const subjectId = uniqueSubjectId('propagation');
    const { token } = await mintSubjectToken(request, subjectId);
    await page.goto(`/#token=${encodeURIComponent(token)}`);
    const marketing = page.getByRole('switch', { name: await titleOf(request, 'marketing-email') });

    await marketing.click();
    await expect(marketing).toBeChecked();
    await expect.poll(audience, { timeout: 10_000 }).toContain(subjectId);

    const clickedAt = Date.now();
    await marketing.click();
    await expect(marketing).not.toBeChecked();
    await expect.poll(audience, { timeout: 10_000 }).not.toContain(subjectId);
    // Reported, not asserted: timing belongs to `pnpm bench`.
    console.log(`withdrawal click → dropped by the marketing sender in ${Date.now() - clickedAt} ms`);
    expect(lines.filter((l) => l.endsWith(` ${subjectId}`))).toEqual([`+ ${subjectId}`, `- ${subjectId}`]);
  } finally {
    await new Promise<void>((r) => front.close(() => r()));
  }
});
