import type { Channel, ConsentStatus } from './types';

/** Where an RFC 8058 one-click unsubscribe is recorded: the channel and method of its WITHDRAW. */
export const ONE_CLICK_UNSUBSCRIBE: { readonly channel: Channel; readonly method: string } = {
  channel: 'EMAIL',
  method: 'email/one-click',
};

/** The body (application/x-www-form-urlencoded) RFC 8058 has mail providers POST, and the header that announces it. */
export const ONE_CLICK_BODY = { name: 'List-Unsubscribe', value: 'One-Click' } as const;

/**
 * Whether an unsubscribe records a withdrawal: only while the purpose's status rests on a grant (GRANTED, or a grant a
 * notice made lapse, RECONSENT_REQUIRED, so that the subject is not asked again). Anything else (never given, refused,
 * withdrawn already, another legal basis) already stops the emails, so nothing is recorded and a repeated click changes
 * nothing.
 */
export function unsubscribeWithdraws(status: ConsentStatus): boolean {
  return status === 'GRANTED' || status === 'RECONSENT_REQUIRED';
}

/** The List-Unsubscribe and List-Unsubscribe-Post header values (RFC 2369, RFC 8058) for a one-click URL. */
export function listUnsubscribeHeaders(url: string): { listUnsubscribe: string; listUnsubscribePost: string } {
  return { listUnsubscribe: `<${url}>`, listUnsubscribePost: `${ONE_CLICK_BODY.name}=${ONE_CLICK_BODY.value}` };
}

/** True when a POSTed form is the RFC 8058 one-click body (what the confirmation page's button sends too). */
export function isOneClickBody(form: Readonly<Record<string, unknown>> | undefined): boolean {
  return form?.[ONE_CLICK_BODY.name] === ONE_CLICK_BODY.value;
}
