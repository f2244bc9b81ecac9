import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '@assent/web-kit';
import type { StaffSessionApi } from '../../auth/staff-session.api';
import { adminRole, renderApp, stubSessionApi } from '../../test/render-app';

const ada = {
  signedIn: true,
  actor: { id: 'staff_1', displayName: 'ada@example.org', role: 'ADMIN', via: 'password' },
  csrfToken: 'csrf-1',
  expiresAt: '2026-12-08T22:00:00.000Z',
} as const;
const renewed = { ...ada, csrfToken: 'csrf-2' } as const;
const NEW = 'three unrelated words here';

/** The account page of Ada's password session, with this stand-in for POST /staff/password. */
const openAccountPage = (changePassword: StaffSessionApi['changePassword']) =>
  renderApp({
    apiKey: null,
    session: ada,
    route: { page: 'account' },
    sessionApi: stubSessionApi({ changePassword }),
    api: adminRole,
  });

describe('Your account: changing your own password', () => {
  it('is reached from the header, sends the current and the new password with the CSRF token, and goes on under the new session', async () => {
    const user = userEvent.setup();
    const changePassword = vi.fn(async () => renewed);
    const signOut = vi.fn(async () => {});
    renderApp({ apiKey: null, session: ada, sessionApi: stubSessionApi({ changePassword, signOut }), api: adminRole });

    await user.click(await screen.findByRole('link', { name: 'Your account' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Your account' })).toBe(document.activeElement);
    await user.type(screen.getByLabelText('Current password'), 'correct horse battery staple');
    await user.type(screen.getByLabelText('New password'), NEW);
    await user.type(screen.getByLabelText('New password again'), NEW);
    await user.click(screen.getByRole('button', { name: 'Change password' }));

    const done = await screen.findByRole('status');
    expect(done.textContent).toContain('Your password was changed');
    await waitFor(() => expect(document.activeElement).toBe(done));
    expect(changePassword).toHaveBeenCalledWith('csrf-1', {
      currentPassword: 'correct horse battery staple',
      newPassword: NEW,
    });
    expect((screen.getByLabelText('Current password') as HTMLInputElement).value).toBe('');
    // The renewed session's CSRF token is the one used from now on.
    await user.click(screen.getByRole('button', { name: 'Sign out' }));
    expect(signOut).toHaveBeenCalledWith('csrf-2');
  });

  it('two different new passwords are caught before anything is sent, and focus goes to the field to fix', async () => {
    const user = userEvent.setup();
    const changePassword = vi.fn(async () => renewed);
    openAccountPage(changePassword);
    await user.type(await screen.findByLabelText('Current password'), 'correct horse battery staple');
    await user.type(screen.getByLabelText('New password'), NEW);
    await user.type(screen.getByLabelText('New password again'), `${NEW}!`);
    await user.click(screen.getByRole('button', { name: 'Change password' }));

    expect((await screen.findByRole('alert')).textContent).toContain('differ');
    await waitFor(() => expect(document.activeElement).toBe(screen.getByLabelText('New password again')));
    expect(screen.getByLabelText('New password again').getAttribute('aria-invalid')).toBe('true');
    expect(changePassword).not.toHaveBeenCalled();
  });

  it("a wrong current password shows the server's message at that field, and the console stays signed in", async () => {
    const user = userEvent.setup();
    const changePassword = vi.fn(async () => {
      throw new ApiError('The current password is not right.', { code: 'UNAUTHENTICATED', status: 401 });
    });
    openAccountPage(changePassword);
    await user.type(await screen.findByLabelText('Current password'), 'wrong');
    await user.type(screen.getByLabelText('New password'), NEW);
    await user.type(screen.getByLabelText('New password again'), NEW);
    await user.click(screen.getByRole('button', { name: 'Change password' }));

    expect((await screen.findByRole('alert')).textContent).toBe('The current password is not right.');
    await waitFor(() => expect(document.activeElement).toBe(screen.getByLabelText('Current password')));
    expect(screen.getByTestId('role').textContent).toBe('Signed in as ada@example.org (Admin)');
  });

  it('single sign-on and API keys have no password here: the page says where it is managed', async () => {
    renderApp({
      apiKey: null,
      session: { ...ada, actor: { ...ada.actor, via: 'oidc' } },
      route: { page: 'account' },
      api: adminRole,
    });
    expect(await screen.findByText(/identity provider/)).toBeTruthy();
    expect(screen.queryByLabelText('Current password')).toBeNull();
  });
});
