import { screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { meFirstVisit, meFixture, record } from '../../test/fixtures';
import { renderApp } from '../../test/render-app';

const NOTE = 'Your browser asked us not to sell or share your data; we have recorded that.';

function setBrowserGpc(value: boolean | undefined) {
  Object.defineProperty(navigator, 'globalPrivacyControl', { value, configurable: true });
}

afterEach(() => {
  Reflect.deleteProperty(navigator, 'globalPrivacyControl');
});

describe('Global Privacy Control', () => {
  it('records navigator.globalPrivacyControl once per load with applyGpc and says so calmly', async () => {
    setBrowserGpc(true);
    const { sent } = renderApp({
      api: {
        Me: () => ({ data: meFirstVisit() }),
        ApplyGpc: () => ({ data: { applyGpc: [record({ purposeKey: 'partners', action: 'REFUSE', method: 'gpc' })] } }),
      },
    });

    expect((await screen.findByText(NOTE)).closest('[role="status"]')).toBeTruthy();
    const applied = sent.filter((request) => request.operationName === 'ApplyGpc');
    expect(applied).toEqual([
      {
        operationName: 'ApplyGpc',
        variables: { signal: 'navigator.globalPrivacyControl' },
        authorization: 'Bearer subject-token-1',
      },
    ]);
    // The records it made are fetched again, but the signal is not sent twice.
    await waitFor(() => expect(sent.filter((request) => request.operationName === 'Me').length).toBeGreaterThan(1));
    expect(sent.filter((request) => request.operationName === 'ApplyGpc')).toHaveLength(1);
    // The browser already said so: no need to ask the server about the header.
    expect(sent.some((request) => request.operationName === 'GpcSignal')).toBe(false);
  });

  it('records the Sec-GPC header the server saw (gpcSignal) when the browser flag is absent', async () => {
    const { sent } = renderApp({
      api: {
        Me: () => ({ data: meFirstVisit() }),
        GpcSignal: () => ({ data: { gpcSignal: true } }),
        ApplyGpc: () => ({ data: { applyGpc: [] } }),
      },
    });

    expect(await screen.findByText(NOTE)).toBeTruthy();
    expect(sent.filter((request) => request.operationName === 'ApplyGpc').map((request) => request.variables)).toEqual([
      { signal: 'Sec-GPC' },
    ]);
  });

  it('marks purposes that a GPC signal opts out of with a short hint', async () => {
    renderApp({ api: { Me: () => ({ data: meFirstVisit() }) } });

    const partners = await screen.findByRole('switch', { name: 'Share with advertising partners' });
    expect(partners.closest('li')?.textContent).toContain('Global Privacy Control applies');
    expect(screen.getByRole('switch', { name: 'Newsletter' }).closest('li')?.textContent).not.toContain(
      'Global Privacy Control',
    );
  });

  it('sends nothing and shows no note without a signal', async () => {
    const { sent } = renderApp({ api: { Me: () => ({ data: meFirstVisit() }) } });

    await screen.findByRole('switch', { name: 'Newsletter' });
    await waitFor(() => expect(sent.some((request) => request.operationName === 'GpcSignal')).toBe(true));
    expect(sent.some((request) => request.operationName === 'ApplyGpc')).toBe(false);
    expect(screen.queryByText(NOTE)).toBeNull();
  });

  it('shows no note when no purpose of this subject is one GPC applies to', async () => {
    setBrowserGpc(true);
    const { sent } = renderApp({
      api: { Me: () => ({ data: meFixture() }), ApplyGpc: () => ({ data: { applyGpc: [] } }) },
    });

    await screen.findByRole('switch', { name: 'Newsletter' });
    await waitFor(() => expect(sent.some((request) => request.operationName === 'ApplyGpc')).toBe(true));
    expect(screen.queryByText(NOTE)).toBeNull();
  });
});
