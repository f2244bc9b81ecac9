import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { adminRole, renderApp } from '../../test/render-app';

const stats = {
  subjects: 12,
  computedAt: '2026-11-29T09:00:00.000Z',
  purposes: [
    {
      purpose: { key: 'marketing-email', title: 'Marketing emails', legalBasis: 'CONSENT' },
      granted: 5,
      withdrawn: 2,
      refused: 3,
      notGiven: 4,
      reconsentRequired: 1,
      awaitingReconsent: 0,
    },
  ],
};

describe('PurposesPage', () => {
  it('leaves out the overview when the server’s schema has no purposeStats', async () => {
    const { operations } = renderApp({ route: { page: 'purposes' } });
    await screen.findByText('Marketing emails');
    await waitFor(() => expect(operations()).toContain('QueryFields'));
    expect(screen.queryByRole('heading', { name: 'Overview' })).toBeNull();
    expect(operations()).not.toContain('PurposeStats');
  });

  it('shows granted, withdrew, refused, never asked and re-consent counts when it has', async () => {
    renderApp({
      route: { page: 'purposes' },
      api: {
        QueryFields: () => ({ data: { __type: { fields: [{ name: 'purposeStats' }] } } }),
        PurposeStats: () => ({ data: { purposeStats: stats } }),
      },
    });
    const row = await screen.findByRole('row', { name: /Marketing emails/ });
    expect([...row.querySelectorAll('td')].map((cell) => cell.textContent)).toEqual(['5', '2', '3', '4', '1', '0']);
    const headers = [...row.closest('table')!.querySelectorAll('thead th')].map((cell) => cell.textContent);
    expect(headers).toEqual([
      'Purpose',
      'Granted',
      'Withdrew',
      'Refused',
      'Never asked',
      'Re-consent required',
      'Being asked again',
    ]);
  });

  it('explains to a Support key that defining purposes needs an Admin key', async () => {
    renderApp({ route: { page: 'purposes' } });
    const section = (await screen.findByRole('heading', { name: 'Define a purpose' })).closest('section')!;
    expect(within(section).getByTestId('forbidden').textContent).toContain(
      'Defining and retiring purposes needs an Admin key',
    );
    expect(screen.queryByRole('button', { name: /Retire/ })).toBeNull();
  });

  it('lets an admin define a purpose (checking the key first) and retire one after confirming', async () => {
    const user = userEvent.setup();
    const { sent } = renderApp({
      route: { page: 'purposes' },
      api: {
        ...adminRole,
        DefinePurpose: (variables) => ({
          data: { definePurpose: { ...(variables.input as object), requiresConsent: true, active: true } },
        }),
        RetirePurpose: () => ({
          data: {
            retirePurpose: {
              key: 'analytics',
              title: 'Product analytics',
              description: '',
              legalBasis: 'CONSENT',
              requiresConsent: true,
              active: false,
            },
          },
        }),
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
      input: {
        key: 'surveys',
        title: 'Surveys',
        description: 'Asking you about our service.',
        legalBasis: 'CONSENT',
        gpcOptOut: false,
        consentMode: [],
      },
    });

    const analytics = document.querySelector<HTMLElement>('li[data-purpose="analytics"]')!;
    await user.click(within(analytics).getByRole('button', { name: 'Retire Product analytics…' }));
    await user.click(within(analytics).getByRole('button', { name: 'Retire purpose' }));
    await waitFor(() =>
      expect(sent.find((request) => request.operationName === 'RetirePurpose')?.variables).toEqual({
        key: 'analytics',
      }),
    );
  });

  it('sends GPC opt-out, a DPV purpose and the Consent Mode types with definePurpose, and checks the IRI first', async () => {
    const user = userEvent.setup();
    const { sent } = renderApp({
      route: { page: 'purposes' },
      api: {
        ...adminRole,
        DefinePurpose: (variables) => ({
          data: {
            definePurpose: { dpvPurpose: null, ...(variables.input as object), requiresConsent: true, active: true },
          },
        }),
      },
    });

    await user.type(await screen.findByLabelText('Key'), 'ad-partners');
    await user.type(screen.getByLabelText('Title'), 'Share with advertising partners');
    await user.type(
      screen.getByLabelText('Plain-language description'),
      'Partners show you ads based on what you use.',
    );
    await user.click(
      screen.getByRole('checkbox', { name: 'A Global Privacy Control signal opts people out of this purpose' }),
    );
    const consentMode = screen.getByRole('group', { name: 'Google Consent Mode v2 (optional)' });
    // Ticked out of order; sent in Google's order.
    await user.click(within(consentMode).getByRole('checkbox', { name: /^ad_personalization/ }));
    await user.click(within(consentMode).getByRole('checkbox', { name: /^ad_storage/ }));
    await user.click(within(consentMode).getByRole('checkbox', { name: /^ad_user_data/ }));
    expect(
      within(consentMode)
        .getAllByRole('checkbox')
        .map((box) => box.closest('label')?.querySelector('code')?.textContent),
    ).toEqual(['ad_storage', 'analytics_storage', 'ad_user_data', 'ad_personalization']);

    await user.type(screen.getByLabelText('DPV purpose (optional)'), 'targeted advertising');
    await user.click(screen.getByRole('button', { name: 'Define purpose' }));
    expect(screen.getByLabelText('DPV purpose (optional)').getAttribute('aria-invalid')).toBe('true');
    expect(sent.some((request) => request.operationName === 'DefinePurpose')).toBe(false);

    await user.clear(screen.getByLabelText('DPV purpose (optional)'));
    await user.type(screen.getByLabelText('DPV purpose (optional)'), 'https://w3id.org/dpv#TargetedAdvertising');
    await user.click(screen.getByRole('button', { name: 'Define purpose' }));

    expect(await screen.findByText(/Defined “Share with advertising partners”/)).toBeTruthy();
    expect(sent.find((request) => request.operationName === 'DefinePurpose')?.variables).toEqual({
      input: {
        key: 'ad-partners',
        title: 'Share with advertising partners',
        description: 'Partners show you ads based on what you use.',
        legalBasis: 'CONSENT',
        gpcOptOut: true,
        dpvPurpose: 'https://w3id.org/dpv#TargetedAdvertising',
        consentMode: ['ad_storage', 'ad_user_data', 'ad_personalization'],
      },
    });
    // The form is empty again for the next purpose.
    expect(
      screen.getByRole<HTMLInputElement>('checkbox', {
        name: 'A Global Privacy Control signal opts people out of this purpose',
      }).checked,
    ).toBe(false);
  });

  it('lists each purpose’s GPC opt-out, DPV purpose and Consent Mode types', async () => {
    renderApp({
      route: { page: 'purposes' },
      api: {
        Purposes: () => ({
          data: {
            purposes: [
              {
                key: 'ad-partners',
                title: 'Share with advertising partners',
                description: 'Partners show you ads.',
                legalBasis: 'CONSENT',
                requiresConsent: true,
                active: true,
                gpcOptOut: true,
                dpvPurpose: 'https://w3id.org/dpv#TargetedAdvertising',
                consentMode: ['ad_storage', 'ad_personalization'],
              },
              {
                key: 'analytics',
                title: 'Product analytics',
                description: 'Counting.',
                legalBasis: 'CONSENT',
                requiresConsent: true,
                active: true,
                gpcOptOut: false,
                dpvPurpose: null,
                consentMode: [],
              },
            ],
          },
        }),
      },
    });

    await screen.findByText('Share with advertising partners');
    const partners = document.querySelector<HTMLElement>('li[data-purpose="ad-partners"]')!;
    expect(partners.textContent).toContain('Global Privacy ControlThe signal opts people out');
    expect(partners.textContent).toContain('https://w3id.org/dpv#TargetedAdvertising');
    expect(partners.textContent).toContain('Consent Modead_storage, ad_personalization');
    expect(document.querySelector<HTMLElement>('li[data-purpose="analytics"]')!.querySelector('dl')).toBeNull();
  });
});
