import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { graphqlError } from '@assent/web-kit/test';
import { renderApp } from './test/render-app';

describe('App', () => {
  it('shows a clear page, and asks nothing of the server, when the link carried no token', async () => {
    const { fetchMock } = renderApp({ token: null });

    expect(screen.getByRole('heading', { level: 1, name: 'This link is incomplete' })).toBeTruthy();
    expect(screen.getByText(/open the privacy center from there/i)).toBeTruthy();
    expect(screen.getByRole('main')).toBeTruthy();
    expect(screen.getByRole('banner')).toBeTruthy();
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('shows an expired-link page when the API answers UNAUTHENTICATED', async () => {
    renderApp({ api: { Me: () => graphqlError('UNAUTHENTICATED', 'Subject token expired') } });

    expect(
      await screen.findByRole('heading', { level: 1, name: 'This link has expired or is not valid' }),
    ).toBeTruthy();
    expect(screen.queryByText(/Subject token expired/)).toBeNull();
  });

  it('sends the subject token as a Bearer token', async () => {
    const { sent } = renderApp({ token: 'tok-42' });

    await screen.findByRole('heading', { level: 2, name: 'Choices that need your consent' });
    expect(sent.find((request) => request.operationName === 'Me')?.authorization).toBe('Bearer tok-42');
  });

  it('shows a loading state, then the current notice with its version', async () => {
    renderApp();

    expect(screen.getByRole('status').textContent).toMatch(/Loading/);
    const notice = await screen.findByRole('region', { name: 'Our privacy notice' });
    expect(notice.textContent).toContain('Version 2, published');
    expect(notice.textContent).toContain('We now also tailor offers');
  });

  it('shows an error with a retry button, not a stack trace, when `me` fails for another reason', async () => {
    renderApp({ api: { Me: () => graphqlError('INTERNAL_SERVER_ERROR', 'Unexpected error.') } });

    expect((await screen.findByRole('alert')).textContent).toContain('We could not load your choices.');
    expect(screen.getByRole('button', { name: 'Try again' })).toBeTruthy();
  });

  it('tells an erased person so, and offers no choices that could only be refused', async () => {
    const erase = {
      cursor: 'r9',
      node: {
        id: 'r9',
        purposeKey: 'assent.erasure',
        action: 'ERASE',
        channel: 'API',
        method: 'eraseSubject',
        occurredAt: '2026-03-05T10:15:00.000Z',
        actor: { kind: 'SYSTEM' },
        locale: null,
        noticeVersion: { id: 'notice-2', version: 2, locale: 'en', purposes: [] },
      },
    };
    renderApp({
      api: {
        ConsentHistory: () => ({
          data: {
            consentHistory: {
              edges: [
                erase,
                { cursor: 'r1', node: { ...erase.node, id: 'r1', purposeKey: 'offers', action: 'GRANT' } },
              ],
              pageInfo: { hasNextPage: false, endCursor: null },
              totalCount: 2,
            },
          },
        }),
      },
    });

    const note = await screen.findByRole('region', { name: 'Your data was erased' });
    expect(note.textContent).toContain('nothing more can be saved here');
    expect(screen.queryByRole('heading', { level: 2, name: 'Choices that need your consent' })).toBeNull();
    expect(screen.queryAllByRole('switch')).toEqual([]);
    const history = screen.getByRole('region', { name: 'Your history' });
    expect(history.textContent).toContain('Your identifying data was erased');
    expect(history.textContent).toContain('Granted');
    expect(within(history).queryByRole('button', { name: /receipt/i })).toBeNull();
  });

  it('explains processing on other legal bases in plain words, with no switch', async () => {
    renderApp();

    const other = await screen.findByRole('region', { name: 'Processing that does not need your consent' });
    expect(other.textContent).toContain('Billing');
    expect(other.textContent).toContain('Needed to provide the service you signed up for.');
    expect(other.querySelector('input')).toBeNull();
    expect(screen.queryByRole('switch', { name: 'Billing' })).toBeNull();
  });
});
