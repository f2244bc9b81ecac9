import type { TFunction } from 'i18next';
import type { ActorKind, Channel } from '../../gql/graphql';

/** How a ledger entry came about, as much as the record tells. */
export interface HowRecorded {
  channel: Channel;
  method: string;
  actorKind: ActorKind;
}

/** The privacy center's own methods, by the key of their wording. */
const METHODS = {
  'privacy-center/toggle': 'toggle',
  'privacy-center/prompt': 'prompt',
  'privacy-center/say-no': 'sayNo',
  'privacy-center/accept-all': 'acceptAll',
  'privacy-center/reject-all': 'rejectAll',
  'privacy-center/withdraw-all': 'withdrawAll',
  gpc: 'gpc',
} as const;

/** "With a switch in this privacy center, recorded by our support team": the method if we know it, else the channel. */
export function howRecorded(t: TFunction, { channel, method, actorKind }: HowRecorded): string {
  const known = Object.hasOwn(METHODS, method) ? METHODS[method as keyof typeof METHODS] : undefined;
  const how = known
    ? t(`history.method.${known}`)
    : method.startsWith('banner/')
      ? t('history.method.banner')
      : t(`history.channel.${channel}`);
  return actorKind === 'SUPPORT' || actorKind === 'ADMIN' ? t(`history.recordedBy.${actorKind}`, { how }) : how;
}
