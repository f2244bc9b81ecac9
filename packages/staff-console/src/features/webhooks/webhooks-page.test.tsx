import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { graphqlError } from '@assent/web-kit/test';
import { adminRole, renderApp } from '../../test/render-app';

const webhook = {
  id: 'wh-1',
  url: 'https://crm.example.com/hooks/assent',
  purposeKeys: [],
  eventTypes: ['CONSENT_GRANTED', 'CONSENT_WITHDRAWN'],
  status: 'ACTIVE',
  disabledReason: null,
  createdAt: '2026-11-01T09:00:00.000Z',
};

describe('WebhooksPage', () => {
  it('explains FORBIDDEN to a Support key', async () => {
    renderApp({ route: { page: 'webhooks' }, api: { Webhooks: () => graphqlError('FORBIDDEN') } });
    expect((await screen.findByTestId('forbidden')).textContent).toContain('Managing webhooks needs an Admin key');
  });

  it('says clearly when the server cannot answer, and offers a retry', async () => {
    renderApp({
      route: { page: 'webhooks' },
      api: { ...adminRole, Webhooks: () => graphqlError('INTERNAL_SERVER_ERROR', 'Unexpected error.') },
    });
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Could not load the webhooks. The server hit an unexpected error');
    expect(alert.textContent).not.toContain('not finished');
    expect(within(alert).getByRole('button', { name: /try again|retry/i })).toBeTruthy();
  });

  it('lists webhooks, shows the delivery log with status and attempts, and replays', async () => {
    const user = userEvent.setup();
    const { sent } = renderApp({
      route: { page: 'webhooks' },
      api: {
        ...adminRole,
        Webhooks: () => ({ data: { webhooks: [webhook] } }),
        WebhookDeliveries: () => ({
          data: {
            webhookDeliveries: [
              {
                id: 'd1',
                eventId: 'ev-1',
                eventType: 'CONSENT_GRANTED',
                status: 'FAILED',
                attempts: 3,
                lastAttemptAt: '2026-11-29T09:00:00.000Z',
                lastResponseStatus: 503,
                nextAttemptAt: '2026-11-29T09:30:00.000Z',
              },
            ],
          },
        }),
        ReplayWebhookDeliveries: () => ({ data: { replayWebhookDeliveries: 4 } }),
      },
    });

    const item = (await screen.findByRole('heading', { name: webhook.url })).closest('li')!;
    expect(item.textContent).toContain('Active');
    await user.click(within(item).getByRole('button', { name: 'Delivery log' }));
    const row = await within(item).findByRole('row', { name: /Consent granted/ });
    expect(row.textContent).toContain('Failed, will retry');
    expect(row.textContent).toContain('3');
    expect(row.textContent).toContain('HTTP 503');

    await user.type(within(item).getByLabelText('Replay events since'), '2026-11-01T00:00');
    await user.click(within(item).getByRole('button', { name: 'Replay' }));
    expect(await within(item).findByText('Queued 4 deliveries again.')).toBeTruthy();
    expect(sent.find((request) => request.operationName === 'ReplayWebhookDeliveries')?.variables).toEqual({
      webhookId: 'wh-1',
      since: new Date('2026-11-01T00:00').toISOString(),
    });
  });

  it('registers a webhook and shows its signing secret once', async () => {
    const user = userEvent.setup();
    const { sent } = renderApp({
      route: { page: 'webhooks' },
      api: {
        ...adminRole,
        Webhooks: () => ({ data: { webhooks: [] } }),
        RegisterWebhook: () => ({ data: { registerWebhook: { webhook, secret: 'whsec_abc' } } }),
      },
    });

    await user.type(await screen.findByLabelText('URL'), webhook.url);
    await user.click(screen.getByRole('checkbox', { name: 'Notice published' }));
    await user.click(screen.getByRole('checkbox', { name: 'Marketing emails' }));
    await user.click(screen.getByRole('button', { name: 'Register webhook' }));

    expect(within(await screen.findByTestId('secret-once')).getByDisplayValue('whsec_abc')).toBeTruthy();
    expect(sent.find((request) => request.operationName === 'RegisterWebhook')?.variables).toEqual({
      input: {
        url: webhook.url,
        eventTypes: ['CONSENT_GRANTED', 'CONSENT_WITHDRAWN', 'CONSENT_REFUSED', 'SUBJECT_ERASED'],
        purposeKeys: ['marketing-email'],
      },
    });
  });
});
