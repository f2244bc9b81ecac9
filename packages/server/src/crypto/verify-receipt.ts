import { readFile } from 'node:fs/promises';
import { compactVerify, createLocalJWKSet, type JSONWebKeySet } from 'jose';

/** A receipt that verified: its protected header and decoded payload. */
export interface VerifiedReceipt {
  kid: string | undefined;
  alg: string;
  payload: Record<string, unknown>;
}

/** The compact JWS in a receipt file: the `.jws` text itself, or a JSON object with a `jws` field. */
export function receiptJwsOf(text: string): string {
  const t = text.trim();
  if (t.startsWith('{')) {
    const jws = (JSON.parse(t) as { jws?: unknown }).jws;
    if (typeof jws !== 'string') throw new Error('the JSON file has no "jws" string');
    return jws.trim();
  }
  return t;
}

/** Reads a key set from a URL (http/https) or a file. */
export async function loadJwks(source: string): Promise<JSONWebKeySet> {
  if (/^https?:\/\//.test(source)) {
    const res = await fetch(source);
    if (!res.ok) throw new Error(`${source} answered ${res.status}`);
    return (await res.json()) as JSONWebKeySet;
  }
  return JSON.parse(await readFile(source, 'utf8')) as JSONWebKeySet;
}

/** Verifies a receipt's EdDSA signature against a key set; throws when the signature, key or bytes do not match. */
export async function verifyReceipt(jws: string, jwks: JSONWebKeySet): Promise<VerifiedReceipt> {
  const { payload, protectedHeader } = await compactVerify(jws, createLocalJWKSet(jwks), { algorithms: ['EdDSA'] });
  return {
    kid: protectedHeader.kid,
    alg: protectedHeader.alg,
    payload: JSON.parse(new TextDecoder().decode(payload)) as Record<string, unknown>,
  };
}

/** A few lines a person can read: who, what, when, how, and where it sits in the ledger. */
export function summarizeReceipt(payload: Record<string, unknown>): string {
  const get = (o: unknown, ...path: string[]): unknown =>
    path.reduce<unknown>((x, k) => (x && typeof x === 'object' ? (x as Record<string, unknown>)[k] : undefined), o);
  const status = get(payload, 'dpv:hasConsentStatus');
  const lines = [
    `record     ${String(get(payload, 'dct:identifier'))}`,
    `subject    ${String(get(payload, 'dpv:hasDataSubject', 'dct:identifier'))}`,
    `purpose    ${String(get(payload, 'dpv:hasProcess', 'dpv:hasPurpose', 'dct:identifier'))} (${String(get(payload, 'dpv:hasProcess', 'dpv:hasPurpose', '@id'))})`,
    `legal basis ${String(get(payload, 'dpv:hasLegalBasis'))}`,
    `consent    ${String(get(status, 'assent:state'))} at ${String(get(status, 'dpv:isIndicatedAtTime'))} via ${String(get(status, 'assent:channel'))} (${String(get(status, 'dpv:hasIndicationMethod'))})`,
    `notice     version ${String(get(payload, 'dpv:hasNotice', 'dct:hasVersion'))}, ${String(get(payload, 'dpv:hasNotice', 'dct:language'))}, content hash ${String(get(payload, 'dpv:hasNotice', 'assent:contentHash'))}`,
    `hash       ${String(get(payload, 'assent:ledger', 'assent:hash'))} (previous ${String(get(payload, 'assent:ledger', 'assent:previousHash'))})`,
  ];
  const checkpoint = get(payload, 'assent:ledger', 'assent:checkpoint');
  if (checkpoint)
    lines.push(`checkpoint ${String(get(checkpoint, 'dct:identifier'))} at ${String(get(checkpoint, 'dct:date'))}`);
  return lines.join('\n');
}
