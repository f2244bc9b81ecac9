import { act, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { renderApp } from '../../test/render-app';

function entry(
  id: string,
  action: 'GRANT' | 'WITHDRAW' | 'REFUSE',
  method: string,
  actorKind = 'SUBJECT',
  channel = 'WEB',
) {
  return {
    cursor: id,
    node: {
      id,
      purposeKey: 'offers',
      action,
      channel,
      method,
      occurredAt: '2026-03-04T10:15:00.000Z',
      actor: { kind: actorKind },
      locale: null as string | null,
      noticeVersion: {
        id: 'notice-2',
        version: 2,
        locale: 'en',
        purposes: [] as { purposeKey: string; title: string }[],
      },
    },
  };
}

describe('HistoryList', () => {
  it('reads a refusal as “Said no to …”, and names how it was recorded', async () => {
    renderApp({
      api: {
        PurposeTitles: () => ({ data: { purposes: [{ key: 'offers', title: 'Tailored offers' }] } }),
        ConsentHistory: () => ({
          data: {
            consentHistory: {
              edges: [
                entry('r3', 'REFUSE', 'gpc'),
                entry('r2', 'REFUSE', 'privacy-center/reject-all'),
                entry('r1', 'WITHDRAW', 'privacy-center/toggle'),
              ],
              pageInfo: { hasNextPage: false, endCursor: null },
              totalCount: 3,
            },
          },
        }),
      },
    });

    const history = await screen.findByRole('region', { name: 'Your history' });
    await screen.findAllByText('Said no to Tailored offers');
    const items = [...history.querySelectorAll('li')].map((item) => item.querySelector('.history-what')?.textContent);
    expect(items).toEqual(['Said no to Tailored offers', 'Said no to Tailored offers', 'Withdrew: Tailored offers']);
    expect(history.textContent).toContain('By your browser’s Global Privacy Control signal');
    expect(history.textContent).toContain('With “Reject all” in this privacy center');
    expect(screen.getByText('Showing 3 of 3 entries')).toBeTruthy();
  });

  it('names the purpose as the notice did in the language the person saw, and opens that notice in it', async () => {
    const asked: unknown[] = [];
    const seenInGerman = entry('r1', 'GRANT', 'privacy-center/toggle');
    seenInGerman.node.locale = 'de';
    seenInGerman.node.noticeVersion = {
      id: 'notice-2',
      version: 2,
      locale: 'de',
      purposes: [{ purposeKey: 'offers', title: 'Angebote für Sie' }],
    };
    renderApp({
      api: {
        PurposeTitles: () => ({ data: { purposes: [{ key: 'offers', title: 'Tailored offers' }] } }),
        ConsentHistory: () => ({
          data: {
            consentHistory: {
              edges: [seenInGerman],
              pageInfo: { hasNextPage: false, endCursor: null },
              totalCount: 1,
            },
          },
        }),
        NoticeVersions: (variables) => {
          asked.push(variables.locale);
          return {
            data: {
              noticeVersions: [
                {
                  id: 'notice-2',
                  version: 2,
                  publishedAt: '2026-03-01T00:00:00.000Z',
                  effectiveAt: '2026-03-01T00:00:00.000Z',
                  summary: 'So nutzen wir Ihre Daten.',
                  locale: 'de',
                  availableLocales: ['en', 'de'],
                  purposes: [
                    {
                      purposeKey: 'offers',
                      title: 'Angebote für Sie',
                      description: 'Wir zeigen Ihnen Angebote.',
                      requiresReconsent: false,
                    },
                  ],
                },
              ],
            },
          };
        },
      },
    });
    expect(await screen.findByText('Granted: Angebote für Sie')).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: /notice version 2/i }));
    const text = await screen.findByText('So nutzen wir Ihre Daten.');
    expect(text.closest('[lang]')?.getAttribute('lang')).toBe('de');
    expect(asked).toEqual(['de']);
  });

  it('titles an entry as the notice on screen does, and a retired purpose from the public list', async () => {
    renderApp({
      api: {
        PurposeTitles: () => ({
          data: {
            purposes: [
              { key: 'newsletter', title: 'Newsletter (default language)' },
              { key: 'offers', title: 'Tailored offers' },
            ],
          },
        }),
        ConsentHistory: () => ({
          data: {
            consentHistory: {
              edges: [
                {
                  ...entry('r2', 'GRANT', 'privacy-center/toggle'),
                  node: { ...entry('r2', 'GRANT', 'privacy-center/toggle').node, purposeKey: 'newsletter' },
                },
                entry('r1', 'REFUSE', 'privacy-center/say-no'),
              ],
              pageInfo: { hasNextPage: false, endCursor: null },
              totalCount: 2,
            },
          },
        }),
      },
    });
    expect(await screen.findByText('Granted: Newsletter')).toBeTruthy();
    expect(await screen.findByText('Said no to Tailored offers')).toBeTruthy();
  });

  it('names who recorded an entry for the person, and in their language', async () => {
    const { i18n } = renderApp({
      api: {
        ConsentHistory: () => ({
          data: {
            consentHistory: {
              edges: [entry('r1', 'GRANT', 'crm/phone', 'SUPPORT', 'OFFLINE')],
              pageInfo: { hasNextPage: false, endCursor: null },
              totalCount: 1,
            },
          },
        }),
      },
    });
    expect(await screen.findByText('By a support call or in person, recorded by our support team')).toBeTruthy();
    expect(screen.getByText('Showing 1 of 1 entry')).toBeTruthy();

    await act(() => i18n.changeLanguage('de'));
    const verlauf = screen.getByRole('region', { name: 'Ihr Verlauf' });
    expect(verlauf.textContent).toContain('Telefonisch beim Support oder persönlich, erfasst von unserem Support');
    expect(screen.getByText('1 von 1 Eintrag angezeigt')).toBeTruthy();
  });

  it('“Download receipt” saves the signed receipt of that entry as a .jws file and tells what it says', async () => {
    const saved: Blob[] = [];
    vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => (saved.push(blob as Blob), 'blob:receipt'));
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => {});
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {});
    const asked: unknown[] = [];
    renderApp({
      api: {
        PurposeTitles: () => ({ data: { purposes: [{ key: 'offers', title: 'Tailored offers' }] } }),
        ConsentHistory: () => ({
          data: {
            consentHistory: {
              edges: [entry('0f8d6c1e-aaaa', 'WITHDRAW', 'privacy-center/toggle')],
              pageInfo: { hasNextPage: false, endCursor: null },
              totalCount: 1,
            },
          },
        }),
        ConsentReceipt: (variables: unknown) => {
          asked.push(variables);
          return {
            data: {
              consentReceipt: {
                recordId: '0f8d6c1e-aaaa',
                jws: 'eyJhbGciOiJFZERTQSJ9.e30.c2ln',
                payload: {
                  'dpv:hasProcess': { 'dpv:hasPurpose': { 'dct:identifier': 'offers' } },
                  'dpv:hasConsentStatus': {
                    'assent:state': 'withdrawn',
                    'dpv:isIndicatedAtTime': '2026-03-04T10:15:00.000Z',
                  },
                  'assent:ledger': { 'assent:hash': 'c0ffee'.repeat(10) },
                },
              },
            },
          };
        },
      },
    });
    const user = userEvent.setup();
    const history = await screen.findByRole('region', { name: 'Your history' });
    await user.click(await within(history).findByRole('button', { name: 'Download receipt' }));

    expect(await within(history).findByText(/Saved as consent-receipt-0f8d6c1e\.jws\./)).toBeTruthy();
    expect(asked).toEqual([{ recordId: '0f8d6c1e-aaaa' }]);
    expect(await saved[0]!.text()).toBe('eyJhbGciOiJFZERTQSJ9.e30.c2ln\n');
    expect(within(history).getByText('What the receipt says')).toBeTruthy();
    expect(history.textContent).toContain('Consent withdrawn on');
    // The purpose by its title, not its key.
    expect(history.textContent).toMatch(/for “Tailored offers”/);
  });
});
