import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { adminRole, renderApp } from '../../test/render-app';

const stats = {
  subjects: 12,
  computedAt: '2026-11-29T09:00:00.000Z',
  purposes: [{ purpose: { key: 'marketing-email', title: 'Marketing emails', legalBasis: 'CONSENT' }, granted: 5, withdrawn: 2, notGiven: 4, reconsentRequired: 1, awaitingReconsent: 0 }],
};

describe('PurposesPage', () => {
  it('leaves out the overview when the server’s schema has no purposeStats', async () => {
    const { operations } = renderApp({ route: { page: 'purposes' } });
    await screen.findByText('Marketing emails');
    await waitFor(() => expect(operations()).toContain('QueryFields'));
    expect(screen.queryByRole('heading', { name: 'Overview' })).toBeNull();
    expect(operations()).not.toContain('PurposeStats');
  });

  it('shows granted, withdrew, never asked and re-consent counts when it has', async () => {
    renderApp({
      route: { page: 'purposes' },
      api: { QueryFields: () => ({ data: { __type: { fields: [{ name: 'purposeStats' }] } } }), PurposeStats: () => ({ data: { purposeStats: stats } }) },
    });
    const row = await screen.findByRole('row', { name: /Marketing emails/ });
    expect([...row.querySelectorAll('td')].map((cell) => cell.textContent)).toEqual(['5', '2', '4', '1', '0']);
  });

  it('explains to a Support key that defining purposes needs an Admin key', async () => {
    renderApp({ route: { page: 'purposes' } });
    const section = (await screen.findByRole('heading', { name: 'Define a purpose' })).closest('section')!;
    expect(within(section).getByTestId('forbidden').textContent).toContain('Defining and retiring purposes needs an Admin key');
    expect(screen.queryByRole('button', { name: /Retire/ })).toBeNull();
  });

  it('lets an admin define a purpose (checking the key first) and retire one after confirming', async () => {
    const user = userEvent.setup();
    const { sent } = renderApp({
      route: { page: 'purposes' },
      api: {
        ...adminRole,
        DefinePurpose: (variables) => ({ data: { definePurpose: { ...(variables.input as object), requiresConsent: true, active: true } } }),
        RetirePurpose: () => ({ data: { retirePurpose: { key: 'analytics', title: 'Product analytics', description: '', legalBasis: 'CONSENT', requiresConsent: true, active: false } } }),
      },
    });

    await user.type(await screen.findByLabelText('Key'), 'Bad Key');
    await user.type(screen.getByLabelText('Title'), 'Surveys');
    await user.type(screen.getByLabelText('Plain-language description'), 'Asking you about our service.');
    await user.click(screen.getByRole('button', { name: 'Define purpose' }));
    expect(screen.getByLabelText('Key').getAttribute('aria-invalid')).toBe('true');

    await user.clear(screen.getByLabelText('Key'));
    await user.type(screen.getByLabelText('Key'), 'surveys');
    await user.click(screen.getByRole('button', { name: 'Define purpose' }));
    expect(await screen.findByText(/Defined “Surveys”/)).toBeTruthy();
    expect(sent.find((request) => request.operationName === 'DefinePurpose')?.variables).toEqual({
      input: { key: 'surveys', title: 'Surveys', description: 'Asking you about our service.', legalBasis: 'CONSENT' },
    });

    const analytics = document.querySelector<HTMLElement>('li[data-purpose="analytics"]')!;
    await user.click(within(analytics).getByRole('button', { name: 'Retire Product analytics…' }));
    await user.click(within(analytics).getByRole('button', { name: 'Retire purpose' }));
    await waitFor(() => expect(sent.find((request) => request.operationName === 'RetirePurpose')?.variables).toEqual({ key: 'analytics' }));
  });
});
