import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { renderApp } from '../../test/render-app';

const withSearch = {
  QueryFields: () => ({ data: { __type: { fields: [{ name: 'subject' }, { name: 'subjectsByPrefix' }] } } }),
  RecentlyChangedSubjects: (variables: Record<string, unknown>) => ({
    data: {
      recentlyChangedSubjects: variables.after
        ? {
            subjects: [{ subjectId: 'old-1', lastChangeAt: '2026-11-20T10:00:00.000Z' }],
            endCursor: null,
            hasNextPage: false,
          }
        : {
            subjects: [{ subjectId: 'jane-42', lastChangeAt: '2026-11-29T10:00:00.000Z' }],
            endCursor: 'c1',
            hasNextPage: true,
          },
    },
  }),
  SubjectsByPrefix: (variables: Record<string, unknown>) => ({
    data: {
      subjectsByPrefix: {
        subjects: [{ subjectId: `${String(variables.prefix)}-7`, lastChangeAt: '2026-11-28T10:00:00.000Z' }],
        endCursor: null,
        hasNextPage: false,
      },
    },
  }),
};

describe('SubjectLists', () => {
  it('lists recently changed subjects, more on demand, and opens one on click', async () => {
    const user = userEvent.setup();
    renderApp({ api: withSearch });
    const recent = await screen.findByRole('region', { name: 'Recently changed' });
    await user.click(await within(recent).findByRole('button', { name: 'Show more' }));
    expect(await within(recent).findByRole('button', { name: 'old-1' })).toBeTruthy();
    await user.click(within(recent).getByRole('button', { name: 'jane-42' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Subject jane-42' })).toBeTruthy();
  });

  it('shows the subjects whose id starts with what is typed (two characters or more)', async () => {
    const user = userEvent.setup();
    const { sent } = renderApp({ api: withSearch });
    await user.type(await screen.findByLabelText('Subject ID'), 'cus');
    const matches = await screen.findByRole('region', { name: 'Subjects whose ID starts with “cus”' });
    expect(await within(matches).findByRole('button', { name: 'cus-7' })).toBeTruthy();
    expect(sent.filter((r) => r.operationName === 'SubjectsByPrefix').map((r) => r.variables.prefix)).toEqual(['cus']);
  });

  it('is left out when the server has no subject search', async () => {
    renderApp();
    await screen.findByLabelText('Subject ID');
    expect(screen.queryByRole('region', { name: 'Recently changed' })).toBeNull();
  });
});
