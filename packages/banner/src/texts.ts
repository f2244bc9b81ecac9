/**
 * The banner's own words (the notice summary and purpose texts come from the
 * server in the visitor's language). Short sentences, no legal jargon.
 */
export const TEXT = {
  region: 'Privacy choices',
  title: 'Your privacy choices',
  chooseTitle: 'Choose what you allow',
  chooseIntro: 'Turn on only what you are happy with. You can change this at any time.',
  acceptAll: 'Accept all',
  rejectAll: 'Reject all',
  choose: 'Choose',
  save: 'Save choices',
  close: 'Close without choosing',
  back: 'Back',
  reopen: 'Privacy choices',
  privacyCenter: 'See all details in the privacy center',
  gpc: 'Your browser asked us not to sell or share your data; we have recorded that.',
  saved: 'Your choices are saved.',
  loadFailed: 'Sorry, we could not load your privacy choices.',
  saveFailed: 'Sorry, we could not save your choices.',
  offline: 'Please check your connection and try again.',
  busy: 'Too many attempts. Please wait a moment and try again.',
  later: 'Please try again.',
  retry: 'Try again',
} as const;
