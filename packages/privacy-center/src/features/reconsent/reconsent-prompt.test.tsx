import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { meAllDecided, meNeedingPrompt, record } from '../../test/fixtures';
import { renderApp } from '../../test/render-app';

describe('ReconsentPrompt', () => {
  it('does not appear when nothing needs a prompt (every purpose decided, a refusal included)', async () => {
    renderApp({ api: { Me: () => ({ data: meAllDecided() }) } });
    await screen.findByRole('switch', { name: 'Newsletter' });
    expect(screen.queryByRole('region', { name: 'Our privacy notice has changed' })).toBeNull();
  });

  it('asks without saying the notice changed when it did not: purposes not answered yet under the one version the person saw', async () => {
    // Every decision under the current version (here: GPC refused one purpose), the others never answered.
    const base = meAllDecided().me;
    const current = {
      id: base.currentNotice.id,
      version: base.currentNotice.version,
      purposes: base.currentNotice.purposes,
    };
    const me = {
      ...base,
      needsPrompt: true,
      purposes: base.purposes.map((item, i) =>
        !item.purpose.requiresConsent
          ? item
          : i === 0
            ? {
                ...item,
                status: 'REFUSED' as const,
                needsPrompt: false,
                lastRecord: record({
                  purposeKey: item.purpose.key,
                  action: 'REFUSE',
                  method: 'gpc',
                  noticeVersion: current,
                }),
              }
            : { ...item, status: 'NOT_GIVEN' as const, needsPrompt: true, lastRecord: null },
      ),
    };
    renderApp({ api: { Me: () => ({ data: { me } }) } });

    const prompt = await screen.findByRole('region', { name: 'Some choices are still open' });
    expect(prompt.textContent).not.toMatch(/changed|updated/i);
    expect(within(prompt).queryByText('New')).toBeNull();
  });

  it('appears when me.needsPrompt, with old vs new text and nothing pre-selected', async () => {
    renderApp({ api: { Me: () => ({ data: meNeedingPrompt() }) } });

    const prompt = await screen.findByRole('region', { name: 'Our privacy notice has changed' });
    const items = within(prompt).getAllByRole('listitem');
    expect(items).toHaveLength(2);

    const newsletter = items.find((item) => item.textContent?.includes('Newsletter'));
    expect(newsletter?.textContent).toContain('Before (version 1');
    expect(newsletter?.textContent).toContain('A monthly email about new features.');
    expect(newsletter?.textContent).toContain('Now (version 2)');
    expect(newsletter?.textContent).toContain('A weekly email about new features and partner offers.');

    const offers = items.find((item) => item.textContent?.includes('Tailored offers'));
    expect(offers?.textContent).toContain('New');

    for (const button of within(prompt).getAllByRole('button', { name: /^(Allow|Don’t allow)$/ })) {
      expect(button.getAttribute('aria-pressed')).toBe('false');
    }
    // The prompt comes first in the main content.
    expect(screen.getByRole('main').querySelector('section')).toBe(prompt);
  });

  it('a purpose the earlier notice listed and the person left unanswered is asked about, but not marked "New"', async () => {
    const base = meNeedingPrompt().me;
    const me = {
      ...base,
      purposes: base.purposes.map((item) =>
        item.purpose.key === 'analytics'
          ? { ...item, status: 'NOT_GIVEN' as const, needsPrompt: true, lastRecord: null }
          : item,
      ),
    };
    renderApp({ api: { Me: () => ({ data: { me } }) } });

    const prompt = await screen.findByRole('region', { name: 'Our privacy notice has changed' });
    const items = within(prompt).getAllByRole('listitem');
    const analytics = items.find((item) => item.textContent?.includes('Product analytics'));
    expect(analytics).toBeTruthy();
    expect(within(analytics!).queryByText('New')).toBeNull();
    const offers = items.find((item) => item.textContent?.includes('Tailored offers'));
    expect(within(offers!).getByText('New')).toBeTruthy();
  });

  it('"Decide later" sends nothing and hides the prompt for this session', async () => {
    const user = userEvent.setup();
    const { sent, mutations } = renderApp({ api: { Me: () => ({ data: meNeedingPrompt() }) } });

    const prompt = await screen.findByRole('region', { name: 'Our privacy notice has changed' });
    const before = sent.length;
    await user.click(within(prompt).getByRole('button', { name: 'Decide later' }));

    expect(screen.queryByRole('region', { name: 'Our privacy notice has changed' })).toBeNull();
    expect(mutations()).toEqual([]);
    expect(sent.length).toBe(before);
    expect(sessionStorage.getItem('assent.promptDeferredFor')).toBe('notice-2');
    // Nothing was granted: the switches are still off.
    expect(screen.getByRole<HTMLInputElement>('switch', { name: 'Newsletter' }).checked).toBe(false);
  });

  it('"Allow" grants that one purpose, recorded as coming from the prompt', async () => {
    const user = userEvent.setup();
    const { mutations } = renderApp({
      api: {
        Me: () => ({ data: meNeedingPrompt() }),
        GrantConsent: () => ({ data: { grantConsent: record({ purposeKey: 'newsletter', action: 'GRANT' }) } }),
      },
    });

    const prompt = await screen.findByRole('region', { name: 'Our privacy notice has changed' });
    const group = within(prompt).getByRole('group', { name: 'Your choice for “Newsletter”' });
    await user.click(within(group).getByRole('button', { name: 'Allow' }));

    await waitFor(() => expect(mutations()).toHaveLength(1));
    expect(mutations()[0]?.variables).toEqual({
      input: {
        purposeKey: 'newsletter',
        channel: 'WEB',
        method: 'privacy-center/prompt',
        noticeVersionId: 'notice-2',
        locale: 'en',
      },
    });
    await waitFor(() =>
      expect(within(group).getByRole('button', { name: 'Allow' }).getAttribute('aria-pressed')).toBe('true'),
    );
  });
});

describe('ReconsentPrompt “Don’t allow”', () => {
  it('withdraws a lapsed grant, and refuses a purpose that is new since the person last decided', async () => {
    const user = userEvent.setup();
    const { mutations } = renderApp({
      api: {
        Me: () => ({ data: meNeedingPrompt() }),
        WithdrawConsent: () => ({
          data: { withdrawConsent: record({ purposeKey: 'newsletter', action: 'WITHDRAW' }) },
        }),
        RefuseConsent: () => ({ data: { refuseConsent: record({ purposeKey: 'offers', action: 'REFUSE' }) } }),
      },
    });

    const prompt = await screen.findByRole('region', { name: 'Our privacy notice has changed' });
    await user.click(
      within(within(prompt).getByRole('group', { name: 'Your choice for “Newsletter”' })).getByRole('button', {
        name: 'Don’t allow',
      }),
    );
    await waitFor(() => expect(mutations()).toHaveLength(1));
    await user.click(
      within(within(prompt).getByRole('group', { name: 'Your choice for “Tailored offers”' })).getByRole('button', {
        name: 'Don’t allow',
      }),
    );
    await waitFor(() => expect(mutations()).toHaveLength(2));

    expect(
      mutations().map((request) => [
        request.operationName,
        (request.variables.input as { purposeKey: string }).purposeKey,
      ]),
    ).toEqual([
      ['WithdrawConsent', 'newsletter'],
      ['RefuseConsent', 'offers'],
    ]);
    expect((mutations()[1]?.variables.input as { method: string }).method).toBe('privacy-center/prompt');
  });
});
