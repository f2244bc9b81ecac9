import { describe, expect, it } from 'vitest';
import { receiptFacts, receiptFile } from './receipt';

const payload = {
  'dct:identifier': '3f1c2a9e-0000-4000-8000-000000000001',
  'dpv:hasDataSubject': { 'dct:identifier': 'user-42' },
  'dpv:hasLegalBasis': 'https://w3id.org/dpv/legal/eu/gdpr#A6-1-a',
  'dpv:hasProcess': { 'dpv:hasPurpose': { 'dct:identifier': 'marketing-email', 'dct:title': 'Marketing emails' } },
  'dpv:hasNotice': { 'dct:hasVersion': 2, 'dct:language': 'de' },
  'dpv:hasConsentStatus': {
    'assent:state': 'withdrawn',
    'dpv:isIndicatedAtTime': '2026-12-06T10:00:00.000Z',
    'assent:channel': 'WEB',
    'dpv:hasIndicationMethod': 'privacy-center/toggle',
  },
  'assent:ledger': { 'assent:hash': 'ab'.repeat(32) },
};

describe('receipt', () => {
  it('reads the facts a person needs from the DPV consent-27560 payload', () => {
    expect(receiptFacts(payload)).toEqual({
      recordId: '3f1c2a9e-0000-4000-8000-000000000001',
      subjectId: 'user-42',
      purposeKey: 'marketing-email',
      purposeTitle: 'Marketing emails',
      state: 'withdrawn',
      at: '2026-12-06T10:00:00.000Z',
      channel: 'WEB',
      method: 'privacy-center/toggle',
      noticeVersion: 2,
      language: 'de',
      legalBasis: 'https://w3id.org/dpv/legal/eu/gdpr#A6-1-a',
      hash: 'ab'.repeat(32),
    });
  });

  it('a payload without those fields gives empty facts instead of throwing', () => {
    expect(receiptFacts(null)).toMatchObject({ recordId: '', state: '', noticeVersion: null });
  });

  it('saves the JWS as a .jws file named after the record', () => {
    expect(receiptFile('3f1c2a9e-0000-4000-8000-000000000001', 'a.b.c')).toEqual({
      name: 'consent-receipt-3f1c2a9e.jws',
      content: 'a.b.c\n',
      type: 'application/jose',
    });
  });
});
