import type { ActorKind, Channel, ConsentAction, ConsentStatus, LegalBasis } from '../gql/graphql';

/** How a ledger entry came about, as much as the record tells. */
export interface HowRecorded {
  channel: Channel;
  method: string;
  actorKind: ActorKind;
}

/**
 * Every piece of text the privacy center shows, in English. Other languages
 * implement the same shape (`Messages`), so a missing string is a type error.
 */
export const en = {
  /** BCP 47 tag for <html lang> and date formatting. */
  lang: 'en',
  app: {
    documentTitle: 'Privacy center',
    skipLink: 'Skip to content',
    productName: 'Privacy center',
    pageTitle: 'Your privacy choices',
    intro: 'See what we do with your data, change your choices at any time, and download your record.',
    loading: 'Loading your privacy choices…',
    retry: 'Try again',
  },
  token: {
    missingTitle: 'This link is incomplete',
    missingBody:
      'The privacy center opens from a personal link in your account. That link was not part of this address, so we cannot show your choices.',
    missingAction: 'Go back to your account settings and open the privacy center from there.',
    expiredTitle: 'This link has expired or is not valid',
    expiredBody:
      'For your security, a privacy center link works for a short time only. This one has expired or was not copied completely.',
    expiredAction: 'Go back to your account settings and open the privacy center again. Your choices are saved.',
    forbiddenTitle: 'This link is not for a personal privacy center',
    forbiddenBody: 'The link you used does not belong to a person’s account, so there are no choices to show.',
  },
  errors: {
    generic: 'Something went wrong on our side. Please try again in a moment.',
    network: 'We could not reach the server. Check your connection and try again.',
    rateLimited: 'Too many requests in a short time. Wait a moment, then try again.',
    expired: 'Your link has expired. Open the privacy center again from your account settings.',
    notApplicable: 'This purpose does not take consent, so there is nothing to change.',
    loadFailed: (what: string) => `We could not load ${what}.`,
  },
  notice: {
    heading: 'Our privacy notice',
    version: (version: number, date: string) => `Version ${version}, published ${date}`,
    effective: (date: string) => `In force since ${date}`,
    what: 'the privacy notice',
    language: 'Language of the notice',
  },
  consents: {
    heading: 'Choices that need your consent',
    intro:
      'We only do these things if you allow them. Switch each one on or off at any time; your choice takes effect at once.',
    none: 'Nothing needs your consent at the moment.',
    what: 'your choices',
    status: {
      GRANTED: 'Allowed',
      NOT_GIVEN: 'Not allowed',
      WITHDRAWN: 'Not allowed',
      RECONSENT_REQUIRED: 'Not allowed: changed, needs your consent again',
      NOT_APPLICABLE: 'No consent needed',
      REFUSED: 'You said no',
    } satisfies Record<ConsentStatus, string>,
    lastChanged: (date: string) => `Last changed ${date}`,
    neverChanged: 'No choice recorded yet.',
    saving: 'Saving…',
    saveFailed: (title: string, reason: string) =>
      `We could not save your choice for “${title}”, so it is back to what it was. ${reason}`,
    dismiss: 'Dismiss',
    welcomeIntro: 'Choose what you allow. Nothing is on until you turn it on; saying no does not limit the service.',
    acceptAll: 'Accept all',
    rejectAll: 'Reject all',
    allSaved: {
      'privacy-center/accept-all': 'Saved: you allowed all of these. You can switch each one off at any time.',
      'privacy-center/reject-all': 'Saved: you said no to all of these. You can switch each one on at any time.',
    },
    saveAllFailed: (reason: string) => `We could not save your choices, so nothing has changed. ${reason}`,
    sayNo: 'Say no',
    sayNoTo: (title: string) => `Say no to “${title}”`,
    gpcHint: 'Global Privacy Control applies: if your browser sends the signal, we treat it as a no.',
  },
  gpc: {
    recorded: 'Your browser asked us not to sell or share your data; we have recorded that.',
    recording: 'Your browser asked us not to sell or share your data; we are recording that…',
    failed: (reason: string) =>
      `Your browser asked us not to sell or share your data, but we could not record that yet. ${reason}`,
  },
  otherBases: {
    heading: 'Processing that does not need your consent',
    intro:
      'For these we rely on another lawful basis, so there is nothing to switch on or off. You can still ask us about them, and object where the law allows.',
    none: 'We do nothing with your data on another basis at the moment.',
    basisLabel: 'Why we may do this:',
    basis: {
      CONTRACT: 'Needed to provide the service you signed up for.',
      LEGAL_OBLIGATION: 'Required by law, e.g. tax law.',
      LEGITIMATE_INTERESTS:
        'In our legitimate interest, weighed against your rights, e.g. keeping the service secure. You can object to it.',
      VITAL_INTERESTS: 'Needed to protect someone’s life or health.',
      PUBLIC_TASK: 'Needed for a task in the public interest that we are charged with.',
      CONSENT: 'Only with your consent.',
    } satisfies Record<LegalBasis, string>,
  },
  prompt: {
    heading: 'Our privacy notice has changed',
    intro: (version: number) =>
      `We updated our privacy notice (version ${version}). Please decide on each point below. Nothing is allowed until you choose.`,
    newPurpose: 'New',
    changedPurpose: 'Changed',
    before: (version: number) => `Before (version ${version})`,
    beforeAgreed: (version: number) => `Before (version ${version}, what you agreed to)`,
    now: (version: number) => `Now (version ${version})`,
    choice: (title: string) => `Your choice for “${title}”`,
    allow: 'Allow',
    deny: 'Don’t allow',
    saved: { GRANT: 'Saved: allowed.', WITHDRAW: 'Saved: not allowed.', REFUSE: 'Saved: not allowed.' },
    decideLater: 'Decide later',
    decideLaterHint: 'Deciding later allows nothing. We will ask again next time.',
    allDecided: 'Thank you, your choices are saved.',
    close: 'Close',
  },
  receipt: {
    button: 'Download receipt',
    preparing: 'Preparing the receipt…',
    saved: (fileName: string) => `Saved as ${fileName}.`,
    failed: (reason: string) => `The receipt could not be made: ${reason}`,
    summaryHeading: 'What the receipt says',
    summary: (state: string, when: string, purposeKey: string) =>
      `Consent ${state === 'given' ? 'given' : state === 'refused' ? 'refused' : 'withdrawn'} on ${when} for “${purposeKey}”.`,
    explain:
      'The file is this entry signed by us (a JSON Web Signature). Anyone can check it against our public keys at /.well-known/jwks.json; a changed byte makes the check fail.',
    fingerprint: 'Ledger fingerprint:',
  },
  history: {
    heading: 'Your history',
    intro: 'Every choice recorded for you, newest first. Entries are never changed or deleted.',
    what: 'your history',
    empty: 'No choices recorded yet.',
    action: {
      GRANT: (title: string) => `Granted: ${title}`,
      WITHDRAW: (title: string) => `Withdrew: ${title}`,
      REFUSE: (title: string) => `Said no to ${title}`,
      ERASE: () => 'Your identifying data was erased',
    } satisfies Record<ConsentAction, (title: string) => string>,
    when: 'When',
    how: 'How',
    notice: 'Under notice',
    howRecorded: ({ channel, method, actorKind }: HowRecorded): string => {
      const by =
        actorKind === 'SUPPORT'
          ? ', recorded by our support team'
          : actorKind === 'ADMIN'
            ? ', recorded by an administrator'
            : '';
      if (method === 'privacy-center/toggle') return `With a switch in this privacy center${by}`;
      if (method === 'privacy-center/prompt') return `When asked about the changed notice${by}`;
      if (method === 'privacy-center/say-no') return `With “Say no” in this privacy center${by}`;
      if (method === 'privacy-center/accept-all') return `With “Accept all” in this privacy center${by}`;
      if (method === 'privacy-center/reject-all') return `With “Reject all” in this privacy center${by}`;
      if (method === 'gpc') return `By your browser’s Global Privacy Control signal${by}`;
      if (method.startsWith('banner/')) return `With the privacy banner on our website${by}`;
      switch (channel) {
        case 'OFFLINE':
          return `By a support call or in person${by}`;
        case 'API':
          return `Through our systems (API)${by}`;
        case 'EMAIL':
          return `By email${by}`;
        case 'MOBILE':
          return `In the mobile app${by}`;
        case 'WEB':
          return `On the website${by}`;
      }
    },
    noticeVersion: (version: number) => `Version ${version}`,
    showNotice: (version: number) => `Show notice version ${version}`,
    hideNotice: (version: number) => `Hide notice version ${version}`,
    noticeMissing: 'This notice version could not be found.',
    noticeWhat: 'this notice version',
    shown: (shown: number, total: number) => `Showing ${shown} of ${total}`,
    loadMore: 'Load more',
    loadingMore: 'Loading more…',
  },
  download: {
    heading: 'Download my record',
    intro:
      'A JSON file with your current choices and your full history, including any evidence stored with each entry.',
    button: 'Download my record',
    preparing: 'Preparing your file…',
    done: 'Your file has been downloaded.',
    failed: (reason: string) => `We could not prepare your file. ${reason}`,
    fileName: (date: string) => `my-consent-record-${date}.json`,
  },
};

/** The shape every language implements. */
export type Messages = typeof en;
