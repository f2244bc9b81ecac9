import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '@assent/web-kit';
import { graphqlError } from '@assent/web-kit/test';
import { adminRole, renderApp, stubSessionApi } from '../test/render-app';
import { API_KEY_STORAGE_KEY } from './session-storage';

describe('SignIn', () => {
  it('asks for an API key in a password field labelled "API key", and sends nothing before one is pasted', async () => {
    const user = userEvent.setup();
    const { fetchMock } = renderApp({ apiKey: null });

    const field = screen.getByLabelText<HTMLInputElement>('API key');
    expect(field.type).toBe('password');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    expect(screen.getByRole('alert').textContent).toContain('Paste an API key first.');
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('a Support key: probes apiKeys, then verifyLedger, with the pasted key; keeps it in sessionStorage only and shows the role', async () => {
    const user = userEvent.setup();
    const { sent } = renderApp({ apiKey: null });

    await user.type(screen.getByLabelText('API key'), '  assent_sk_support  ');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    expect((await screen.findByTestId('role')).textContent).toContain('Support');
    expect(sent.slice(0, 2)).toEqual([
      { operationName: 'ProbeAdmin', variables: {}, authorization: 'Bearer assent_sk_support' },
      { operationName: 'ProbeSupport', variables: {}, authorization: 'Bearer assent_sk_support' },
    ]);
    expect(sessionStorage.getItem(API_KEY_STORAGE_KEY)).toBe('assent_sk_support');
    expect(localStorage.length).toBe(0);
    expect(screen.getByRole('navigation', { name: 'Console sections' })).toBeTruthy();
    // The form that had focus is gone: focus starts again at the page's heading.
    expect(document.activeElement).toBe(screen.getByRole('heading', { level: 1, name: 'Subjects' }));
  });

  it('an Admin key is recognised from apiKeys alone', async () => {
    const user = userEvent.setup();
    const { operations } = renderApp({ apiKey: null, api: adminRole });

    await user.type(screen.getByLabelText('API key'), 'staff-dev-admin-token');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    expect((await screen.findByTestId('role')).textContent).toContain('Admin');
    expect(operations().filter((name) => name.startsWith('Probe'))).toEqual(['ProbeAdmin']);
  });

  it('a key refused by both probes (and not a subject token) is a Service key', async () => {
    const user = userEvent.setup();
    renderApp({ apiKey: null, api: { ProbeSupport: () => graphqlError('FORBIDDEN') } });

    await user.type(screen.getByLabelText('API key'), 'assent_sk_service');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    expect((await screen.findByTestId('role')).textContent).toContain('Service');
  });

  it('an invalid key (UNAUTHENTICATED) shows "This key is not valid" and keeps nothing', async () => {
    const user = userEvent.setup();
    const { operations } = renderApp({
      apiKey: null,
      api: { ProbeAdmin: () => graphqlError('UNAUTHENTICATED', 'Unknown API key.') },
    });

    const field = screen.getByLabelText('API key');
    await user.type(field, 'assent_sk_wrong');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('This key is not valid');
    expect(field.getAttribute('aria-invalid')).toBe('true');
    expect(field.getAttribute('aria-describedby')).toContain(alert.id);
    expect(sessionStorage.getItem(API_KEY_STORAGE_KEY)).toBeNull();
    expect(operations()).toEqual(['ProbeAdmin']);
  });

  it('says so when a privacy-center subject token is pasted instead of a staff key', async () => {
    const user = userEvent.setup();
    renderApp({
      apiKey: null,
      api: {
        ProbeSupport: () => graphqlError('FORBIDDEN'),
        ProbeSubject: () => ({ data: { me: { subjectId: 'x' } } }),
      },
    });

    await user.type(screen.getByLabelText('API key'), 'eyJ.a.b');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    expect((await screen.findByRole('alert')).textContent).toContain('not a staff API key');
    expect(sessionStorage.getItem(API_KEY_STORAGE_KEY)).toBeNull();
  });

  it('signing out forgets the key and returns to the sign-in form', async () => {
    const user = userEvent.setup();
    renderApp();

    await user.click(await screen.findByRole('button', { name: 'Sign out' }));

    expect(screen.getByLabelText('API key')).toBeTruthy();
    expect(screen.getByRole('status').textContent).toContain('You are signed out');
    expect(sessionStorage.getItem(API_KEY_STORAGE_KEY)).toBeNull();
  });

  it('a kept key that has been revoked since leads back to sign-in with the reason', async () => {
    renderApp({
      apiKey: 'assent_sk_revoked',
      api: { ProbeAdmin: () => graphqlError('UNAUTHENTICATED', 'This API key has been revoked.') },
    });

    expect(await screen.findByLabelText('API key')).toBeTruthy();
    expect(screen.getByRole('status').textContent).toContain('not valid any more');
    expect(sessionStorage.getItem(API_KEY_STORAGE_KEY)).toBeNull();
  });

  it('a key revoked while the console is open signs out at the next refused request', async () => {
    renderApp({
      route: { page: 'subjects', subjectId: 'jane-42' },
      api: { VerifySubjectLedger: () => graphqlError('UNAUTHENTICATED', 'This API key has been revoked.') },
    });

    expect(await screen.findByLabelText('API key')).toBeTruthy();
    expect(screen.getByRole('status').textContent).toContain('not valid any more');
    expect(sessionStorage.getItem(API_KEY_STORAGE_KEY)).toBeNull();
  });
});

describe('SignIn as a person (staff sessions)', () => {
  const passwordServer = { signedIn: false, methods: { password: true, oidc: null } } as const;
  const ada = {
    signedIn: true,
    actor: { id: 'staff_1', displayName: 'ada@example.org', role: 'ADMIN', via: 'password' },
    csrfToken: 'csrf-1',
    expiresAt: '2026-12-08T22:00:00.000Z',
  } as const;

  it('with local accounts, email and password sign in, and the header names the person', async () => {
    const user = userEvent.setup();
    const signIn = vi.fn(async () => ada);
    renderApp({ apiKey: null, session: passwordServer, sessionApi: stubSessionApi({ signIn }), api: adminRole });

    await user.type(screen.getByLabelText('Email'), 'ada@example.org');
    await user.type(screen.getByLabelText('Password'), 'correct horse battery staple');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    expect((await screen.findByTestId('role')).textContent).toBe('Signed in as ada@example.org (Admin)');
    expect(signIn).toHaveBeenCalledWith({ email: 'ada@example.org', password: 'correct horse battery staple' });
    // Nothing about the session is kept by the page: the cookie is HttpOnly.
    expect(sessionStorage.getItem(API_KEY_STORAGE_KEY)).toBeNull();
    expect(localStorage.length).toBe(0);
  });

  it('asks for the authenticator code when the account has TOTP, then sends it', async () => {
    const user = userEvent.setup();
    const signIn = vi
      .fn()
      .mockRejectedValueOnce(
        new ApiError('Enter the 6-digit code from your authenticator app.', {
          code: 'UNAUTHENTICATED',
          extensions: { totpRequired: true },
        }),
      )
      .mockResolvedValueOnce(ada);
    renderApp({ apiKey: null, session: passwordServer, sessionApi: stubSessionApi({ signIn }), api: adminRole });

    await user.type(screen.getByLabelText('Email'), 'ada@example.org');
    await user.type(screen.getByLabelText('Password'), 'correct horse battery staple');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    await user.type(await screen.findByLabelText('Authenticator code'), '123456');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    expect(await screen.findByTestId('role')).toBeTruthy();
    expect(signIn).toHaveBeenLastCalledWith({
      email: 'ada@example.org',
      password: 'correct horse battery staple',
      totpCode: '123456',
    });
  });

  it('shows the server’s refusal (the same for an unknown email and a wrong password)', async () => {
    const user = userEvent.setup();
    const signIn = vi.fn(async () => {
      throw new ApiError('The email or the password is not right.', { code: 'UNAUTHENTICATED' });
    });
    renderApp({ apiKey: null, session: passwordServer, sessionApi: stubSessionApi({ signIn }) });

    await user.type(screen.getByLabelText('Email'), 'x@example.org');
    await user.type(screen.getByLabelText('Password'), 'wrong');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    expect((await screen.findByRole('alert')).textContent).toBe('The email or the password is not right.');
  });

  it('with an identity provider, offers "Sign in with <organisation>" and no password form', () => {
    renderApp({
      apiKey: null,
      session: { signedIn: false, methods: { password: false, oidc: { name: 'Example Corp', url: '/staff/login' } } },
    });
    const link = screen.getByRole('link', { name: 'Sign in with Example Corp' });
    expect(link.getAttribute('href')).toBe('/staff/login');
    expect(screen.queryByLabelText('Password')).toBeNull();
  });

  it('signing out ends the session on the server with its CSRF token', async () => {
    const user = userEvent.setup();
    const signOut = vi.fn(async () => {});
    renderApp({ apiKey: null, session: ada, sessionApi: stubSessionApi({ signOut }), api: adminRole });

    await user.click(await screen.findByRole('button', { name: 'Sign out' }));

    expect(signOut).toHaveBeenCalledWith('csrf-1');
    expect(await screen.findByLabelText('API key')).toBeTruthy();
  });
});
