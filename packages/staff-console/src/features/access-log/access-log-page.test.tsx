import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { graphqlError } from '@assent/web-kit/test';
import { adminRole, renderApp } from '../../test/render-app';

const entry = (id: string, subjectId: string) => ({
  id,
  at: '2026-12-06T10:15:00.000Z',
  subjectId,
  operation: 'consentHistory',
  clientIp: '203.0.113.7',
  userAgent: 'Mozilla/5.0',
  requestId: `req-${id}`,
  actor: { kind: 'SUPPORT', id: 'key-1', role: 'SUPPORT', name: 'Helpdesk Berlin' },
});

describe('AccessLogPage', () => {
  it('explains FORBIDDEN to a Support key', async () => {
    renderApp({ route: { page: 'access-log' }, api: { AccessLog: () => graphqlError('FORBIDDEN') } });
    expect((await screen.findByTestId('forbidden')).textContent).toContain('Reading the access log');
  });

  it('lists who read whose data, and filters by subject without putting the id in the address', async () => {
    const user = userEvent.setup();
    const { sent } = renderApp({
      route: { page: 'access-log' },
      api: {
        ...adminRole,
        AccessLog: (variables) => ({
          data: {
            accessLog: {
              entries:
                variables.subjectId == null
                  ? [entry('2', 'anna@example.com'), entry('1', 'erased')]
                  : [entry('2', 'anna@example.com')],
              endCursor: null,
              hasNextPage: false,
            },
          },
        }),
      },
    });
    const table = await screen.findByRole('table');
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(2);
    expect(rows[0]!.textContent).toContain('anna@example.com');
    expect(rows[0]!.textContent).toContain('Helpdesk Berlin');
    expect(rows[0]!.textContent).toContain('203.0.113.7');
    expect(rows[1]!.textContent).toContain('Erased');

    await user.type(screen.getByLabelText('Subject id'), 'anna@example.com');
    await user.click(screen.getByRole('button', { name: 'Show reads' }));
    expect(await screen.findByRole('heading', { name: 'Reads of anna@example.com' })).toBeTruthy();
    expect(sent.filter((r) => r.operationName === 'AccessLog').at(-1)?.variables.subjectId).toBe('anna@example.com');
    expect(window.location.href).not.toContain('anna');
  });
});
