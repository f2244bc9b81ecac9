import { useSession } from '../auth/session';
import { ROLE_LABEL } from './labels';

/** Why a page or action is not available to this key's role: said plainly instead of a blank page. */
export function Forbidden({ what, needs = 'an Admin key' }: { what: string; needs?: string }) {
  const { role } = useSession();
  return (
    <div className="notice-box notice-box--warning" data-testid="forbidden">
      <p>
        <strong>Not available with a {ROLE_LABEL[role]} key.</strong> {what} needs {needs}; the API refuses it for your
        role (FORBIDDEN).
      </p>
      <p className="meta">
        Ask an administrator if you need this done, or sign out and sign in with a key that has the right role.
      </p>
    </div>
  );
}
