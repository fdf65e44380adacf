// CIDR arithmetic for NetworkPolicy ipBlocks: parse IPv4 and IPv6 CIDRs and decide whether one covers another.
// Kept in the rule folder: no other rule needs it yet.

export interface Cidr {
  family: 4 | 6;
  /** The address as an unsigned integer (32 or 128 bits). */
  bits: bigint;
  prefix: number;
}

/** Parses `10.0.0.0/8`, `::/0` or a bare address (a /32 or /128); undefined for anything malformed. */
export function parseCidr(text: string): Cidr | undefined {
  const parts = text.trim().split('/');
  if (parts.length > 2) return undefined;
  const [address = '', prefixText] = parts;
  const v4 = parseIpv4(address);
  const family = v4 !== undefined ? 4 : 6;
  const bits = v4 ?? parseIpv6(address);
  if (bits === undefined) return undefined;
  const width = family === 4 ? 32 : 128;
  if (prefixText !== undefined && !/^\d{1,3}$/.test(prefixText)) return undefined;
  const prefix = prefixText === undefined ? width : Number(prefixText);
  if (prefix > width) return undefined;
  return { family, bits, prefix };
}

/** Whether every address of `inner` lies in `outer`. */
export function covers(outer: Cidr, inner: Cidr): boolean {
  if (outer.family !== inner.family || outer.prefix > inner.prefix) return false;
  const shift = BigInt((outer.family === 4 ? 32 : 128) - outer.prefix);
  return outer.bits >> shift === inner.bits >> shift;
}

function parseIpv4(text: string): bigint | undefined {
  const octets = text.split('.');
  if (octets.length !== 4) return undefined;
  let value = 0n;
  for (const octet of octets) {
    if (!/^\d{1,3}$/.test(octet) || Number(octet) > 255) return undefined;
    value = (value << 8n) | BigInt(octet);
  }
  return value;
}

function parseIpv6(text: string): bigint | undefined {
  if (!text.includes(':')) return undefined;
  let address = text;
  // An embedded IPv4 tail (`::ffff:10.0.0.1`) stands for the last two groups.
  const tail = address.slice(address.lastIndexOf(':') + 1);
  if (tail.includes('.')) {
    const v4 = parseIpv4(tail);
    if (v4 === undefined) return undefined;
    address =
      address.slice(0, address.length - tail.length) +
      ((v4 >> 16n) & 0xffffn).toString(16) +
      ':' +
      (v4 & 0xffffn).toString(16);
  }
  const halves = address.split('::');
  if (halves.length > 2) return undefined;
  const groupsOf = (half: string): string[] => (half === '' ? [] : half.split(':'));
  const left = groupsOf(halves[0] ?? '');
  const right = halves.length === 2 ? groupsOf(halves[1] ?? '') : [];
  const written = left.length + right.length;
  if (halves.length === 1 ? written !== 8 : written > 7) return undefined;
  const groups = [...left, ...Array<string>(8 - written).fill('0'), ...right];
  let value = 0n;
  for (const group of groups) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(group)) return undefined;
    value = (value << 16n) | BigInt(parseInt(group, 16));
  }
  return value;
}
