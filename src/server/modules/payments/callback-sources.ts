import { BlockList, isIP } from 'node:net';
import { parseIpSource } from '../../../common/ip-sources.js';

/**
 * Where a channel's callbacks may come from (issue 6: "accepted from the provider's configured source only
 * when the protocol allows telling"). Providers that publish their notification addresses (Stripe) or a
 * self-hosted epay server with a fixed address can be pinned; an empty list accepts any address and the
 * signature alone decides, as it must for WeChat Pay and Alipay, which publish no stable list.
 */
export type CallbackSources = readonly string[];

/** The first entry that is not an IP or a CIDR block node accepts, or null when all are. */
export function invalidCallbackSource(sources: CallbackSources): string | null {
  for (const text of sources) {
    const source = parseIpSource(text);
    if (!source || isIP(source.address) === 0) return text;
  }
  return null;
}

/** An IPv4 client seen through an IPv6 socket ("::ffff:203.0.113.7") is the IPv4 address. */
function normalised(ip: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  return mapped ? mapped[1]! : ip;
}

/** Whether a callback from `ip` may be heard; always, when the channel names no sources. */
export function callbackSourceAllowed(sources: CallbackSources, ip: string): boolean {
  if (sources.length === 0) return true;
  const address = normalised(ip);
  const family = isIP(address);
  if (family === 0) return false;
  const list = new BlockList();
  for (const text of sources) {
    const source = parseIpSource(text);
    if (!source || isIP(source.address) === 0) continue;
    list.addSubnet(source.address, source.prefix, source.family);
  }
  return list.check(address, family === 4 ? 'ipv4' : 'ipv6');
}
