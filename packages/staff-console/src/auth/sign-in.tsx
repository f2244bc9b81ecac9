import { useId, useRef, useState, type FormEvent } from 'react';
import { createGraphQLClient } from '@assent/web-kit';
import { errorText } from '../ui/error-text';
import { SignedOutLayout } from '../ui/page-layout';
import { probeRole, type StaffRole } from './role.queries';

/** Why the sign-in page is showing, when it is not the first visit. */
export type SignInReason = 'signed-out' | 'key-rejected' | null;

const REASON_TEXT: Record<Exclude<SignInReason, null>, string> = {
  'signed-out': 'You are signed out. The key has been removed from this tab.',
  'key-rejected': 'This key is not valid any more (revoked or unknown). Sign in with a current key.',
};

/**
 * Sign in by pasting an API key. The key is checked against the API (and its
 * role learnt) before it is kept, in sessionStorage only.
 */
export function SignIn({
  reason,
  onSignedIn,
}: {
  reason: SignInReason;
  onSignedIn: (apiKey: string, role: StaffRole) => void;
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
    <SignedOutLayout title="Sign in">
      {reason && (
        <p className="notice-box" role="status">
          {REASON_TEXT[reason]}
        </p>
      )}
      <form className="card form" onSubmit={(event) => void submit(event)} noValidate>
        <div className="field">
          <label htmlFor={inputId}>API key</label>
          <p id={hintId} className="hint">
            A Support or Admin key (starts with <code>assent_sk_</code>), or the server’s admin token. It is kept in
            this tab only and forgotten when you close it or sign out.
          </p>
          <input
            ref={input}
            id={inputId}
            name="apiKey"
            type="password"
            autoComplete="off"
            spellCheck={false}
            autoFocus
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
          {checking ? 'Checking the key…' : 'Sign in'}
        </button>
      </form>
    </SignedOutLayout>
  );
}
