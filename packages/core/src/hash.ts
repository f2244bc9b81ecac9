import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';

/** RFC 8785 (JCS) canonical JSON of a value; throws on values JSON cannot carry (lone surrogates, NaN, cycles). */
export function canonicalJson(value: unknown): string {
  const json = canonicalize(value);
  if (json === undefined) throw new TypeError('value has no JSON representation');
  return json;
}

/** False for text with a lone surrogate, which JSON cannot carry (String.prototype.isWellFormed, Node 20; not in our TS lib). */
const wellFormed = (s: string) => (s as string & { isWellFormed(): boolean }).isWellFormed();

/** A value {@link canonicalFlatJson} writes as it is. */
export type FlatJsonValue = string | number | boolean | null | undefined;

/**
 * {@link canonicalJson} of an object whose values are all strings, numbers, booleans or null (undefined: left out),
 * such as a ledger row: the same text and the same refusals (lone surrogates, NaN, infinities), written key by key
 * instead of walking a tree. The chain hashes one of these per record, so it is worth the few lines.
 */
export function canonicalFlatJson(value: Readonly<Record<string, FlatJsonValue>>): string {
  let out = '{';
  // The default sort orders by UTF-16 code unit, as RFC 8785 asks.
  for (const key of Object.keys(value).sort()) {
    const v = value[key];
    if (v === undefined) continue;
    let text: string;
    if (typeof v === 'string') {
      if (!wellFormed(v)) throw new Error('Lone surrogate is not allowed');
      text = JSON.stringify(v);
    } else if (typeof v === 'number') {
      if (!Number.isFinite(v)) throw new Error('NaN and Infinity are not allowed');
      text = JSON.stringify(v);
    } else if (v === null || typeof v === 'boolean') text = String(v);
    else throw new TypeError(`canonicalFlatJson takes primitive values only (${key})`);
    if (!wellFormed(key)) throw new Error('Lone surrogate is not allowed');
    out += `${out.length > 1 ? ',' : ''}${JSON.stringify(key)}:${text}`;
  }
  return `${out}}`;
}

/** Lowercase hex SHA-256 of a UTF-8 string. */
export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
