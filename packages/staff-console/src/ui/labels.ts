import type {
  ActorKind,
  Channel,
  ConsentAction,
  ConsentStatus,
  DecisionReason,
  LegalBasis,
  Role,
} from '../gql/graphql';

/** GDPR Art. 6(1) bases in plain words. */
export const LEGAL_BASIS_LABEL: Record<LegalBasis, string> = {
  CONSENT: 'Consent (Art. 6(1)(a))',
  CONTRACT: 'Contract (Art. 6(1)(b))',
  LEGAL_OBLIGATION: 'Legal obligation (Art. 6(1)(c))',
  VITAL_INTERESTS: 'Vital interests (Art. 6(1)(d))',
  PUBLIC_TASK: 'Public task (Art. 6(1)(e))',
  LEGITIMATE_INTERESTS: 'Legitimate interests (Art. 6(1)(f))',
};

/** Every legal basis, in the order of Art. 6(1). */
export const LEGAL_BASES = Object.keys(LEGAL_BASIS_LABEL) as LegalBasis[];

export const STATUS_LABEL: Record<ConsentStatus, string> = {
  GRANTED: 'Granted',
  WITHDRAWN: 'Withdrawn',
  NOT_GIVEN: 'Not given (never asked or no answer)',
  RECONSENT_REQUIRED: 'Re-consent required',
  NOT_APPLICABLE: 'No consent needed',
  REFUSED: 'Refused (asked and said no)',
};

export const REASON_LABEL: Record<DecisionReason, string> = {
  CONSENT_GRANTED: 'consent granted',
  NO_CONSENT: 'no consent recorded',
  CONSENT_WITHDRAWN: 'consent withdrawn',
  RECONSENT_REQUIRED: 'grant lapsed: re-consent required',
  OTHER_LEGAL_BASIS: 'rests on another legal basis',
  PURPOSE_INACTIVE: 'purpose retired',
  CONSENT_REFUSED: 'asked and said no (refused)',
  SUBJECT_ERASED: 'subject erased',
};

export const ACTION_LABEL: Record<ConsentAction, string> = {
  GRANT: 'Granted',
  WITHDRAW: 'Withdrew',
  REFUSE: 'Said no (refused)',
  ERASE: 'Erased the subject',
};

/** A ledger entry's heading: what happened, in one line. ERASE is about the subject, not a purpose. */
export function describeAction(action: ConsentAction, purposeTitle: string): string {
  switch (action) {
    case 'GRANT':
      return `Granted consent · ${purposeTitle}`;
    case 'WITHDRAW':
      return `Withdrew consent · ${purposeTitle}`;
    case 'REFUSE':
      return `Said no (refused consent) · ${purposeTitle}`;
    case 'ERASE':
      return 'Subject erased: identifier and evidence made unreadable';
  }
}

export const ACTOR_LABEL: Record<ActorKind, string> = {
  SUBJECT: 'The person (subject)',
  SUPPORT: 'Support staff',
  SERVICE: 'Service (API key)',
  ADMIN: 'Administrator',
  SYSTEM: 'System',
};

export const CHANNEL_LABEL: Record<Channel, string> = {
  WEB: 'Web',
  MOBILE: 'Mobile app',
  EMAIL: 'Email',
  API: 'API',
  OFFLINE: 'Offline',
};

export const ROLE_LABEL: Record<Role, string> = {
  ADMIN: 'Admin',
  SUPPORT: 'Support',
  SERVICE: 'Service',
  SUBJECT: 'Subject',
};
