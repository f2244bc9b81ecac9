/**
 * Every piece of text the privacy center shows, in English: the reference catalogue. Each other language has a file
 * beside this one with the same keys (locales.test.ts checks that, and that the `{{placeholders}}` match). Plural
 * keys end in `_one`, `_other` etc., one per plural category of the language (Intl.PluralRules).
 */
export const en = {
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
    loadFailed: 'We could not load {{what}}.',
  },
  notice: {
    heading: 'Our privacy notice',
    version: 'Version {{version}}, published {{date}}',
    effective: 'In force since {{date}}',
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
    },
    lastChanged: 'Last changed {{date}}',
    neverChanged: 'No choice recorded yet.',
    saving: 'Saving…',
    saveFailed: 'We could not save your choice for “{{title}}”, so it is back to what it was. {{reason}}',
    dismiss: 'Dismiss',
    welcomeIntro: 'Choose what you allow. Nothing is on until you turn it on; saying no does not limit the service.',
    acceptAll: 'Accept all',
    rejectAll: 'Reject all',
    acceptedAll: 'Saved: you allowed all of these. You can switch each one off at any time.',
    rejectedAll: 'Saved: you said no to all of these. You can switch each one on at any time.',
    saveAllFailed: 'We could not save your choices, so nothing has changed. {{reason}}',
    sayNo: 'Say no',
    sayNoTo: 'Say no to “{{title}}”',
    gpcHint: 'Global Privacy Control applies: if your browser sends the signal, we treat it as a no.',
  },
  gpc: {
    recorded: 'Your browser asked us not to sell or share your data; we have recorded that.',
    recording: 'Your browser asked us not to sell or share your data; we are recording that…',
    failed: 'Your browser asked us not to sell or share your data, but we could not record that yet. {{reason}}',
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
    },
  },
  prompt: {
    heading: 'Our privacy notice has changed',
    intro:
      'We updated our privacy notice (version {{version}}). Please decide on each point below. Nothing is allowed until you choose.',
    newPurpose: 'New',
    changedPurpose: 'Changed',
    before: 'Before (version {{version}})',
    beforeAgreed: 'Before (version {{version}}, what you agreed to)',
    now: 'Now (version {{version}})',
    choice: 'Your choice for “{{title}}”',
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
    saved: 'Saved as {{fileName}}.',
    failed: 'The receipt could not be made: {{reason}}',
    summaryHeading: 'What the receipt says',
    summary: {
      given: 'Consent given on {{when}} for “{{purpose}}”.',
      refused: 'Consent refused on {{when}} for “{{purpose}}”.',
      withdrawn: 'Consent withdrawn on {{when}} for “{{purpose}}”.',
    },
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
      GRANT: 'Granted: {{title}}',
      WITHDRAW: 'Withdrew: {{title}}',
      REFUSE: 'Said no to {{title}}',
      ERASE: 'Your identifying data was erased',
    },
    when: 'When',
    how: 'How',
    notice: 'Under notice',
    method: {
      toggle: 'With a switch in this privacy center',
      prompt: 'When asked about the changed notice',
      sayNo: 'With “Say no” in this privacy center',
      acceptAll: 'With “Accept all” in this privacy center',
      rejectAll: 'With “Reject all” in this privacy center',
      gpc: 'By your browser’s Global Privacy Control signal',
      banner: 'With the privacy banner on our website',
    },
    channel: {
      OFFLINE: 'By a support call or in person',
      API: 'Through our systems (API)',
      EMAIL: 'By email',
      MOBILE: 'In the mobile app',
      WEB: 'On the website',
    },
    recordedBy: {
      SUPPORT: '{{how}}, recorded by our support team',
      ADMIN: '{{how}}, recorded by an administrator',
    },
    noticeVersion: 'Version {{version}}',
    showNotice: 'Show notice version {{version}}',
    hideNotice: 'Hide notice version {{version}}',
    noticeMissing: 'This notice version could not be found.',
    noticeWhat: 'this notice version',
    shown_one: 'Showing {{shown}} of {{count}} entry',
    shown_other: 'Showing {{shown}} of {{count}} entries',
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
    failed: 'We could not prepare your file. {{reason}}',
    fileName: 'my-consent-record-{{date}}.json',
  },
} as const;

/** The shape of a catalogue: the same sections and keys as English, any strings (plural keys may differ). */
export type Catalogue = { [section in keyof typeof en]: Record<string, string | Record<string, string>> };
