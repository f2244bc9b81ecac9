import { useId, useState, type FormEvent } from 'react';
import { isApiError } from '@assent/web-kit';
import { useSession } from '../../auth/session';
import { useStaffSessionApi } from '../../auth/staff-session.api';
import { errorText } from '../../ui/error-text';
import { useFocusAfterRender } from '../../ui/focus-after-render';
import { ROLE_LABEL } from '../../ui/labels';
import { PageLayout } from '../../ui/page-layout';

/** Who is signed in, and for a local staff account the form that changes its password. */
export function AccountPage() {
  const { role, displayName, via } = useSession();
  return (
    <PageLayout title="Your account" current="account">
      <dl className="facts account-facts">
        <div>
          <dt>Signed in as</dt>
          <dd>{displayName ?? 'an API key'}</dd>
        </div>
        <div>
          <dt>Role</dt>
          <dd>{ROLE_LABEL[role]}</dd>
        </div>
      </dl>
      {via === 'password' ? (
        <ChangePasswordForm />
      ) : via === 'oidc' ? (
        <p>You signed in through your organisation’s identity provider. Change your password there.</p>
      ) : (
        <p>You signed in with an API key. API keys have no password; an administrator can revoke or replace them.</p>
      )}
    </PageLayout>
  );
}

type Field = 'currentPassword' | 'newPassword' | 'repeat';

/**
 * The current password, the new one twice. On success every other session of the account has ended and this console
 * goes on under the session the server started with the answer.
 */
function ChangePasswordForm() {
  const api = useStaffSessionApi();
  const { csrfToken, sessionRenewed } = useSession();
  const ids = { currentPassword: useId(), newPassword: useId(), repeat: useId() };
  const errorId = useId();
  const hintId = useId();
  const focus = useFocusAfterRender<Field | 'done'>();
  const [values, setValues] = useState<Record<Field, string>>({ currentPassword: '', newPassword: '', repeat: '' });
  const [error, setError] = useState<{ field: Field | null; message: string } | null>(null);
  const [changed, setChanged] = useState(false);
  const [saving, setSaving] = useState(false);

  // Focus on the field to fix, once it is marked invalid and points at the message, so both are read.
  const fail = (field: Field | null, message: string) => {
    setError({ field, message });
    if (field) focus.request(field);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (saving || !csrfToken) return;
    setChanged(false);
    if (!values.currentPassword) return fail('currentPassword', 'Enter your current password.');
    if (!values.newPassword) return fail('newPassword', 'Enter a new password.');
    if (values.repeat !== values.newPassword)
      return fail('repeat', 'The two new passwords differ. Type the new password again.');
    setSaving(true);
    setError(null);
    try {
      const answer = await api.changePassword(csrfToken, {
        currentPassword: values.currentPassword,
        newPassword: values.newPassword,
      });
      sessionRenewed?.(answer);
      setValues({ currentPassword: '', newPassword: '', repeat: '' });
      setChanged(true);
      // The form's fields were emptied: focus goes to the confirmation, which a screen reader then reads.
      focus.request('done');
    } catch (caught) {
      if (isApiError(caught, 'UNAUTHENTICATED')) fail('currentPassword', caught.message);
      else if (isApiError(caught, 'BAD_USER_INPUT'))
        fail(/current password/i.test(caught.message) ? 'currentPassword' : 'newPassword', caught.message);
      else if (isApiError(caught, 'RATE_LIMITED') || isApiError(caught, 'FORBIDDEN')) fail(null, caught.message);
      else fail(null, `Could not change the password. ${errorText(caught)}`);
    } finally {
      setSaving(false);
    }
  };

  const field = (name: Field, label: string, autoComplete: string, hint?: string) => (
    <div className="field">
      <label htmlFor={ids[name]}>{label}</label>
      {hint && (
        <p className="hint" id={hintId}>
          {hint}
        </p>
      )}
      <input
        ref={focus.target(name)}
        id={ids[name]}
        name={name}
        type="password"
        autoComplete={autoComplete}
        value={values[name]}
        onChange={(event) => setValues((v) => ({ ...v, [name]: event.target.value }))}
        aria-describedby={[hint ? hintId : undefined, error?.field === name ? errorId : undefined]
          .filter(Boolean)
          .join(' ')}
        aria-invalid={error?.field === name ? true : undefined}
      />
    </div>
  );

  return (
    <section className="account-password" aria-labelledby="change-password">
      <h2 id="change-password">Change your password</h2>
      <form className="card form" onSubmit={(event) => void submit(event)} noValidate>
        {field('currentPassword', 'Current password', 'current-password')}
        {field(
          'newPassword',
          'New password',
          'new-password',
          'At least 12 characters. A few unrelated words are easy to remember and hard to guess.',
        )}
        {field('repeat', 'New password again', 'new-password')}
        {error && (
          <p id={errorId} className="field-error" role="alert">
            {error.message}
          </p>
        )}
        <button type="submit" className="button button--primary" aria-disabled={saving}>
          {saving ? 'Changing…' : 'Change password'}
        </button>
      </form>
      {changed && (
        <p ref={focus.target('done')} className="notice-box notice-box--success" role="status" tabIndex={-1}>
          Your password was changed. Every other session of your account was signed out; this one goes on.
        </p>
      )}
    </section>
  );
}
