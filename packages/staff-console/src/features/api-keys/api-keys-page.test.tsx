import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { graphqlError } from '@assent/web-kit/test';
import { adminRole, renderApp } from '../../test/render-app';

const keys = [
  {
    id: 'key-1',
    role: 'SUPPORT',
    name: 'Support — Anna',
    createdAt: '2026-11-01T09:00:00.000Z',
    revokedAt: null,
    lastUsedAt: '2026-11-29T08:00:00.000Z',
  },
  {
    id: 'key-2',
    role: 'SERVICE',
    name: 'billing-service',
    createdAt: '2026-10-01T09:00:00.000Z',
    revokedAt: '2026-11-02T09:00:00.000Z',
    lastUsedAt: null,
  },
];

describe('ApiKeysPage', () => {
  it('a Support key sees why the page is not available, not a blank page', async () => {
    renderApp({
      route: { page: 'api-keys' },
      api: { ApiKeys: () => graphqlError('FORBIDDEN', 'The SUPPORT role may not do this.') },
    });
    expect(await screen.findByRole('heading', { level: 1, name: 'API keys' })).toBeTruthy();
    expect((await screen.findByTestId('forbidden')).textContent).toMatch(
      /Not available with a Support key.*Managing API keys needs an Admin key.*FORBIDDEN/,
    );
    expect(screen.queryByRole('button', { name: 'Create key' })).toBeNull();
  });

  it('lists keys with role, use and state', async () => {
    renderApp({ route: { page: 'api-keys' }, api: { ...adminRole, ApiKeys: () => ({ data: { apiKeys: keys } }) } });
    const anna = await screen.findByRole('row', { name: /Support — Anna/ });
    expect(anna.textContent).toContain('Active');
    expect(screen.getByRole('row', { name: /billing-service/ }).textContent).toContain('Revoked');
    expect(within(screen.getByRole('row', { name: /billing-service/ })).queryByRole('button')).toBeNull();
  });

  it('creates a key and shows its secret once', async () => {
    const user = userEvent.setup();
    const { sent } = renderApp({
      route: { page: 'api-keys' },
      api: {
        ...adminRole,
        ApiKeys: () => ({ data: { apiKeys: keys } }),
        CreateApiKey: () => ({
          data: { createApiKey: { id: 'key-3', role: 'SUPPORT', name: 'Support — Ben', secret: 'assent_sk_once' } },
        }),
      },
    });

    await user.type(await screen.findByLabelText('Name'), 'Support — Ben');
    await user.click(screen.getByRole('button', { name: 'Create key' }));

    const secret = await screen.findByTestId('secret-once');
    expect(within(secret).getByDisplayValue('assent_sk_once')).toBeTruthy();
    expect(secret.textContent).toContain('shown only this once');
    expect(sent.find((request) => request.operationName === 'CreateApiKey')?.variables).toEqual({
      role: 'SUPPORT',
      name: 'Support — Ben',
    });

    await user.click(within(secret).getByRole('button', { name: 'I have stored it' }));
    expect(screen.queryByDisplayValue('assent_sk_once')).toBeNull();
    // The secret's panel is gone: focus is back on the form, ready for the next key.
    await waitFor(() => expect(document.activeElement).toBe(screen.getByLabelText('Name')));
  });

  it('revokes a key after confirmation', async () => {
    const user = userEvent.setup();
    const { sent } = renderApp({
      route: { page: 'api-keys' },
      api: {
        ...adminRole,
        ApiKeys: () => ({ data: { apiKeys: keys } }),
        RevokeApiKey: () => ({ data: { revokeApiKey: { id: 'key-1', revokedAt: '2026-11-29T09:00:00.000Z' } } }),
      },
    });

    await user.click(await screen.findByRole('button', { name: 'Revoke Support — Anna…' }));
    expect(sent.some((request) => request.operationName === 'RevokeApiKey')).toBe(false);
    // Focus follows the confirmation, and Cancel brings it back to the button.
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('group', { name: /Revoke Support/ })));
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    await waitFor(() =>
      expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Revoke Support — Anna…' })),
    );
    await user.click(screen.getByRole('button', { name: 'Revoke Support — Anna…' }));
    await user.click(screen.getByRole('button', { name: 'Revoke key' }));

    await waitFor(() =>
      expect(sent.find((request) => request.operationName === 'RevokeApiKey')?.variables).toEqual({ id: 'key-1' }),
    );
  });
});
