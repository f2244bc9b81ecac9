// A consent receipt (consentReceipt: a compact JWS over an ISO/IEC TS 27560 record) as the apps hand it out: the
// .jws file a person keeps, and the few facts a person reads.

/** What a receipt says, read from its decoded payload (the DPV consent-27560 fields). */
export interface ReceiptFacts {
  recordId: string;
  subjectId: string;
  purposeKey: string;
  /** The purpose's title as the receipt names it (dct:title); empty when it names none. */
  purposeTitle: string;
  /** given | refused | withdrawn */
  state: string;
  at: string;
  channel: string;
  method: string;
  noticeVersion: number | null;
  language: string;
  legalBasis: string;
  hash: string;
}

const get = (o: unknown, ...path: string[]): unknown =>
  path.reduce<unknown>((x, k) => (x && typeof x === 'object' ? (x as Record<string, unknown>)[k] : undefined), o);
const str = (v: unknown) => (typeof v === 'string' ? v : '');

/** The facts of a receipt payload; fields the payload lacks come back empty. */
export function receiptFacts(payload: unknown): ReceiptFacts {
  const status = get(payload, 'dpv:hasConsentStatus');
  const version = get(payload, 'dpv:hasNotice', 'dct:hasVersion');
  return {
    recordId: str(get(payload, 'dct:identifier')),
    subjectId: str(get(payload, 'dpv:hasDataSubject', 'dct:identifier')),
    purposeKey: str(get(payload, 'dpv:hasProcess', 'dpv:hasPurpose', 'dct:identifier')),
    purposeTitle: str(get(payload, 'dpv:hasProcess', 'dpv:hasPurpose', 'dct:title')),
    state: str(get(status, 'assent:state')),
    at: str(get(status, 'dpv:isIndicatedAtTime')),
    channel: str(get(status, 'assent:channel')),
    method: str(get(status, 'dpv:hasIndicationMethod')),
    noticeVersion: typeof version === 'number' ? version : null,
    language: str(get(payload, 'dpv:hasNotice', 'dct:language')),
    legalBasis: str(get(payload, 'dpv:hasLegalBasis')),
    hash: str(get(payload, 'assent:ledger', 'assent:hash')),
  };
}

/** The file name a receipt is saved under: `consent-receipt-<first 8 of the record id>.jws`. */
export function receiptFileName(recordId: string): string {
  return `consent-receipt-${recordId.slice(0, 8)}.jws`;
}

/** Saves the compact JWS as a .jws file (media type application/jose, RFC 7515). */
export function receiptFile(recordId: string, jws: string): { name: string; content: string; type: string } {
  return { name: receiptFileName(recordId), content: `${jws}\n`, type: 'application/jose' };
}
