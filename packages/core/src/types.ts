/** The six lawful bases of GDPR Art. 6(1); only CONSENT purposes take consent. */
export const LEGAL_BASES = [
  'CONSENT',
  'CONTRACT',
  'LEGAL_OBLIGATION',
  'VITAL_INTERESTS',
  'PUBLIC_TASK',
  'LEGITIMATE_INTERESTS',
] as const;
/** One of {@link LEGAL_BASES}. */
export type LegalBasis = (typeof LEGAL_BASES)[number];

/**
 * What a ledger record does: give consent, take it back, decline when asked (1.1), or record an erasure (1.1: a
 * SYSTEM record that changes no purpose's status).
 */
export const CONSENT_ACTIONS = ['GRANT', 'WITHDRAW', 'REFUSE', 'ERASE'] as const;
/** One of {@link CONSENT_ACTIONS}. */
export type ConsentAction = (typeof CONSENT_ACTIONS)[number];

/** The actions that record a subject's decision about a purpose (everything but ERASE). */
export const DECISION_ACTIONS = ['GRANT', 'REFUSE', 'WITHDRAW'] as const;
/** One of {@link DECISION_ACTIONS}. */
export type DecisionAction = (typeof DECISION_ACTIONS)[number];

/** Where the subject made the choice. */
export const CHANNELS = ['WEB', 'MOBILE', 'EMAIL', 'API', 'OFFLINE'] as const;
/** One of {@link CHANNELS}. */
export type Channel = (typeof CHANNELS)[number];

/** Who wrote a ledger record; SYSTEM records carry no actor id. */
export const ACTOR_KINDS = ['SUBJECT', 'SUPPORT', 'SERVICE', 'ADMIN', 'SYSTEM'] as const;
/** One of {@link ACTOR_KINDS}. */
export type ActorKind = (typeof ACTOR_KINDS)[number];

/** The role a token carries. */
export const ROLES = ['ADMIN', 'SERVICE', 'SUPPORT', 'SUBJECT'] as const;
/** One of {@link ROLES}. */
export type Role = (typeof ROLES)[number];

/** The consent status of one subject for one purpose. */
export const CONSENT_STATUSES = [
  'NOT_GIVEN',
  'NOT_APPLICABLE',
  'GRANTED',
  'WITHDRAWN',
  'RECONSENT_REQUIRED',
  'REFUSED',
] as const;
/** One of {@link CONSENT_STATUSES}. */
export type ConsentStatus = (typeof CONSENT_STATUSES)[number];

/** Why a decision allows or denies processing. */
export const DECISION_REASONS = [
  'CONSENT_GRANTED',
  'NO_CONSENT',
  'CONSENT_WITHDRAWN',
  'RECONSENT_REQUIRED',
  'OTHER_LEGAL_BASIS',
  'PURPOSE_INACTIVE',
  'CONSENT_REFUSED',
  'SUBJECT_ERASED',
] as const;
/** One of {@link DECISION_REASONS}. */
export type DecisionReason = (typeof DECISION_REASONS)[number];

/** Ledger events as delivered to downstream systems (webhook filters). */
export const EVENT_TYPES = [
  'CONSENT_GRANTED',
  'CONSENT_WITHDRAWN',
  'NOTICE_PUBLISHED',
  'CONSENT_REFUSED',
  'SUBJECT_ERASED',
] as const;
/** One of {@link EVENT_TYPES}. */
export type EventType = (typeof EVENT_TYPES)[number];

/** The Google Consent Mode v2 consent types a purpose can govern. */
export const CONSENT_MODE_TYPES = ['ad_storage', 'analytics_storage', 'ad_user_data', 'ad_personalization'] as const;
/** One of {@link CONSENT_MODE_TYPES}. */
export type ConsentModeType = (typeof CONSENT_MODE_TYPES)[number];

/** A reason for processing personal data; active while `retiredAt` is null. */
export interface Purpose {
  key: string;
  title: string;
  description: string;
  legalBasis: LegalBasis;
  retiredAt: Date | null;
  /** A Global Privacy Control signal opts the subject out of this purpose (sale or sharing, targeted advertising). */
  gpcOptOut: boolean;
  /** W3C DPV purpose IRI, e.g. https://w3id.org/dpv#Marketing; null when none fits. */
  dpvPurpose: string | null;
  /** The Google Consent Mode v2 types this purpose governs (a banner sets them granted exactly when it is); often empty. */
  consentMode: ConsentModeType[];
}

/** How one notice version words one purpose. */
export interface NoticePurposeText {
  purposeKey: string;
  title: string;
  description: string;
  /** This version changed the purpose materially: earlier grants stop counting from `effectiveAt`. */
  requiresReconsent: boolean;
}

/** How one notice version words one purpose in one more language (1.1): the flag stays with the default text. */
export interface NoticePurposeTranslation {
  purposeKey: string;
  title: string;
  description: string;
}

/** A notice version's summary and purpose texts in one language other than its default (1.1). */
export interface NoticeTranslation {
  /** Canonical BCP 47 tag, e.g. 'de' or 'fr-CA'. */
  locale: string;
  summary: string;
  purposes: NoticePurposeTranslation[];
}

/** One published version of the privacy notice. */
export interface NoticeVersion {
  id: string;
  version: number;
  publishedAt: Date;
  effectiveAt: Date;
  /** In the default locale. */
  summary: string;
  /** In the default locale. */
  purposes: NoticePurposeText[];
  contentHash: string;
  /** 1.1: the language of summary and purposes; absent means 'en' (every notice published before 1.1). */
  defaultLocale?: string;
  /** 1.1: the same texts in other languages; absent means none. */
  translations?: NoticeTranslation[];
}

/** The fields of a ledger record that its hash covers (everything but the chain fields). */
export interface ConsentRecordContent {
  id: string;
  subjectId: string;
  purposeKey: string;
  action: ConsentAction;
  noticeVersionId: string;
  noticeVersion: number;
  channel: Channel;
  method: string;
  actorKind: ActorKind;
  actorId: string | null;
  evidence: unknown | null;
  occurredAt: Date;
  recordedAt: Date;
  /** 1.1: BCP 47 tag of the notice text the subject saw; null or absent when not known (every record before 1.1). */
  locale?: string | null;
}

/** One immutable ledger entry with its place in the subject's hash chain. */
export interface ConsentRecord extends ConsentRecordContent {
  /** 0-based position in the subject's chain. */
  seq: number;
  hash: string;
  previousHash: string | null;
}

/** The minimum the status rules need about the record that currently sets a status (this is what the projection row stores). */
export interface StateRecord {
  recordId: string;
  action: ConsentAction;
  noticeVersion: number;
  occurredAt: Date;
  recordedAt: Date;
}

/** The {@link StateRecord} view of a full ledger record. */
export function toStateRecord(r: ConsentRecordContent): StateRecord {
  return {
    recordId: r.id,
    action: r.action,
    noticeVersion: r.noticeVersion,
    occurredAt: r.occurredAt,
    recordedAt: r.recordedAt,
  };
}
