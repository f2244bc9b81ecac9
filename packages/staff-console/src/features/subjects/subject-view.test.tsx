import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { graphqlError } from '@assent/web-kit/test';
import { ledgerRecord, subjectFixture } from '../../test/fixtures';
import { renderApp } from '../../test/render-app';

const janePage = { page: 'subjects', subjectId: 'jane-42' } as const;

describe('SubjectView', () => {
  it('finds a subject by the "Subject ID" field, without putting the id in the address', async () => {
    const user = userEvent.setup();
    const { sent } = renderApp();

    await user.type(await screen.findByLabelText('Subject ID'), ' jane-42 ');
    await user.click(screen.getByRole('button', { name: 'Find subject' }));

    expect(await screen.findByRole('heading', { level: 1, name: 'Subject jane-42' })).toBeTruthy();
    expect(sent.find((request) => request.operationName === 'SubjectConsents')?.variables).toEqual({ id: 'jane-42' });
    expect(window.location.href).not.toContain('jane-42');
    expect(document.activeElement).toBe(screen.getByRole('heading', { level: 1 }));
  });

  it('shows every purpose’s status with the decision a product would get now (decideMany for all of them)', async () => {
    const { sent } = renderApp({ route: janePage });

    const table = await screen.findByRole('table');
    const marketing = within(table).getByRole('row', { name: /Marketing emails/ });
    expect(marketing.textContent).toContain('Granted');
    await waitFor(() => expect(marketing.textContent).toContain('Allowed — consent granted'));
    expect(within(table).getByRole('row', { name: /Product analytics/ }).textContent).toContain(
      'Not allowed — no consent recorded',
    );
    expect(within(table).getByRole('row', { name: /Essential service/ }).textContent).toContain('No consent needed');

    const decide = sent.find((request) => request.operationName === 'SubjectDecisions');
    expect(decide?.variables.requests).toEqual([
      { subjectId: 'jane-42', purposeKey: 'essential-service' },
      { subjectId: 'jane-42', purposeKey: 'marketing-email' },
      { subjectId: 'jane-42', purposeKey: 'analytics' },
    ]);
    expect(decide?.variables.at).toBeUndefined();
  });

  it('badges the hash-chain check as verified', async () => {
    renderApp({ route: janePage });
    expect((await screen.findByTestId('ledger-badge')).textContent).toMatch(/Verified.*intact over 1 record/);
  });

  it('badges a broken chain, naming the first broken record', async () => {
    renderApp({
      route: janePage,
      api: {
        VerifySubjectLedger: () => ({
          data: { verifyLedger: { ok: false, recordsChecked: 3, firstBrokenRecordId: 'rec-7' } },
        }),
      },
    });
    const badge = await screen.findByTestId('ledger-badge');
    expect(badge.getAttribute('role')).toBe('alert');
    expect(badge.textContent).toContain('Broken');
    expect(badge.textContent).toContain('rec-7');
  });

  it('lists each ledger entry with actor, channel, method, evidence, both instants and the notice version', async () => {
    renderApp({
      route: janePage,
      api: {
        SubjectLedger: () => ({
          data: {
            consentHistory: {
              edges: [
                {
                  node: ledgerRecord({
                    id: 'rec-2',
                    action: 'WITHDRAW',
                    channel: 'OFFLINE',
                    method: 'staff-console/offline-form',
                    actor: { kind: 'SUPPORT', id: 'key-9' },
                    evidence: { source: 'paper-form', reference: 'FORM-2291', note: 'Signed form' },
                    occurredAt: '2026-03-01T09:00:00.000Z',
                    recordedAt: '2026-03-04T09:00:00.000Z',
                  }),
                },
                { node: ledgerRecord() },
              ],
              pageInfo: { hasNextPage: false, endCursor: null },
              totalCount: 2,
            },
          },
        }),
      },
    });

    const entries = await screen.findAllByTestId('timeline-entry');
    expect(entries).toHaveLength(2);
    const offline = entries[0]!;
    expect(offline.textContent).toContain('Withdrew consent · Marketing emails');
    expect(within(offline).getByTestId('actor').textContent).toBe('Support staff · API key key-9');
    expect(offline.textContent).toContain('Offline · staff-console/offline-form');
    expect(offline.textContent).toContain('FORM-2291');
    expect(offline.textContent).toContain('recorded 3 days after it happened');
    expect(within(entries[1]!).getByTestId('actor').textContent).toBe('The person (subject)');
    expect(screen.getByText('Showing 2 of 2 entries.')).toBeTruthy();
  });

  it('shows the exact text the person saw, one click away, and what the next version changed', async () => {
    const user = userEvent.setup();
    renderApp({ route: janePage });

    const entry = await screen.findByTestId('timeline-entry');
    await user.click(within(entry).getByRole('button', { name: 'Show the text seen in v1' }));

    expect(await within(entry).findByText('A monthly email about new features.')).toBeTruthy();
    expect(entry.textContent).toContain('Changed in version 2');
    expect(entry.textContent).toContain('marked as needing fresh consent');
    expect(entry.querySelector('ins')?.textContent).toContain('weekly');
    expect(within(entry).getByRole('button', { name: 'Hide the text' }).getAttribute('aria-expanded')).toBe('true');
  });

  it('pages through the ledger with the cursor', async () => {
    const user = userEvent.setup();
    const { sent } = renderApp({
      route: janePage,
      api: {
        SubjectLedger: (variables) =>
          variables.after
            ? {
                data: {
                  consentHistory: {
                    edges: [{ node: ledgerRecord({ id: 'rec-old' }) }],
                    pageInfo: { hasNextPage: false, endCursor: 'c2' },
                    totalCount: 2,
                  },
                },
              }
            : {
                data: {
                  consentHistory: {
                    edges: [{ node: ledgerRecord({ id: 'rec-new' }) }],
                    pageInfo: { hasNextPage: true, endCursor: 'c1' },
                    totalCount: 2,
                  },
                },
              },
      },
    });

    await user.click(await screen.findByRole('button', { name: 'Load more' }));

    await waitFor(() => expect(screen.getAllByTestId('timeline-entry')).toHaveLength(2));
    expect(
      sent.filter((request) => request.operationName === 'SubjectLedger').map((request) => request.variables.after),
    ).toContain('c1');
  });

  it('offers no way to edit or delete a ledger entry', async () => {
    renderApp({ route: janePage });
    await screen.findByTestId('timeline-entry');
    expect(screen.queryAllByRole('button', { name: /edit|delete|remove|undo/i })).toEqual([]);
    expect(screen.getByText(/nobody can edit or delete them/)).toBeTruthy();
  });

  it('“Download receipt” on a timeline entry saves its signed receipt as a .jws file with a readable summary', async () => {
    const saved: Blob[] = [];
    vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => (saved.push(blob as Blob), 'blob:receipt'));
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => {});
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {});
    const user = userEvent.setup();
    const { sent } = renderApp({
      route: janePage,
      api: {
        StaffConsentReceipt: () => ({
          data: {
            consentReceipt: {
              recordId: 'rec-1',
              jws: 'h.p.s',
              payload: {
                'dpv:hasDataSubject': { 'dct:identifier': 'jane-42' },
                'dpv:hasProcess': { 'dpv:hasPurpose': { 'dct:identifier': 'marketing-email' } },
                'dpv:hasConsentStatus': {
                  'assent:state': 'given',
                  'dpv:isIndicatedAtTime': '2026-01-01T00:00:00.000Z',
                },
              },
            },
          },
        }),
      },
    });
    const entry = await screen.findByTestId('timeline-entry');
    await user.click(within(entry).getByRole('button', { name: 'Download receipt' }));
    expect(await within(entry).findByText(/Saved as consent-receipt-rec-1\.jws/)).toBeTruthy();
    expect(sent.find((r) => r.operationName === 'StaffConsentReceipt')?.variables).toEqual({ recordId: 'rec-1' });
    expect(await saved[0]!.text()).toBe('h.p.s\n');
    expect(entry.textContent).toContain('What the receipt says');
  });

  it('warns when the ledger has no entry for the id (unknown ids look like “never asked”)', async () => {
    renderApp({
      route: janePage,
      api: {
        SubjectLedger: () => ({
          data: { consentHistory: { edges: [], pageInfo: { hasNextPage: false, endCursor: null }, totalCount: 0 } },
        }),
      },
    });
    expect((await screen.findByText(/There are no ledger entries for this ID/)).textContent).toContain(
      'check the spelling',
    );
  });

  it('answers “what did this person allow on <date>?” with decideMany(at:) for every purpose', async () => {
    const user = userEvent.setup();
    const { sent } = renderApp({ route: janePage });

    const section = (await screen.findByRole('heading', { name: 'Point in time' })).closest('section')!;
    await user.type(within(section).getByLabelText('Date and time'), '2026-03-05T12:00');
    await user.click(within(section).getByRole('button', { name: 'Show what was allowed' }));

    const table = await within(section).findByTestId('point-in-time');
    expect(within(table).getByRole('row', { name: /Marketing emails/ }).textContent).toContain('Allowed');
    const asked = sent.filter((request) => request.operationName === 'SubjectDecisions' && request.variables.at);
    expect(asked).toHaveLength(1);
    expect(asked[0]!.variables.at).toBe(new Date('2026-03-05T12:00').toISOString());
    expect((asked[0]!.variables.requests as unknown[]).length).toBe(3);

    // A refused moment takes the earlier answer off the screen.
    const input = within(section).getByLabelText('Date and time');
    await user.clear(input);
    await user.type(input, '2999-01-01T12:00');
    await user.click(within(section).getByRole('button', { name: 'Show what was allowed' }));
    expect(await within(section).findByRole('alert')).toBeTruthy();
    expect(within(section).queryByTestId('point-in-time')).toBeNull();
  });

  it('exports the whole ledger (every page) as JSON', async () => {
    const user = userEvent.setup();
    const blobs: Blob[] = [];
    vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
      blobs.push(blob as Blob);
      return 'blob:export';
    });
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => {});
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {});
    renderApp({
      route: janePage,
      api: {
        SubjectLedger: (variables) =>
          variables.after === 'p2'
            ? {
                data: {
                  consentHistory: {
                    edges: [{ node: ledgerRecord({ id: 'rec-old' }) }],
                    pageInfo: { hasNextPage: false, endCursor: null },
                    totalCount: 2,
                  },
                },
              }
            : {
                data: {
                  consentHistory: {
                    edges: [{ node: ledgerRecord({ id: 'rec-new' }) }],
                    pageInfo: { hasNextPage: true, endCursor: 'p2' },
                    totalCount: 2,
                  },
                },
              },
      },
    });

    await user.click(await screen.findByRole('button', { name: 'Export JSON' }));

    expect(await screen.findByText('Exported 2 entries.')).toBeTruthy();
    const document = JSON.parse(await blobs[0]!.text()) as {
      subjectId: string;
      records: { id: string }[];
      noticeVersions: { version: number }[];
    };
    expect(document.subjectId).toBe('jane-42');
    expect(document.records.map((record) => record.id)).toEqual(['rec-new', 'rec-old']);
    expect(document.noticeVersions.map((notice) => notice.version)).toEqual([1]);
  });

  it('explains a subject lookup the key may not make', async () => {
    renderApp({
      route: janePage,
      api: { SubjectConsents: () => graphqlError('FORBIDDEN', 'The SUBJECT role may not do this.') },
    });
    expect((await screen.findByRole('alert')).textContent).toContain('Your key’s role may not do this');
  });

  it('names refusals and erasure in plain words: status, decision reason, last change and timeline', async () => {
    renderApp({
      route: janePage,
      api: {
        SubjectConsents: () => ({
          data: {
            subject: {
              ...subjectFixture().subject,
              purposes: subjectFixture().subject.purposes.map((item) =>
                item.purpose.key === 'analytics'
                  ? {
                      ...item,
                      status: 'REFUSED' as const,
                      lastRecord: {
                        id: 'rec-3',
                        action: 'REFUSE' as const,
                        channel: 'WEB' as const,
                        occurredAt: '2026-04-01T10:00:00.000Z',
                        noticeVersion: { id: 'notice-2', version: 2 },
                      },
                    }
                  : item,
              ),
            },
          },
        }),
        SubjectDecisions: (variables) => ({
          data: {
            decideMany: (variables.requests as { purposeKey: string }[]).map(({ purposeKey }) => ({
              purposeKey,
              allowed: false,
              legalBasis: 'CONSENT',
              reason: purposeKey === 'analytics' ? 'CONSENT_REFUSED' : 'SUBJECT_ERASED',
              at: new Date().toISOString(),
              record: null,
            })),
          },
        }),
        SubjectLedger: () => ({
          data: {
            consentHistory: {
              edges: [
                {
                  node: ledgerRecord({
                    id: 'rec-4',
                    action: 'ERASE',
                    purposeKey: 'analytics',
                    actor: { kind: 'SYSTEM', id: null },
                    method: 'erase',
                    channel: 'API',
                  }),
                },
                {
                  node: ledgerRecord({
                    id: 'rec-3',
                    action: 'REFUSE',
                    purposeKey: 'analytics',
                    method: 'privacy-center/reject-all',
                  }),
                },
              ],
              pageInfo: { hasNextPage: false, endCursor: null },
              totalCount: 2,
            },
          },
        }),
      },
    });

    const table = await screen.findByRole('table');
    const analytics = within(table).getByRole('row', { name: /Product analytics/ });
    expect(analytics.textContent).toContain('Refused (asked and said no)');
    expect(analytics.textContent).toContain('Said no (refused) · Web');
    await waitFor(() => expect(analytics.textContent).toContain('Not allowed — asked and said no (refused)'));
    expect(within(table).getByRole('row', { name: /Marketing emails/ }).textContent).toContain(
      'Not allowed — subject erased',
    );

    const entries = await screen.findAllByTestId('timeline-entry');
    expect(entries.map((entry) => entry.querySelector('h3')?.textContent)).toEqual([
      'Subject erased: identifier and evidence made unreadable',
      'Said no (refused consent) · Product analytics analytics',
    ]);
    expect(within(entries[0]!).getByTestId('actor').textContent).toBe('System');
    // Erased: said so once, and nothing is offered that can only fail (another erasure, an offline record).
    expect((await screen.findByText(/This person was erased/)).getAttribute('role')).toBe('status');
    expect(screen.queryByRole('button', { name: /Erase this person/ })).toBeNull();
    expect(screen.queryByRole('heading', { name: /offline/i })).toBeNull();
  });
});
