import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { graphqlError } from '@assent/web-kit/test';
import { fakeSubject } from '../../test/fake-subject';
import { meFirstVisit } from '../../test/fixtures';
import { renderApp } from '../../test/render-app';

const CONSENT_KEYS = ['newsletter', 'analytics', 'partners'];

describe('first visit (a new subject: needsPrompt and no decisions yet)', () => {
  it('shows every consent purpose switched off, a neutral intro and no re-consent wording', async () => {
    renderApp({ api: { Me: () => ({ data: meFirstVisit() }) } });

    const choices = await screen.findByRole('region', { name: 'Choices that need your consent' });
    const switches = within(choices).getAllByRole<HTMLInputElement>('switch');
    expect(switches.map((element) => element.checked)).toEqual([false, false, false]);
    expect(choices.textContent).toContain(
      'Choose what you allow. Nothing is on until you turn it on; saying no does not limit the service.',
    );
    expect(screen.queryByRole('region', { name: 'Our privacy notice has changed' })).toBeNull();
    expect(document.body.textContent).not.toMatch(/has changed|consent again|re-consent/i);
    // The choices come first in the main content.
    expect(screen.getByRole('main').querySelector('section')).toBe(choices);
  });

  it('offers “Accept all” and “Reject all” equally: same element, same style, side by side', async () => {
    renderApp({ api: { Me: () => ({ data: meFirstVisit() }) } });

    const accept = await screen.findByRole('button', { name: 'Accept all' });
    const reject = screen.getByRole('button', { name: 'Reject all' });
    expect(reject.tagName).toBe(accept.tagName);
    expect(reject.className).toBe(accept.className);
    expect(reject.parentElement).toBe(accept.parentElement);
  });

  it('“Reject all” sends one recordChoices that refuses every consent purpose, and the switches stay off', async () => {
    const user = userEvent.setup();
    const { mutations } = renderApp({ api: fakeSubject(meFirstVisit()) });

    await user.click(await screen.findByRole('button', { name: 'Reject all' }));

    await waitFor(() => expect(mutations()).toHaveLength(1));
    expect(mutations()[0]).toMatchObject({
      operationName: 'RecordChoices',
      variables: {
        input: {
          channel: 'WEB',
          method: 'privacy-center/reject-all',
          noticeVersionId: 'notice-2',
          choices: CONSENT_KEYS.map((purposeKey) => ({ purposeKey, action: 'REFUSE' })),
        },
      },
    });
    expect(await screen.findByText(/Saved: you said no to all of these/)).toBeTruthy();
    for (const element of screen.getAllByRole<HTMLInputElement>('switch')) expect(element.checked).toBe(false);
    expect(screen.getAllByText('You said no')).toHaveLength(3);
  });

  it('“Accept all” sends one recordChoices that grants every consent purpose', async () => {
    const user = userEvent.setup();
    const { mutations } = renderApp({ api: fakeSubject(meFirstVisit()) });

    await user.click(await screen.findByRole('button', { name: 'Accept all' }));

    await waitFor(() => expect(mutations()).toHaveLength(1));
    expect(mutations()[0]?.variables).toEqual({
      input: {
        channel: 'WEB',
        method: 'privacy-center/accept-all',
        noticeVersionId: 'notice-2',
        locale: 'en',
        choices: CONSENT_KEYS.map((purposeKey) => ({ purposeKey, action: 'GRANT' })),
      },
    });
    await waitFor(() =>
      expect(screen.getAllByRole<HTMLInputElement>('switch').every((element) => element.checked)).toBe(true),
    );
  });

  it('puts every switch back, with one alert, when the server refuses the whole set', async () => {
    const user = userEvent.setup();
    renderApp({
      api: {
        Me: () => ({ data: meFirstVisit() }),
        RecordChoices: () => graphqlError('INTERNAL_SERVER_ERROR', 'Unexpected error.'),
      },
    });

    await user.click(await screen.findByRole('button', { name: 'Accept all' }));

    expect((await screen.findByRole('alert')).textContent).toContain(
      'We could not save your choices, so nothing has changed.',
    );
    for (const element of screen.getAllByRole<HTMLInputElement>('switch')) expect(element.checked).toBe(false);
  });

  it('is not a first visit once any purpose has a decision: no “Accept all”, the re-consent prompt asks instead', async () => {
    renderApp();

    await screen.findByRole('region', { name: 'Our privacy notice has changed' });
    expect(screen.queryByRole('button', { name: 'Accept all' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Reject all' })).toBeNull();
  });
});
