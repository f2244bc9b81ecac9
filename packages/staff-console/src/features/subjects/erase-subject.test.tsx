import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { graphqlError } from '@assent/web-kit/test';
import { ledgerPage, ledgerRecord } from '../../test/fixtures';
import { adminRole, renderApp } from '../../test/render-app';

const janePage = { page: 'subjects', subjectId: 'jane-42' } as const;

describe('EraseSubject', () => {
  it('is not offered to support staff', async () => {
    renderApp({ route: janePage });
    expect(await screen.findByRole('heading', { name: 'Ledger' })).toBeTruthy();
    expect(screen.queryByRole('heading', { name: 'Erase this person' })).toBeNull();
  });

  it('an admin must give a reason, then sees what will be lost before anything is erased', async () => {
    const user = userEvent.setup();
    const { sent } = renderApp({
      apiKey: 'assent_sk_admin',
      route: janePage,
      api: {
        ...adminRole,
        EraseSubject: () => ({
          data: {
            eraseSubject: {
              subjectId: 'jane-42',
              recordsShredded: 1,
              record: { id: 'rec-erase', recordedAt: '2026-12-06T08:00:00.000Z' },
            },
          },
        }),
      },
    });
    await user.click(await screen.findByRole('button', { name: 'Erase this person…' }));
    await user.click(screen.getByRole('button', { name: 'Review the erasure' }));
    expect(screen.getByRole('alert').textContent).toMatch(/Say why this person is erased/);
    await waitFor(() => expect(document.activeElement).toBe(screen.getByLabelText('Reason (required)')));
    expect(sent.some((r) => r.operationName === 'EraseSubject')).toBe(false);

    await user.type(screen.getByLabelText('Reason (required)'), 'Art. 17 request, ticket 4711');
    await user.click(screen.getByRole('button', { name: 'Review the erasure' }));
    const confirm = screen.getByRole('group', { name: /Erase jane-42\? This cannot be undone/ });
    expect(confirm.textContent).toContain('all 1 entries');
    expect(confirm.textContent).toContain('Marketing emails');
    expect(confirm.textContent).toContain('SUBJECT_ERASED');
    expect(confirm.textContent).toContain('need a new ID');
    expect(sent.some((r) => r.operationName === 'EraseSubject')).toBe(false);

    await user.click(within(confirm).getByRole('button', { name: 'Erase for good' }));
    expect((await screen.findByText(/was erased/)).textContent).toContain('1 entry can no longer be read');
    // The confirmation is gone: focus is on what happened, not lost to the page.
    await waitFor(() => expect(document.activeElement?.getAttribute('role')).toBe('status'));
    expect(sent.find((r) => r.operationName === 'EraseSubject')?.variables).toEqual({
      subjectId: 'jane-42',
      reason: 'Art. 17 request, ticket 4711',
    });
  });

  it('shows the API’s refusal and keeps the form', async () => {
    const user = userEvent.setup();
    renderApp({
      apiKey: 'assent_sk_admin',
      route: janePage,
      api: { ...adminRole, EraseSubject: () => graphqlError('CONFLICT', 'This subject was erased already.') },
    });
    await user.click(await screen.findByRole('button', { name: 'Erase this person…' }));
    await user.type(screen.getByLabelText('Reason (required)'), 'duplicate request');
    await user.click(screen.getByRole('button', { name: 'Review the erasure' }));
    await user.click(screen.getByRole('button', { name: 'Erase for good' }));
    expect((await screen.findByText(/Erasing failed/)).textContent).toMatch(/erased already/);
  });
});

describe('an erased person’s timeline', () => {
  it('keeps the entries as proof but offers no receipt for them (the API can no longer issue one)', async () => {
    renderApp({
      route: janePage,
      api: {
        SubjectLedger: () => ledgerPage(ledgerRecord({ subjectId: 'erased', evidence: null })),
      },
    });
    expect(await screen.findByTestId('timeline-entry')).toBeTruthy();
    expect(screen.queryByRole('button', { name: /Download receipt/ })).toBeNull();
  });

  it('offers the receipt for a person who was not erased', async () => {
    renderApp({ route: janePage });
    expect(await screen.findByTestId('timeline-entry')).toBeTruthy();
    expect(screen.getAllByRole('button', { name: /Download receipt/ }).length).toBeGreaterThan(0);
  });
});
