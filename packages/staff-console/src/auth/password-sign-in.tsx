import { useId, useRef, useState, type FormEvent } from 'react';
import { isApiError } from '@assent/web-kit';
import { errorText } from '../ui/error-text';
import { useStaffSessionApi, type StaffSessionAnswer } from './staff-session.api';

/**
 * Sign in with a local staff account: email and password, and the authenticator code when the server asks for one
 * (accounts with TOTP enrolled). The server sets an HttpOnly session cookie; the page keeps only the CSRF token.
 */
export function PasswordSignIn({
  onSignedIn,
}: {
  onSignedIn: (answer: StaffSessionAnswer & { signedIn: true }) => void;
}) {
  const api = useStaffSessionApi();
  const emailId = useId();
  const passwordId = useId();
  const codeId = useId();
  const errorId = useId();
  const codeInput = useRef<HTMLInputElement>(null);
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [needsCode, setNeedsCode] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [checking, setChecking] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (checking) return;
    if (!email.trim() || !password) {
      setError('Enter your email address and your password.');
      return;
    }
    setChecking(true);
    setError(null);
    try {
      onSignedIn(await api.signIn({ email: email.trim(), password, ...(needsCode ? { totpCode: code.trim() } : {}) }));
      return;
    } catch (caught) {
      if (isApiError(caught, 'UNAUTHENTICATED') && caught.extensions.totpRequired === true) {
        const first = !needsCode;
        setNeedsCode(true);
        setError(first ? null : caught.message);
        requestAnimationFrame(() => codeInput.current?.focus());
      } else if (isApiError(caught, 'UNAUTHENTICATED') || isApiError(caught, 'FORBIDDEN')) setError(caught.message);
      else setError(`Could not sign in. ${errorText(caught)}`);
    } finally {
      setChecking(false);
    }
  };

  const described = (hint?: string) => [hint, error ? errorId : undefined].filter(Boolean).join(' ') || undefined;
  return (
    <form
      className="card form"
      onSubmit={(event) => void submit(event)}
      noValidate
      aria-label="Sign in with your staff account"
    >
      <div className="field">
        <label htmlFor={emailId}>Email</label>
        <input
          id={emailId}
          name="email"
          type="email"
          autoComplete="username"
          autoFocus
          value={email}
          onChange={(event) => setEmail(event.target.value)}
          aria-describedby={described()}
          aria-invalid={error ? true : undefined}
        />
      </div>
      <div className="field">
        <label htmlFor={passwordId}>Password</label>
        <input
          id={passwordId}
          name="password"
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={(event) => setPassword(event.target.value)}
          aria-describedby={described()}
          aria-invalid={error ? true : undefined}
        />
      </div>
      {needsCode && (
        <div className="field">
          <label htmlFor={codeId}>Authenticator code</label>
          <p className="hint" id={`${codeId}-hint`}>
            The 6-digit code your authenticator app shows for Assent.
          </p>
          <input
            ref={codeInput}
            id={codeId}
            name="totpCode"
            inputMode="numeric"
            autoComplete="one-time-code"
            pattern="[0-9]*"
            maxLength={6}
            value={code}
            onChange={(event) => setCode(event.target.value)}
            aria-describedby={described(`${codeId}-hint`)}
          />
        </div>
      )}
      {error && (
        <p id={errorId} className="field-error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" className="button button--primary" aria-disabled={checking}>
        {checking ? 'Signing in…' : 'Sign in'}
      </button>
    </form>
  );
}
