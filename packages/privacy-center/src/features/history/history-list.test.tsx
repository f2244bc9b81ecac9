import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderApp } from '../../test/render-app';

function entry(id: string, action: 'GRANT' | 'WITHDRAW' | 'REFUSE', method: string) {
  return {
    cursor: id,
    node: {
      id,
      purposeKey: 'offers',
      action,
      channel: 'WEB',
      method,
      occurredAt: '2026-03-04T10:15:00.000Z',
      actor: { kind: 'SUBJECT' },
      noticeVersion: { id: 'notice-2', version: 2 },
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
  });
});
