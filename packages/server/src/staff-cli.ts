import { randomBytes } from 'node:crypto';
import type { Core } from './composition-root.ts';
import {
  addStaffAccount,
  disableStaffAccount,
  enrolStaffTotp,
  listStaffAccounts,
  resetStaffPassword,
} from './use-cases/staff-accounts.ts';

const USAGE = `Usage:
  pnpm assent staff add <email> --role SUPPORT|ADMIN [--password-stdin]
  pnpm assent staff list
  pnpm assent staff password <email> [--password-stdin]
  pnpm assent staff disable <email>
  pnpm assent staff totp <email>`;

/** Reads all of stdin (a password piped in), without its final line break. */
async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

/**
 * The password of `staff add` and `staff password`: piped in with --password-stdin, or generated, and then `show`
 * prints it once for the operator to hand over (a piped one is not printed).
 */
async function newPassword(flags: string[]): Promise<{ password: string; show: (email: string) => void }> {
  if (flags.includes('--password-stdin')) return { password: await readStdin(), show: () => {} };
  const password = randomBytes(18).toString('base64url');
  return {
    password,
    show: (email) => console.log(`One-time password (shown once, give it to ${email} privately): ${password}`),
  };
}

/** `pnpm assent staff …`: local staff accounts (#18). */
export async function staffCommand(core: Core, args: string[]): Promise<void> {
  const [sub, email, ...rest] = args;
  const deps = core.staff.sessions;
  if (core.staff.oidc && sub !== 'list')
    console.error(
      'Note: ASSENT_OIDC_ISSUER is set, so the console signs staff in through the identity provider; local accounts are not used.',
    );
  switch (sub) {
    case 'add': {
      const at = rest.indexOf('--role');
      const role = at >= 0 ? rest[at + 1] : undefined;
      if (!email || !role) throw new Error(USAGE);
      const { password, show } = await newPassword(rest);
      const account = await addStaffAccount(deps, { email, role, password });
      console.log(`Staff account ${account.email} (${account.role}) added: id ${account.id}.`);
      show(account.email);
      break;
    }
    case 'list': {
      const accounts = await listStaffAccounts(deps);
      if (accounts.length === 0) console.log('No staff accounts.');
      for (const a of accounts)
        console.log(
          [
            a.email,
            a.role,
            a.totp ? 'TOTP' : 'no TOTP',
            a.disabledAt ? `disabled ${a.disabledAt.toISOString()}` : 'active',
            a.id,
          ].join('\t'),
        );
      break;
    }
    case 'password': {
      if (!email) throw new Error(USAGE);
      const { password, show } = await newPassword(rest);
      const account = await resetStaffPassword(deps, { email, password });
      console.log(`Staff account ${account.email} has a new password; its console sessions have ended.`);
      show(account.email);
      break;
    }
    case 'disable': {
      if (!email) throw new Error(USAGE);
      const account = await disableStaffAccount(deps, { email });
      console.log(`Staff account ${account.email} is disabled; its console sessions have ended.`);
      break;
    }
    case 'totp': {
      if (!email) throw new Error(USAGE);
      const { uri } = await enrolStaffTotp(deps, { email });
      console.log(`TOTP enrolled for ${email}: from now on sign-in asks for a code. Add this to an authenticator app:`);
      console.log(uri);
      break;
    }
    default:
      throw new Error(USAGE);
  }
}
