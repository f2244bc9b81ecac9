import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { renderApp } from '../../test/render-app';

const entries = [
  {
    at: '2026-12-06T10:15:00.000Z',
    operation: 'consentHistory',
    viewerKind: 'SUPPORT',
    viewerRole: 'SUPPORT',
    viewerName: 'Helpdesk Berlin',
  },
  {
    at: '2026-12-05T09:00:00.000Z',
    operation: 'subject',
    viewerKind: 'SERVICE',
    viewerRole: 'SERVICE',
    viewerName: null,
  },
];

describe('AccessLogList', () => {
  it('lists who looked at the consents in plain words: who, what, when, newest first', async () => {
    renderApp({
      api: { MyAccessLog: () => ({ data: { myAccessLog: { entries, endCursor: null, hasNextPage: false } } }) },
    });
    const section = (await screen.findByRole('heading', { name: 'Who looked at your consents' })).closest('section')!;
    const items = await within(section).findAllByRole('listitem');
    expect(items).toHaveLength(2);
    expect(items[0]!.textContent).toContain('Our support team (Helpdesk Berlin)');
    expect(items[0]!.textContent).toContain('Looked at your history');
    expect(items[1]!.textContent).toContain('One of our systems');
    expect(items[1]!.textContent).toContain('Looked at your current choices');
    expect(
      within(items[0]!)
        .getByText((_, el) => el?.tagName === 'TIME')
        .getAttribute('datetime'),
    ).toBe(entries[0]!.at);
  });

  it('says so when nobody has looked', async () => {
    renderApp();
    expect(await screen.findByText('Nobody has looked at your consent information.')).toBeTruthy();
  });

  it('follows the cursor with “Load more”', async () => {
    const { sent } = renderApp({
      api: {
        MyAccessLog: (variables) => ({
          data: {
            myAccessLog:
              variables.after == null
                ? { entries: [entries[0]], endCursor: '7', hasNextPage: true }
                : { entries: [entries[1]], endCursor: null, hasNextPage: false },
          },
        }),
      },
    });
    const section = (await screen.findByRole('heading', { name: 'Who looked at your consents' })).closest('section')!;
    await userEvent.click(await within(section).findByRole('button', { name: 'Load more' }));
    expect(await within(section).findByText('Looked at your current choices')).toBeTruthy();
    expect(sent.filter((r) => r.operationName === 'MyAccessLog').map((r) => r.variables?.after ?? null)).toEqual([
      null,
      '7',
    ]);
  });
});
