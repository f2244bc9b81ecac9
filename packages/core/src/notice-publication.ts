import { MAX_CLOCK_SKEW_MS } from './consent-write';
import { AssentError } from './errors';
import { isActive } from './purposes';
import type { Purpose } from './types';

/**
 * The rules of publishing a notice: every purpose it lists exists (NOT_FOUND) and is active, every active purpose is
 * listed, and effectiveAt (default: now) is not in the past beyond clock skew, since a notice cannot change what
 * earlier decisions meant (BAD_USER_INPUT). Returns the instant the notice takes effect.
 */
export function planNoticePublication(i: {
  listed: readonly { purposeKey: string }[];
  purposes: readonly Purpose[];
  effectiveAt?: Date | undefined;
  now: Date;
}): { effectiveAt: Date } {
  const { now } = i;
  const byKey = new Map(i.purposes.map((p) => [p.key, p]));
  for (const np of i.listed) {
    const purpose = byKey.get(np.purposeKey);
    if (!purpose) throw new AssentError('NOT_FOUND', `No purpose with key '${np.purposeKey}'.`);
    if (!isActive(purpose, now))
      throw new AssentError(
        'BAD_USER_INPUT',
        `purposes: '${np.purposeKey}' is retired and cannot appear in a new notice.`,
      );
  }
  const listed = new Set(i.listed.map((np) => np.purposeKey));
  const missing = i.purposes.filter((p) => isActive(p, now) && !listed.has(p.key)).map((p) => p.key);
  if (missing.length)
    throw new AssentError(
      'BAD_USER_INPUT',
      `purposes: every active purpose must appear; missing ${missing.join(', ')}.`,
    );
  const effectiveAt = i.effectiveAt ?? now;
  if (effectiveAt.getTime() < now.getTime() - MAX_CLOCK_SKEW_MS) {
    throw new AssentError(
      'BAD_USER_INPUT',
      'effectiveAt: cannot be in the past; a notice cannot change what earlier decisions meant.',
    );
  }
  return { effectiveAt };
}
