import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { fakeSubject } from '../../test/fake-subject';
import { meAllDecided, meFirstVisit } from '../../test/fixtures';
import { renderApp } from '../../test/render-app';

describe('“Withdraw all” (a returning subject)', () => {
  it('takes back every consent given in one click, and only those: one recordChoices of WITHDRAWs', async () => {
    const user = userEvent.setup();
    const me = meAllDecided();
    const granted = me.me.purposes.filter((p) => p.status === 'GRANTED').map((p) => p.purpose.key);
    expect(granted.length).toBeGreaterThan(0);
    const { mutations } = renderApp({ api: fakeSubject(me) });

    await user.click(await screen.findByRole('button', { name: 'Withdraw all' }));

    await waitFor(() => expect(mutations()).toHaveLength(1));
    expect(mutations()[0]?.variables).toMatchObject({
      input: {
        method: 'privacy-center/withdraw-all',
        choices: granted.map((purposeKey) => ({ purposeKey, action: 'WITHDRAW' })),
      },
    });
    expect(
      await screen.findByText(
        'Saved: you withdrew every consent you had given. You can switch each one on again at any time.',
      ),
    ).toBeTruthy();
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Withdraw all' })).toBeNull());
    // The button is gone: focus is on the message saying what happened, not lost to the page.
    await waitFor(() => expect(document.activeElement?.getAttribute('role')).toBe('status'));
    expect(document.activeElement?.textContent).toContain('Saved: you withdrew every consent');
  });

  it('is not offered on a first visit (nothing to take back), where Accept all and Reject all are', async () => {
    renderApp({ api: fakeSubject(meFirstVisit()) });
    await screen.findByRole('button', { name: 'Accept all' });
    expect(screen.queryByRole('button', { name: 'Withdraw all' })).toBeNull();
  });
});
