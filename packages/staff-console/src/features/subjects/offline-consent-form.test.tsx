import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { graphqlError } from '@assent/web-kit/test';
import { ledgerRecord } from '../../test/fixtures';
import { renderApp } from '../../test/render-app';

const janePage = { page: 'subjects', subjectId: 'jane-42' } as const;

async function openForm(user: ReturnType<typeof userEvent.setup>) {
  await user.click(await screen.findByRole('button', { name: 'Record consent given or withdrawn offline' }));
  return screen.findByRole('form', { name: 'Offline decision' });
}

describe('OfflineConsentForm', () => {
  it('will not record without evidence: lists what is missing, marks the fields and sends nothing', async () => {
    const user = userEvent.setup();
    const { operations } = renderApp({ route: janePage });
    const form = await openForm(user);

    await user.click(within(form).getByRole('radio', { name: 'Withdrew consent' }));
    await user.selectOptions(within(form).getByLabelText('Purpose'), 'marketing-email');
    await user.click(within(form).getByRole('button', { name: 'Review' }));

    const alert = within(form).getByRole('alert');
    expect(alert.textContent).toContain('Enter the reference number');
    expect(alert.textContent).toContain('Describe what the person said or wrote');
    const reference = within(form).getByLabelText('Reference number (evidence)');
    expect(reference.getAttribute('aria-invalid')).toBe('true');
    expect(document.activeElement).toBe(reference);
    expect(operations()).not.toContain('RecordWithdrawal');
  });

  it('reviews, then records a withdrawal with channel OFFLINE and the evidence; the form confirms it', async () => {
    const user = userEvent.setup();
    const { sent } = renderApp({
      route: janePage,
      api: {
        RecordWithdrawal: (variables) => ({
          data: {
            withdrawConsent: ledgerRecord({
              id: 'rec-offline',
              action: 'WITHDRAW',
              channel: 'OFFLINE',
              method: 'staff-console/offline-phone',
              actor: { kind: 'SUPPORT', id: 'key-1' },
              evidence: (variables.input as { evidence: unknown }).evidence,
            }),
          },
        }),
      },
    });
    const form = await openForm(user);

    await user.click(within(form).getByRole('radio', { name: 'Withdrew consent' }));
    await user.selectOptions(within(form).getByLabelText('Purpose'), 'marketing-email');
    await user.selectOptions(within(form).getByLabelText('How it reached us'), 'phone');
    await user.selectOptions(within(form).getByLabelText('Notice version the person saw'), 'notice-1');
    await user.type(within(form).getByLabelText('Reference number (evidence)'), 'CALL-881');
    await user.type(
      within(form).getByLabelText('Note (evidence)'),
      'Called from the number on file; asked to stop emails.',
    );
    await user.click(within(form).getByRole('button', { name: 'Review' }));

    const review = await screen.findByTestId('offline-review');
    expect(review.textContent).toContain('Withdrew consent for Marketing emails');
    expect(review.textContent).toContain('cannot be edited or deleted');
    const countBefore = sent.filter((request) => request.operationName === 'SubjectConsents').length;
    await user.click(within(review).getByRole('button', { name: 'Record withdrawal' }));

    const recorded = (await screen.findByText(/Recorded: consent withdrawn for Marketing emails/)).closest(
      '[role="status"]',
    );
    expect(recorded).toBeTruthy();
    // The review and its buttons are gone: focus is on the confirmation.
    await waitFor(() => expect(document.activeElement).toBe(recorded));
    const mutation = sent.find((request) => request.operationName === 'RecordWithdrawal');
    expect(mutation?.variables).toEqual({
      input: {
        subjectId: 'jane-42',
        purposeKey: 'marketing-email',
        noticeVersionId: 'notice-1',
        channel: 'OFFLINE',
        method: 'staff-console/offline-phone',
        evidence: {
          source: 'phone',
          reference: 'CALL-881',
          note: 'Called from the number on file; asked to stop emails.',
          capturedWith: 'assent-staff-console',
        },
      },
    });
    // The status, decisions, chain check and timeline are fetched again.
    await waitFor(() =>
      expect(sent.filter((request) => request.operationName === 'SubjectConsents').length).toBeGreaterThan(countBefore),
    );
  });

  it('offers consent purposes only (nothing to record for contract or legal-obligation purposes)', async () => {
    const user = userEvent.setup();
    renderApp({ route: janePage });
    const form = await openForm(user);
    const options = within(within(form).getByLabelText('Purpose'))
      .getAllByRole('option')
      .map((option) => option.textContent);
    expect(options).toEqual([
      'Choose a purpose',
      'Marketing emails (marketing-email)',
      'Product analytics (analytics)',
    ]);
  });

  it('shows the API’s refusal in words, and keeps the review open to try again', async () => {
    const user = userEvent.setup();
    renderApp({
      route: janePage,
      api: {
        RecordGrant: () => graphqlError('BAD_USER_INPUT', "evidence: required when recording on a subject's behalf"),
      },
    });
    const form = await openForm(user);

    await user.click(within(form).getByRole('radio', { name: 'Gave consent' }));
    await user.selectOptions(within(form).getByLabelText('Purpose'), 'analytics');
    await user.type(within(form).getByLabelText('Reference number (evidence)'), 'F-1');
    await user.type(within(form).getByLabelText('Note (evidence)'), 'Paper form.');
    await user.click(within(form).getByRole('button', { name: 'Review' }));
    await user.click(await screen.findByRole('button', { name: 'Record consent' }));

    expect((await screen.findByRole('alert')).textContent).toContain(
      "Recording failed. evidence: required when recording on a subject's behalf (BAD_USER_INPUT)",
    );
    expect(screen.getByTestId('offline-review')).toBeTruthy();
  });

  it('is not offered to a Service key, with the reason', async () => {
    renderApp({ route: janePage, api: { ProbeSupport: () => graphqlError('FORBIDDEN') } });
    const section = (await screen.findByRole('heading', { name: 'Record an offline decision' })).closest('section')!;
    expect(within(section).getByTestId('forbidden').textContent).toContain('Not available with a Service key');
    expect(within(section).queryByRole('button')).toBeNull();
  });

  it('records “Said no” as a refusal (refuseConsent), not a withdrawal', async () => {
    const user = userEvent.setup();
    const { sent } = renderApp({
      route: janePage,
      api: {
        RecordRefusal: (variables) => ({
          data: {
            refuseConsent: ledgerRecord({
              id: 'rec-no',
              action: 'REFUSE',
              purposeKey: 'analytics',
              channel: 'OFFLINE',
              evidence: (variables.input as { evidence: unknown }).evidence,
            }),
          },
        }),
      },
    });
    const form = await openForm(user);

    expect(
      within(form)
        .getAllByRole('radio')
        .map((radio) => radio.closest('label')?.textContent),
    ).toEqual(['Gave consent', 'Said no', 'Withdrew consent']);
    await user.click(within(form).getByRole('radio', { name: 'Said no' }));
    await user.selectOptions(within(form).getByLabelText('Purpose'), 'analytics');
    await user.type(within(form).getByLabelText('Reference number (evidence)'), 'F-7');
    await user.type(within(form).getByLabelText('Note (evidence)'), 'Ticked “no” on the paper form.');
    await user.click(within(form).getByRole('button', { name: 'Review' }));

    const review = await screen.findByTestId('offline-review');
    expect(review.textContent).toContain('Said no for Product analytics');
    await user.click(within(review).getByRole('button', { name: 'Record refusal' }));

    expect(
      (await screen.findByText(/Recorded: said no \(refused\) for Product analytics/)).closest('[role="status"]'),
    ).toBeTruthy();
    expect(sent.find((request) => request.operationName === 'RecordRefusal')?.variables).toMatchObject({
      input: {
        subjectId: 'jane-42',
        purposeKey: 'analytics',
        channel: 'OFFLINE',
        method: 'staff-console/offline-form',
      },
    });
    expect(sent.some((request) => request.operationName === 'RecordWithdrawal')).toBe(false);
  });
});
