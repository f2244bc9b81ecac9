import { afterAll, describe, expect, it } from 'vitest';
import { startTestServer, suiteKind } from './harness.ts';
import { consentInput, Q, sleep, startReceiver, waitFor, type Receiver } from './propagation-helpers.ts';

const receivers: Receiver[] = [];
afterAll(async () => {
  await Promise.all(receivers.map((r) => r.close()));
});

describe(`automatic disabling on ${suiteKind}`, () => {
  it('a webhook whose every delivery fails for the configured time is DISABLED with a reason; its deliveries wait until enableWebhook', async () => {
    const t = await startTestServer({
      ASSENT_WEBHOOK_RETRY_SCHEDULE: '1,1,1,1,1,1,1,1,1,1',
      ASSENT_WEBHOOK_DISABLE_AFTER_SECONDS: '2',
    });
    try {
      let healthy = false;
      const rec = await startReceiver(() => (healthy ? 200 : 500));
      receivers.push(rec);
      const { webhook } = (
        await t.gql<{ registerWebhook: { webhook: { id: string } } }>(Q.register, { i: { url: rec.url } })
      ).data!.registerWebhook;
      await t.gql(Q.grant, { i: consentInput('failing-subject', 'analytics') });
      const disabled = await waitFor(
        'auto-disable',
        async () => {
          const list = (
            await t.gql<{ webhooks: { id: string; status: string; disabledReason: string | null }[] }>(Q.webhooks)
          ).data!.webhooks;
          return list.find((w) => w.id === webhook.id && w.status === 'DISABLED');
        },
        15_000,
      );
      expect(disabled.disabledReason).toMatch(/failed/);
      const attempts = rec.requests.length;
      // Disabled by a failed attempt or by the dispatcher's periodic check, whichever saw the period pass first.
      expect(attempts).toBeGreaterThanOrEqual(1);
      await sleep(2000);
      expect(rec.requests).toHaveLength(attempts);
      const [d] = (
        await t.gql<{ webhookDeliveries: { status: string; attempts: number }[] }>(Q.deliveries, { id: webhook.id })
      ).data!.webhookDeliveries;
      expect(d).toMatchObject({ status: 'FAILED', attempts });

      healthy = true;
      await t.gql(Q.enable, { id: webhook.id });
      await waitFor('the waiting delivery sent after enabling', () => rec.delivered().length === 1, 10_000);
      const list = (await t.gql<{ webhooks: { id: string; status: string }[] }>(Q.webhooks)).data!.webhooks;
      expect(list.find((w) => w.id === webhook.id)?.status).toBe('ACTIVE');
    } finally {
      await t.close();
    }
  });

  it('is DISABLED once the period has passed even while its next retry is far off (no attempt needed)', async () => {
    const t = await startTestServer({
      ASSENT_WEBHOOK_RETRY_SCHEDULE: '3600',
      ASSENT_WEBHOOK_DISABLE_AFTER_SECONDS: '2',
    });
    try {
      const rec = await startReceiver(() => 500);
      receivers.push(rec);
      const { webhook } = (
        await t.gql<{ registerWebhook: { webhook: { id: string } } }>(Q.register, { i: { url: rec.url } })
      ).data!.registerWebhook;
      await t.gql(Q.grant, { i: consentInput('slow-retry-subject', 'analytics') });
      const disabled = await waitFor(
        'auto-disable without a second attempt',
        async () =>
          (
            await t.gql<{ webhooks: { id: string; status: string; disabledReason: string | null }[] }>(Q.webhooks)
          ).data!.webhooks.find((w) => w.id === webhook.id && w.status === 'DISABLED'),
        15_000,
      );
      expect(disabled.disabledReason).toMatch(/Every delivery failed from/);
      expect(rec.requests).toHaveLength(1);
    } finally {
      await t.close();
    }
  });
});
