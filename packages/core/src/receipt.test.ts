import { describe, expect, it } from 'vitest';
import { consentReceiptPayload, LEGAL_BASIS_IRIS, RECEIPT_CONFORMS_TO, receiptStateOf } from './receipt';
import { AssentError } from './errors';
import { LEGAL_BASES, type ConsentAction } from './types';
import { chain, content, notice, purpose, t } from './test-fixtures';

const issuer = 'https://assent.example';
const [first, second] = chain([
  content(0),
  content(1, { locale: 'de', actorKind: 'SUPPORT', actorId: 'agent-7', channel: 'OFFLINE', method: 'paper-form' }),
]);
const source = (overrides: Partial<Parameters<typeof consentReceiptPayload>[0]> = {}) => ({
  record: first!,
  purpose: purpose({ dpvPurpose: 'https://w3id.org/dpv#Marketing' }),
  notice: notice(1, '2025-12-01T00:00:00.000Z', { 'marketing-email': false }),
  checkpoint: null,
  issuer,
  controller: 'Example Shop GmbH',
  issuedAt: t('2026-02-01T00:00:00.000Z'),
  ...overrides,
});

describe('consent receipt payload (ISO/IEC TS 27560 in the DPV consent-27560 shape)', () => {
  it('is a dpv:ConsentRecord conforming to record-eu-gdpr, identified by the record id', () => {
    const p = consentReceiptPayload(source());
    expect(p).toMatchObject({
      '@type': 'dpv:ConsentRecord',
      '@id': `${issuer}/receipts/rec-0`,
      'dct:identifier': 'rec-0',
      'dct:conformsTo': RECEIPT_CONFORMS_TO,
      'dct:created': '2026-01-01T00:00:00.000Z',
      'dct:issued': '2026-02-01T00:00:00.000Z',
      'dpv:hasDataSubject': { '@type': 'dpv:DataSubject', 'dct:identifier': 'subject-1' },
      // record-eu-gdpr requires the controller.
      'dpv:hasDataController': { '@id': issuer, '@type': 'dpv:DataController', 'dct:title': 'Example Shop GmbH' },
    });
  });

  it('names the purpose by its DPV IRI and the lawful basis by its GDPR article IRI', () => {
    const p = consentReceiptPayload(source());
    expect(p['dpv:hasLegalBasis']).toBe('https://w3id.org/dpv/legal/eu/gdpr#A6-1-a');
    expect(p['dpv:hasProcess']).toMatchObject({
      'dpv:hasPurpose': { '@id': 'https://w3id.org/dpv#Marketing', 'dct:identifier': 'marketing-email' },
      'dpv:hasLegalBasis': 'https://w3id.org/dpv/legal/eu/gdpr#A6-1-a',
      'dpv:hasDataController': { '@id': issuer },
    });
  });

  it('a purpose without a DPV IRI is named under the issuer', () => {
    const p = consentReceiptPayload(source({ purpose: purpose({ key: 'news letter', dpvPurpose: null }) }));
    expect(p['dpv:hasProcess']).toMatchObject({ 'dpv:hasPurpose': { '@id': `${issuer}/purposes/news%20letter` } });
  });

  it.each(LEGAL_BASES.map((b, i) => [b, 'abcdef'[i]] as const))('%s maps to Art. 6(1)(%s)', (basis, point) => {
    expect(LEGAL_BASIS_IRIS[basis]).toBe(`https://w3id.org/dpv/legal/eu/gdpr#A6-1-${point}`);
  });

  it('carries the notice version with its content hash and the locale the subject saw', () => {
    const n = notice(1, '2025-12-01T00:00:00.000Z', { 'marketing-email': false });
    const seen = consentReceiptPayload(source({ record: second!, notice: n }))['dpv:hasNotice'];
    expect(seen).toMatchObject({
      '@type': 'dpv:ConsentNotice',
      'dct:identifier': 'notice-1',
      'dct:hasVersion': 1,
      'dct:language': 'de',
      'assent:contentHash': n.contentHash,
    });
    // A record from before 1.1 (no locale) saw the notice's default language.
    expect(consentReceiptPayload(source({ notice: n }))['dpv:hasNotice']).toMatchObject({ 'dct:language': 'en' });
  });

  it.each([
    ['GRANT', 'given', 'dpv:ConsentGiven', 'assent.consent.granted'],
    ['REFUSE', 'refused', 'dpv:ConsentRefused', 'assent.consent.refused'],
    ['WITHDRAW', 'withdrawn', 'dpv:ConsentWithdrawn', 'assent.consent.withdrawn'],
  ] as const)('a %s record is the event %s (%s)', (action, state, dpv, eventType) => {
    const p = consentReceiptPayload(source({ record: { ...first!, action } }));
    expect(p['dpv:hasConsentStatus']).toEqual({
      '@type': dpv,
      'dpv:isIndicatedAtTime': '2026-01-01T00:00:00.000Z',
      'dpv:isIndicatedBy': 'dpv:DataSubject',
      'dpv:hasIndicationMethod': 'privacy-center/toggle',
      'assent:state': state,
      'assent:eventType': eventType,
      'assent:channel': 'WEB',
    });
  });

  it('a record written by staff for the subject is indicated by the controller, with its channel and method', () => {
    const p = consentReceiptPayload(source({ record: second! }));
    expect(p['dpv:hasConsentStatus']).toMatchObject({
      'dpv:isIndicatedBy': 'dpv:DataController',
      'dpv:hasIndicationMethod': 'paper-form',
      'assent:channel': 'OFFLINE',
    });
  });

  it("carries the record's place in its hash chain, and the covering checkpoint once there is one", () => {
    expect(consentReceiptPayload(source({ record: second! }))['assent:ledger']).toEqual({
      'assent:seq': 1,
      'assent:hash': second!.hash,
      'assent:previousHash': first!.hash,
      'assent:checkpoint': null,
    });
    const checkpoint = { id: 'cp-1', at: t('2026-01-02T00:00:00.000Z'), root: 'ab'.repeat(32), jws: 'x.y.z' };
    expect(consentReceiptPayload(source({ checkpoint }))['assent:ledger']).toMatchObject({
      'assent:checkpoint': {
        'dct:identifier': 'cp-1',
        'dct:date': '2026-01-02T00:00:00.000Z',
        'assent:root': checkpoint.root,
        'assent:jws': 'x.y.z',
      },
    });
  });

  it('an ERASE record has no receipt (BAD_USER_INPUT)', () => {
    const erase: ConsentAction = 'ERASE';
    expect(() => receiptStateOf(erase)).toThrow(AssentError);
    expect(() => consentReceiptPayload(source({ record: { ...first!, action: erase } }))).toThrow(/no receipt/);
  });
});
