import { useSession } from '../auth/session';
import { ROLE_LABEL } from './labels';

/**
 * Why a page or action is not available to this role: said plainly instead of a blank page, in the words of how the
 * person signed in (their staff account's role, or the API key they pasted).
 */
export function Forbidden({ what, needs = 'Admin' }: { what: string; needs?: 'Admin' | 'Support or Admin' }) {
  const { role, displayName } = useSession();
  const account = displayName !== undefined && displayName !== '';
  return (
    <div className="notice-box notice-box--warning" data-testid="forbidden">
      <p>
        <strong>
          {account
            ? `Not available to your ${ROLE_LABEL[role]} account.`
            : `Not available with a ${ROLE_LABEL[role]} key.`}
        </strong>{' '}
        {what} needs {account ? `the ${needs} role` : `${needs === 'Admin' ? 'an' : 'a'} ${needs} key`}; the API refuses
        it for your role (FORBIDDEN).
      </p>
      <p className="meta">
        {account
          ? 'Ask an administrator if you need this done, or to give your account that role.'
          : 'Ask an administrator if you need this done, or sign out and sign in with a key that has the right role.'}
      </p>
    </div>
  );
}
