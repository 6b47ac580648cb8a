/**
 * Addresses a payment channel's callbacks may come from: single IPs or CIDR blocks, IPv4 or IPv6, as an
 * admin types them ("203.0.113.7", "198.51.100.0/24", "2001:db8::/32"). Pure, so the admin form can check
 * a list before saving it and the server can parse the same way.
 */
const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const IPV6_CHARS = /^[0-9a-f:.]+$/i;

export interface IpSource {
  family: 'ipv4' | 'ipv6';
  address: string;
  /** Prefix length: 32 or 128 for a single address. */
  prefix: number;
}

function familyOf(address: string): 'ipv4' | 'ipv6' | null {
  if (IPV4.test(address)) return 'ipv4';
  // Full IPv6 checking is the server's (node:net); here: hex groups and colons, at most one "::".
  if (IPV6_CHARS.test(address) && address.includes(':') && address.split('::').length <= 2) return 'ipv6';
  return null;
}

/** Reads one entry; null when it is not an address or a block with a prefix that fits its family. */
export function parseIpSource(text: string): IpSource | null {
  const [address = '', prefixText, ...rest] = text.trim().split('/');
  if (rest.length > 0) return null;
  const family = familyOf(address);
  if (!family) return null;
  const max = family === 'ipv4' ? 32 : 128;
  if (prefixText === undefined) return { family, address, prefix: max };
  if (!/^\d{1,3}$/.test(prefixText)) return null;
  const prefix = Number(prefixText);
  return prefix <= max ? { family, address, prefix } : null;
}
