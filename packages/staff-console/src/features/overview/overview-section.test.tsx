import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { renderApp } from '../../test/render-app';
import { overviewToCsv } from './overview-csv';
import type { ConsentOverviewReport } from './overview.queries';
import { lastDays } from './overview-section';

const report: ConsentOverviewReport = {
  from: '2026-11-23',
  to: '2026-11-29',
  interval: 'DAY',
  computedAt: '2026-11-29T09:00:00.000Z',
  purposes: [
    {
      purpose: { key: 'marketing-email', title: 'Marketing emails' },
      shareGranted: 0.625,
      series: [
        { start: '2026-11-28', grants: 4, refusals: 1, withdrawals: 0 },
        { start: '2026-11-29', grants: 2, refusals: 0, withdrawals: 1 },
      ],
      byNoticeVersion: [{ version: 1, granted: 6, refused: 1, decidedLater: 3 }],
      byChannel: [{ key: 'WEB', grants: 6, refusals: 1, withdrawals: 1 }],
      byLocale: [
        { key: '', grants: 1, refusals: 0, withdrawals: 0 },
        { key: 'de', grants: 5, refusals: 1, withdrawals: 1 },
      ],
    },
  ],
};

describe('OverviewSection', () => {
  it('shows the share granted and the same numbers as the charts in tables, per day, notice, channel and language', async () => {
    const { sent } = renderApp({
      route: { page: 'purposes' },
      api: {
        QueryFields: () => ({ data: { __type: { fields: [{ name: 'consentOverview' }] } } }),
        ConsentOverview: () => ({ data: { consentOverview: report } }),
      },
    });
    const section = await screen.findByTestId('consent-overview');
    expect(await within(section).findByText('62.5 %')).toBeTruthy();
    const perDay = within(section).getByRole('table', { name: 'Marketing emails: answers per day' });
    expect(within(perDay).getByRole('row', { name: /2026-11-28/ }).textContent).toBe('2026-11-28410');
    const perNotice = within(section).getByRole('table', { name: 'Marketing emails: answers to each notice version' });
    expect(within(perNotice).getByRole('row', { name: /Version 1/ }).textContent).toBe('Version 1613');
    const perLanguage = within(section).getByRole('table', { name: 'Marketing emails: answers per language' });
    expect(within(perLanguage).getByRole('rowheader', { name: 'German (de)' })).toBeTruthy();
    expect(within(perLanguage).getByRole('rowheader', { name: 'Not recorded' })).toBeTruthy();
    const request = sent.find((r) => r.operationName === 'ConsentOverview')!;
    expect(request.variables).toMatchObject({ interval: 'DAY' });
  });

  it('asks for weeks when the admin picks them', async () => {
    const { sent } = renderApp({
      route: { page: 'purposes' },
      api: {
        QueryFields: () => ({ data: { __type: { fields: [{ name: 'consentOverview' }] } } }),
        ConsentOverview: () => ({ data: { consentOverview: report } }),
      },
    });
    const section = await screen.findByTestId('consent-overview');
    await userEvent.selectOptions(await within(section).findByLabelText('Per'), 'WEEK');
    await userEvent.selectOptions(within(section).getByLabelText('Period'), '90');
    const last = sent.filter((r) => r.operationName === 'ConsentOverview').at(-1)!;
    expect(last.variables).toMatchObject({ interval: 'WEEK' });
    const { from, to } = last.variables as { from: string; to: string };
    expect((Date.parse(to) - Date.parse(from)) / 86_400_000).toBe(89);
  });
});

describe('lastDays', () => {
  it('ends today (UTC) and holds the number of days asked for', () => {
    expect(lastDays(7, 'DAY', new Date('2026-11-29T23:30:00.000Z'))).toEqual({
      from: '2026-11-23',
      to: '2026-11-29',
      interval: 'DAY',
    });
  });
});

describe('overviewToCsv', () => {
  it('writes one row per purpose and table row, the same numbers as on screen', () => {
    const lines = overviewToCsv(report).replace('\uFEFF', '').trimEnd().split('\r\n');
    expect(lines).toEqual([
      'purpose,table,key,grants,refusals,withdrawals,decidedLater,shareGrantedNow',
      'marketing-email,share,,,,,,0.6250',
      'marketing-email,day,2026-11-28,4,1,0,,',
      'marketing-email,day,2026-11-29,2,0,1,,',
      'marketing-email,notice,1,6,1,,3,',
      'marketing-email,channel,WEB,6,1,1,,',
      'marketing-email,language,,1,0,0,,',
      'marketing-email,language,de,5,1,1,,',
    ]);
  });
});
