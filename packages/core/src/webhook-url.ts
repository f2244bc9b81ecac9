// Cloud metadata endpoints outside the link-local ranges (AWS over IPv6, Alibaba) and the names that point at them.
const METADATA_HOSTS = new Set(['metadata.google.internal', 'metadata.goog', 'fd00:ec2::254', '100.100.100.200']);

function parseIpv4(host: string): number[] | null {
  const parts = host.split('.');
  if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) return null;
  return parts.map(Number);
}

// Full or compressed IPv6 text, optionally with a dotted IPv4 tail (::ffff:169.254.1.1) or a zone (%eth0).
function parseIpv6(host: string): number[] | null {
  let text = host.replace(/%.*$/, '');
  if (!text.includes(':')) return null;
  const tail: number[] = [];
  const lastColon = text.lastIndexOf(':');
  const last = text.slice(lastColon + 1);
  if (last.includes('.')) {
    const octets = parseIpv4(last);
    if (octets === null) return null;
    const [a = 0, b = 0, c = 0, d = 0] = octets;
    tail.push((a << 8) | b, (c << 8) | d);
    text = text.slice(0, lastColon + 1);
    if (!text.endsWith('::')) text = text.slice(0, -1);
  }
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const toGroups = (s: string): number[] | null => {
    if (s === '') return [];
    const groups = s.split(':');
    if (groups.some((g) => !/^[0-9a-f]{1,4}$/i.test(g))) return null;
    return groups.map((g) => parseInt(g, 16));
  };
  const head = toGroups(halves[0] ?? '');
  const rest = halves.length === 2 ? toGroups(halves[1] ?? '') : [];
  if (head === null || rest === null) return null;
  const missing = 8 - head.length - rest.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  return [...head, ...new Array<number>(halves.length === 2 ? missing : 0).fill(0), ...rest, ...tail];
}

function isLinkLocalIpv4(octets: readonly number[]): boolean {
  return octets[0] === 169 && octets[1] === 254;
}

/**
 * True for hosts a webhook must not target: link-local addresses (169.254.0.0/16, fe80::/10, and 169.254.0.0/16 in
 * every IPv6 form that embeds an IPv4 address: see embeddedIpv4) and well-known cloud metadata endpoints. The server applies it to resolved addresses too; this only sees literals.
 */
export function isForbiddenWebhookHost(host: string): boolean {
  const name = host.toLowerCase().replace(/\.$/, '');
  const bare = name.startsWith('[') && name.endsWith(']') ? name.slice(1, -1) : name;
  if (METADATA_HOSTS.has(bare)) return true;
  const v4 = parseIpv4(bare);
  if (v4 !== null) return isLinkLocalIpv4(v4);
  const v6 = parseIpv6(bare);
  if (v6 === null) return false;
  const [g0 = 0, g1 = 0, g2 = 0, g3 = 0, g4 = 0, g5 = 0, g6 = 0, g7 = 0] = v6;
  if ((g0 & 0xffc0) === 0xfe80) return true;
  if (g0 === 0xfd00 && g1 === 0x0ec2 && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0 && g6 === 0 && g7 === 0x254)
    return true;
  const embedded = embeddedIpv4(v6);
  return embedded !== null && isLinkLocalIpv4(embedded);
}

const octetsOf = (hi: number, lo: number): number[] => [hi >> 8, hi & 0xff, lo >> 8, lo & 0xff];

/**
 * The IPv4 address an IPv6 address reaches or names, for every form that embeds one: IPv4-mapped (::ffff:a.b.c.d),
 * IPv4-compatible (::a.b.c.d, deprecated but still routed by some stacks), IPv4-translated (::ffff:0:a.b.c.d), NAT64
 * (64:ff9b::/96 and the local-use 64:ff9b:1::/48, address in the last 32 bits), 6to4 (2002:AABB:CCDD::/48) and
 * Teredo (2001:0::/32, the client's address inverted in the last 32 bits). null when the address embeds none.
 */
export function embeddedIpv4(groups: readonly number[]): number[] | null {
  const [g0 = 0, g1 = 0, g2 = 0, , g4 = 0, g5 = 0, g6 = 0, g7 = 0] = groups;
  const zeroTo = (n: number) => groups.slice(0, n).every((g) => g === 0);
  if (zeroTo(5) && (g5 === 0xffff || g5 === 0)) {
    // ::, ::1 and the like are not IPv4 addresses; anything else in the low 32 bits is.
    if (g5 === 0 && g6 === 0) return null;
    return octetsOf(g6, g7);
  }
  if (zeroTo(4) && g4 === 0xffff && g5 === 0) return octetsOf(g6, g7);
  if (g0 === 0x64 && g1 === 0xff9b && (g2 === 0 || g2 === 1)) return octetsOf(g6, g7);
  if (g0 === 0x2002) return octetsOf(g1, g2);
  if (g0 === 0x2001 && g1 === 0) return octetsOf(g6 ^ 0xffff, g7 ^ 0xffff);
  return null;
}

/** Why a webhook URL is refused (unparseable, not http/https, forbidden host), or null when acceptable. */
export function webhookUrlProblem(url: string): string | null {
  // new URL() drops tabs and line breaks anywhere and spaces at either end: the URL stored would not be the one given.
  if (/[\s\p{Cc}]/u.test(url)) return 'must not contain whitespace or control characters';
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'must be an absolute http or https URL';
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return 'must use http or https';
  if (parsed.hostname === '') return 'must name a host';
  // Credentials in the URL would be stored and shown to every admin who lists webhooks; the signing secret is how a
  // receiver knows Assent, and a receiver that needs more takes it in its own path or query.
  if (parsed.username !== '' || parsed.password !== '') return 'must not carry a user name or password';
  if (isForbiddenWebhookHost(parsed.hostname)) return 'must not point at a link-local or cloud metadata address';
  return null;
}
