import path from 'node:path';
import { repoRoot, type Env } from '../env.ts';
import type { Logger } from '../logger.ts';
import { keyEncryption, loadMasterKey, type KeyEncryption } from './key-encryption.ts';

/** The key-encryption key from ASSENT_MASTER_KEY, or the development key file (crypto/key-encryption.ts). */
export function openKeyEncryption(env: Env, logger: Logger): KeyEncryption {
  const file = path.resolve(repoRoot, env.ASSENT_MASTER_KEY_FILE);
  return keyEncryption(
    loadMasterKey({
      value: env.ASSENT_MASTER_KEY,
      file,
      production: env.NODE_ENV === 'production',
      warn: (message) => logger.warn(message),
    }),
  );
}
