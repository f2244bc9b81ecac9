import { randomBytes } from 'node:crypto';
import type { AccessRepository } from '../db/access.repository.ts';
import { isSealed, type KeyEncryption } from './key-encryption.ts';

/** The context a setting's value is sealed for: a sealed value copied to another setting does not open there. */
export const settingContext = (key: string) => `setting:${key}`;

/**
 * A secret the server generates once and keeps in the settings table, sealed under the KEK. A value stored in clear by
 * an earlier version is sealed in place the first time it is read (idempotent: `isSealed` tells the two apart).
 */
export async function sealedSetting(
  access: Pick<AccessRepository, 'ensureSetting' | 'replaceSetting'>,
  kek: KeyEncryption,
  key: string,
): Promise<string> {
  const context = settingContext(key);
  const stored = await access.ensureSetting(key, kek.seal(randomBytes(32).toString('base64url'), context));
  if (isSealed(stored)) return kek.openText(stored, context);
  // Written before secrets were sealed: seal it where it is (another instance may have done so first).
  if (!(await access.replaceSetting(key, stored, kek.seal(stored, context)))) return sealedSetting(access, kek, key);
  return stored;
}
