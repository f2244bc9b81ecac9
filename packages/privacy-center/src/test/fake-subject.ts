import type { GraphQLResolver } from '@assent/web-kit/test';
import type { ConsentAction, ConsentStatus, MeQuery } from '../gql/graphql';
import { record } from './fixtures';

const STATUS_AFTER: Partial<Record<ConsentAction, ConsentStatus>> = {
  GRANT: 'GRANTED',
  REFUSE: 'REFUSED',
  WITHDRAW: 'WITHDRAWN',
};

/**
 * A server that remembers: `Me` answers with the decisions recorded so far,
 * so the refetch after a change shows what the server would.
 */
export function fakeSubject(initial: MeQuery): Record<string, GraphQLResolver> {
  let me = initial;
  const apply = (purposeKey: string, action: ConsentAction, method: string) => {
    const made = record({ purposeKey, action, method, occurredAt: new Date().toISOString() });
    const purposes = me.me.purposes.map((item) =>
      item.purpose.key === purposeKey
        ? { ...item, status: STATUS_AFTER[action] ?? item.status, needsPrompt: false, lastRecord: made }
        : item,
    );
    me = { me: { ...me.me, purposes, needsPrompt: purposes.some((item) => item.needsPrompt) } };
    return made;
  };
  const single =
    (action: ConsentAction, field: string): GraphQLResolver =>
    (variables) => {
      const input = variables.input as { purposeKey: string; method: string };
      return { data: { [field]: apply(input.purposeKey, action, input.method) } };
    };
  return {
    Me: () => ({ data: me }),
    GrantConsent: single('GRANT', 'grantConsent'),
    RefuseConsent: single('REFUSE', 'refuseConsent'),
    WithdrawConsent: single('WITHDRAW', 'withdrawConsent'),
    RecordChoices: (variables) => {
      const input = variables.input as { method: string; choices: { purposeKey: string; action: ConsentAction }[] };
      return {
        data: { recordChoices: input.choices.map((choice) => apply(choice.purposeKey, choice.action, input.method)) },
      };
    },
  };
}
