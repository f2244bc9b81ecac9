import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { type GraphQLBody, graphqlError } from '@assent/web-kit/test';
import { renderApp } from '../../test/render-app';
import { fakeSubject } from '../../test/fake-subject';
import { meAllDecided, meFixture, record } from '../../test/fixtures';

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((done) => (resolve = done));
  return { promise, resolve };
}

describe('ConsentList', () => {
  it('leaves switches unticked for NOT_GIVEN and WITHDRAWN, ticked only for GRANTED', async () => {
    renderApp();

    const offers = await screen.findByRole<HTMLInputElement>('switch', { name: 'Tailored offers' });
    const analytics = screen.getByRole<HTMLInputElement>('switch', { name: 'Product analytics' });
    const newsletter = screen.getByRole<HTMLInputElement>('switch', { name: 'Newsletter' });

    expect(offers.checked).toBe(false);
    expect(analytics.checked).toBe(false);
    expect(newsletter.checked).toBe(true);
    expect(offers.type).toBe('checkbox');
    expect(screen.getAllByRole('switch')).toHaveLength(3);
  });

  it('shows when each choice was last changed', async () => {
    renderApp();

    const analytics = await screen.findByRole('switch', { name: 'Product analytics' });
    const row = analytics.closest('li');
    expect(row?.textContent).toMatch(/Last changed .*2026/);
    expect(screen.getByRole('switch', { name: 'Tailored offers' }).closest('li')?.textContent).toContain(
      'No choice recorded yet.',
    );
  });

  it('one click sends grantConsent for the token’s subject under the notice shown', async () => {
    const user = userEvent.setup();
    const me = meFixture();
    const { mutations } = renderApp({
      api: {
        Me: () => ({ data: me }),
        GrantConsent: () => {
          const granted = record({ purposeKey: 'offers', action: 'GRANT', occurredAt: new Date().toISOString() });
          // The server's view afterwards, for the refetch that follows.
          me.me.purposes = me.me.purposes.map((item) =>
            item.purpose.key === 'offers' ? { ...item, status: 'GRANTED', lastRecord: granted } : item,
          );
          return { data: { grantConsent: granted } };
        },
      },
    });

    await user.click(await screen.findByRole('switch', { name: 'Tailored offers' }));

    await waitFor(() => expect(mutations()).toHaveLength(1));
    expect(mutations()[0]).toEqual({
      operationName: 'GrantConsent',
      variables: {
        input: {
          purposeKey: 'offers',
          channel: 'WEB',
          method: 'privacy-center/toggle',
          noticeVersionId: 'notice-2',
          locale: 'en',
        },
      },
      authorization: 'Bearer subject-token-1',
    });
    await waitFor(() =>
      expect(screen.getByRole<HTMLInputElement>('switch', { name: 'Tailored offers' }).checked).toBe(true),
    );
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('one click on a granted switch sends withdrawConsent, with no confirmation step', async () => {
    const user = userEvent.setup();
    const { mutations } = renderApp({
      api: {
        WithdrawConsent: () => ({
          data: { withdrawConsent: record({ purposeKey: 'newsletter', action: 'WITHDRAW' }) },
        }),
      },
    });

    await user.click(await screen.findByRole('switch', { name: 'Newsletter' }));

    await waitFor(() => expect(mutations().map((request) => request.operationName)).toEqual(['WithdrawConsent']));
    expect(mutations()[0]?.variables).toEqual({
      input: {
        purposeKey: 'newsletter',
        channel: 'WEB',
        method: 'privacy-center/toggle',
        noticeVersionId: 'notice-2',
        locale: 'en',
      },
    });
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('ticks at once, then rolls back with an alert when the server refuses', async () => {
    const user = userEvent.setup();
    const answer = deferred<GraphQLBody>();
    renderApp({ api: { GrantConsent: () => answer.promise } });

    const toggle = await screen.findByRole<HTMLInputElement>('switch', { name: 'Product analytics' });
    await user.click(toggle);

    // Optimistic: the switch shows the new state before the server answers.
    await waitFor(() =>
      expect(screen.getByRole<HTMLInputElement>('switch', { name: 'Product analytics' }).checked).toBe(true),
    );
    expect(screen.queryByRole('alert')).toBeNull();

    answer.resolve(graphqlError('INTERNAL_SERVER_ERROR', 'Unexpected error.'));

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('We could not save your choice for “Product analytics”');
    expect(alert.textContent).not.toContain('Unexpected error.');
    expect(screen.getByRole<HTMLInputElement>('switch', { name: 'Product analytics' }).checked).toBe(false);
  });

  it('shows the expired-link page when the token runs out between loading and clicking', async () => {
    const user = userEvent.setup();
    let expired = false;
    renderApp({
      api: {
        Me: () => (expired ? graphqlError('UNAUTHENTICATED') : { data: meFixture() }),
        GrantConsent: () => {
          expired = true;
          return graphqlError('UNAUTHENTICATED');
        },
      },
    });

    await user.click(await screen.findByRole('switch', { name: 'Tailored offers' }));

    expect(
      await screen.findByRole('heading', { level: 1, name: 'This link has expired or is not valid' }),
    ).toBeTruthy();
  });

  it('shows a refusal plainly as “You said no”, switched off; switching it on grants', async () => {
    const user = userEvent.setup();
    const { mutations } = renderApp({
      api: {
        Me: () => ({ data: meAllDecided() }),
        GrantConsent: () => ({ data: { grantConsent: record({ purposeKey: 'offers', action: 'GRANT' }) } }),
      },
    });

    const offers = await screen.findByRole<HTMLInputElement>('switch', { name: 'Tailored offers' });
    expect(offers.checked).toBe(false);
    expect(offers.closest('li')?.textContent).toContain('You said no');
    expect(offers.closest('li')?.querySelector('button')).toBeNull();

    await user.click(offers);

    await waitFor(() => expect(mutations().map((request) => request.operationName)).toEqual(['GrantConsent']));
    expect(mutations()[0]?.variables).toEqual({
      input: {
        purposeKey: 'offers',
        channel: 'WEB',
        method: 'privacy-center/toggle',
        noticeVersionId: 'notice-2',
        locale: 'en',
      },
    });
  });

  it('saying no to an undecided (NOT_GIVEN) purpose sends refuseConsent, not a withdrawal, and the switch stays off', async () => {
    const user = userEvent.setup();
    const { mutations } = renderApp({ api: fakeSubject(meFixture()) });

    const offers = await screen.findByRole<HTMLInputElement>('switch', { name: 'Tailored offers' });
    const row = offers.closest('li')!;
    await user.click(within(row).getByRole('button', { name: 'Say no to “Tailored offers”' }));

    await waitFor(() => expect(mutations().map((request) => request.operationName)).toEqual(['RefuseConsent']));
    expect(mutations()[0]?.variables).toEqual({
      input: {
        purposeKey: 'offers',
        channel: 'WEB',
        method: 'privacy-center/say-no',
        noticeVersionId: 'notice-2',
        locale: 'en',
      },
    });
    await waitFor(() => expect(row.textContent).toContain('You said no'));
    expect(screen.getByRole<HTMLInputElement>('switch', { name: 'Tailored offers' }).checked).toBe(false);
    // The button is gone; the keyboard stays in the row.
    expect(document.activeElement).toBe(screen.getByRole('switch', { name: 'Tailored offers' }));
  });

  it('offers “Say no” only where nothing is decided yet', async () => {
    renderApp();

    await screen.findByRole('switch', { name: 'Tailored offers' });
    expect(
      screen.getAllByRole('button', { name: /^Say no to/ }).map((button) => button.getAttribute('aria-label')),
    ).toEqual(['Say no to “Tailored offers”']);
  });
});
