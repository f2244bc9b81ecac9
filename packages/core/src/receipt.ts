import { AssentError } from './errors';
import { LEGACY_LOCALE } from './locale';
import type { ActorKind, ConsentAction, ConsentRecord, LegalBasis, NoticeVersion, Purpose } from './types';
import { cloudEventTypeOf } from './webhook-routing';

// A consent receipt (contract 1.1) is an ISO/IEC TS 27560 consent record for one ledger entry, written the way the
// W3C DPV guide "consent-27560" writes one (JSON-LD, profile record-eu-gdpr): dct:identifier, dct:conformsTo,
// dpv:hasDataController, dpv:hasDataSubject, dpv:hasLegalBasis, dpv:hasProcess { dpv:hasPurpose, dpv:hasLegalBasis,
// dpv:hasDataController }, dpv:hasNotice, dpv:hasConsentStatus
// { @type, dpv:isIndicatedAtTime, dpv:isIndicatedBy, dpv:hasIndicationMethod }. What the guide has no term for
// (channel, the hash chain, the checkpoint) is under the `assent:` prefix, the issuing server's own namespace.

/** DPV 27560 profile the receipt conforms to: a consent record with what EU GDPR requires. */
export const RECEIPT_CONFORMS_TO = 'https://w3id.org/dpv/schema/dpv-27560#record-eu-gdpr';

/** GDPR Art. 6(1) points as DPV EU-GDPR IRIs, one per lawful basis. */
export const LEGAL_BASIS_IRIS: Record<LegalBasis, string> = {
  CONSENT: 'https://w3id.org/dpv/legal/eu/gdpr#A6-1-a',
  CONTRACT: 'https://w3id.org/dpv/legal/eu/gdpr#A6-1-b',
  LEGAL_OBLIGATION: 'https://w3id.org/dpv/legal/eu/gdpr#A6-1-c',
  VITAL_INTERESTS: 'https://w3id.org/dpv/legal/eu/gdpr#A6-1-d',
  PUBLIC_TASK: 'https://w3id.org/dpv/legal/eu/gdpr#A6-1-e',
  LEGITIMATE_INTERESTS: 'https://w3id.org/dpv/legal/eu/gdpr#A6-1-f',
};

/** The consent state a record leaves, as the contract names it. */
export type ReceiptState = 'given' | 'refused' | 'withdrawn';

const STATES: Record<Exclude<ConsentAction, 'ERASE'>, { state: ReceiptState; dpv: string }> = {
  GRANT: { state: 'given', dpv: 'dpv:ConsentGiven' },
  REFUSE: { state: 'refused', dpv: 'dpv:ConsentRefused' },
  WITHDRAW: { state: 'withdrawn', dpv: 'dpv:ConsentWithdrawn' },
};

/** Who indicated the event, in DPV terms: the subject themself, or the controller acting for them. */
const INDICATED_BY: Record<ActorKind, string> = {
  SUBJECT: 'dpv:DataSubject',
  SUPPORT: 'dpv:DataController',
  SERVICE: 'dpv:DataController',
  ADMIN: 'dpv:DataController',
  SYSTEM: 'dpv:DataController',
};

/** The newest checkpoint whose chain heads include the record (ledgerCheckpoint's fields). */
export interface ReceiptCheckpoint {
  id: string;
  at: Date;
  root: string;
  jws: string;
}

/** What a receipt is built from: the record, its purpose and notice version as the catalog holds them. */
export interface ReceiptSource {
  record: ConsentRecord;
  purpose: Pick<Purpose, 'key' | 'title' | 'legalBasis' | 'dpvPurpose'>;
  notice: Pick<NoticeVersion, 'id' | 'version' | 'contentHash' | 'effectiveAt' | 'defaultLocale'>;
  /** The checkpoint that covers the record, once there is one. */
  checkpoint: ReceiptCheckpoint | null;
  /** The issuing server's public base URL (no trailing slash): the record's @id and the `assent:` namespace. */
  issuer: string;
  /** The data controller's name (record-eu-gdpr requires the controller): ASSENT_CONTROLLER_NAME, else the host. */
  controller: string;
  issuedAt: Date;
}

/** The receipt's state for a ledger action; an ERASE record is no consent event and has no receipt. */
export function receiptStateOf(action: ConsentAction): ReceiptState {
  if (action === 'ERASE')
    throw new AssentError('BAD_USER_INPUT', 'An ERASE record records an erasure, not a consent: it has no receipt.');
  return STATES[action].state;
}

/** The JSON-LD payload of a consent receipt: an ISO/IEC TS 27560 consent record for one ledger entry. */
export function consentReceiptPayload(src: ReceiptSource): Record<string, unknown> {
  const { record: r, purpose, notice, checkpoint, issuer } = src;
  const state = receiptStateOf(r.action);
  const status = STATES[r.action as Exclude<ConsentAction, 'ERASE'>];
  return {
    '@context': {
      dpv: 'https://w3id.org/dpv#',
      dct: 'http://purl.org/dc/terms/',
      'eu-gdpr': 'https://w3id.org/dpv/legal/eu/gdpr#',
      assent: `${issuer}/ns#`,
    },
    '@id': `${issuer}/receipts/${r.id}`,
    '@type': 'dpv:ConsentRecord',
    'dct:identifier': r.id,
    'dct:conformsTo': RECEIPT_CONFORMS_TO,
    'dct:created': r.recordedAt.toISOString(),
    'dct:issued': src.issuedAt.toISOString(),
    'dct:publisher': issuer,
    'dpv:hasApplicableLaw': 'eu-gdpr:GDPR',
    'dpv:hasDataController': { '@id': issuer, '@type': 'dpv:DataController', 'dct:title': src.controller },
    'dpv:hasDataSubject': { '@type': 'dpv:DataSubject', 'dct:identifier': r.subjectId },
    'dpv:hasLegalBasis': LEGAL_BASIS_IRIS[purpose.legalBasis],
    'dpv:hasProcess': {
      '@type': 'dpv:Process',
      // The guide states the legal basis on the process it covers; kept at the top as well for readers of 1.1's first receipts.
      'dpv:hasLegalBasis': LEGAL_BASIS_IRIS[purpose.legalBasis],
      'dpv:hasDataController': { '@id': issuer },
      'dpv:hasPurpose': {
        '@id': purpose.dpvPurpose ?? `${issuer}/purposes/${encodeURIComponent(purpose.key)}`,
        '@type': 'dpv:Purpose',
        'dct:identifier': purpose.key,
        'dct:title': purpose.title,
      },
    },
    'dpv:hasNotice': {
      '@id': `${issuer}/notices/${notice.id}`,
      '@type': 'dpv:ConsentNotice',
      'dct:identifier': notice.id,
      'dct:hasVersion': notice.version,
      'dct:date': notice.effectiveAt.toISOString(),
      // The language the subject saw; a record from before 1.1 saw the notice's default language.
      'dct:language': r.locale ?? notice.defaultLocale ?? LEGACY_LOCALE,
      'assent:contentHash': notice.contentHash,
    },
    'dpv:hasConsentStatus': {
      '@type': status.dpv,
      'dpv:isIndicatedAtTime': r.occurredAt.toISOString(),
      'dpv:isIndicatedBy': INDICATED_BY[r.actorKind],
      'dpv:hasIndicationMethod': r.method,
      'assent:state': state,
      'assent:eventType': cloudEventTypeOf(r.action),
      'assent:channel': r.channel,
    },
    'assent:ledger': {
      'assent:seq': r.seq,
      'assent:hash': r.hash,
      'assent:previousHash': r.previousHash,
      'assent:checkpoint': checkpoint
        ? {
            'dct:identifier': checkpoint.id,
            'dct:date': checkpoint.at.toISOString(),
            'assent:root': checkpoint.root,
            'assent:jws': checkpoint.jws,
          }
        : null,
    },
  };
}
