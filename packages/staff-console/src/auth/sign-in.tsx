import { useId, useRef, useState, type FormEvent } from 'react';
import { createGraphQLClient } from '@assent/web-kit';
import { errorText } from '../ui/error-text';
import { SignedOutLayout } from '../ui/page-layout';
import { probeRole, type StaffRole } from './role.queries';
import { PasswordSignIn } from './password-sign-in';
import type { StaffSessionAnswer } from './staff-session.api';

/** Why the sign-in page is showing, when it is not the first visit. */
export type SignInReason = 'signed-out' | 'key-rejected' | 'session-ended' | null;

const REASON_TEXT: Record<Exclude<SignInReason, null>, string> = {
  'signed-out': 'You are signed out. Nothing of your sign-in is kept in this tab.',
  'key-rejected': 'This key is not valid any more (revoked or unknown). Sign in with a current key.',
  'session-ended':
    'Your session has ended (signed out elsewhere, timed out, or the account was disabled). Sign in again.',
};

/** The ways this server lets people sign in (GET /staff/session). */
export type SignInMethods = { password: boolean; oidc: { name: string; url: string } | null };

/**
 * The sign-in page. People sign in as themselves: with the organisation's identity provider when the server has one,
 * else with a local staff account. Pasting an API key stays possible (machines, the bootstrap admin token), folded
 * away below when a personal sign-in is offered.
 */
export function SignIn({
  reason,
  methods,
  serverReason,
  onSignedIn,
  onSessionStarted,
}: {
  reason: SignInReason;
  methods: SignInMethods;
  /** Why the server ended the last session, when it said. */
  serverReason?: string | undefined;
  onSignedIn: (apiKey: string, role: StaffRole) => void;
  onSessionStarted: (answer: StaffSessionAnswer & { signedIn: true }) => void;
}) {
  const personal = methods.password || methods.oidc !== null;
  return (
    <SignedOutLayout title="Sign in">
      {(reason || serverReason) && (
        <p className="notice-box" role="status">
          {reason ? REASON_TEXT[reason] : serverReason}
        </p>
      )}
      {methods.oidc && (
        <p>
          <a className="button button--primary" href={methods.oidc.url}>
            Sign in with {methods.oidc.name}
          </a>
        </p>
      )}
      {methods.password && <PasswordSignIn onSignedIn={onSessionStarted} />}
      {personal ? (
        <details className="key-sign-in">
          <summary>Sign in with an API key instead</summary>
          <KeySignIn onSignedIn={onSignedIn} buttonLabel="Sign in with the key" alone={false} />
        </details>
      ) : (
        <KeySignIn onSignedIn={onSignedIn} buttonLabel="Sign in" alone />
      )}
    </SignedOutLayout>
  );
}

/**
 * Sign in by pasting an API key. The key is checked against the API (and its
 * role learnt) before it is kept, in sessionStorage only.
 */
function KeySignIn({
  onSignedIn,
  buttonLabel,
  alone,
}: {
  onSignedIn: (apiKey: string, role: StaffRole) => void;
  buttonLabel: string;
  /** The only form on the page (it takes the focus). */
  alone: boolean;
}) {
  const inputId = useId();
  const hintId = useId();
  const errorId = useId();
  const input = useRef<HTMLInputElement>(null);
  const [value, setValue] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [checking, setChecking] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (checking) return;
    const candidate = value.trim();
    if (!candidate) {
      setError('Paste an API key first.');
      input.current?.focus();
      return;
    }
    setChecking(true);
    setError(null);
    try {
      const result = await probeRole(createGraphQLClient({ getToken: () => candidate }));
      if (result.kind === 'role') {
        onSignedIn(candidate, result.role);
        return;
      }
      setError(
        result.kind === 'invalid'
          ? 'This key is not valid. Check that you copied all of it, or ask an administrator for a new one.'
          : 'This is a privacy-center link token for one person, not a staff API key. Use a Support or Admin API key.',
      );
    } catch (caught) {
      setError(`Could not check the key. ${errorText(caught)}`);
    } finally {
      setChecking(false);
    }
    input.current?.focus();
  };

  return (
    <form className="card form" onSubmit={(event) => void submit(event)} noValidate>
      <div className="field">
        <label htmlFor={inputId}>API key</label>
        <p id={hintId} className="hint">
          A Support or Admin key (starts with <code>assent_sk_</code>), or the server’s admin token. It is kept in this
          tab only and forgotten when you close it or sign out.
        </p>
        <input
          ref={input}
          id={inputId}
          name="apiKey"
          type="password"
          autoComplete="off"
          spellCheck={false}
          autoFocus={alone}
          value={value}
          onChange={(event) => setValue(event.target.value)}
          aria-describedby={error ? `${hintId} ${errorId}` : hintId}
          aria-invalid={error ? true : undefined}
        />
        {error && (
          <p id={errorId} className="field-error" role="alert">
            {error}
          </p>
        )}
      </div>
      <button type="submit" className="button button--primary" aria-disabled={checking}>
        {checking ? 'Checking the key…' : buttonLabel}
      </button>
    </form>
  );
}
