import { z } from 'zod';
import { AppError } from '../../platform/errors.js';
import { paymentsErrors } from './payments.errors.js';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * A provider's address as an admin types it (a gateway, an API base): `https://` without query, fragment
 * or credentials, so keys and signed requests never travel in the clear; `http://` only on the loopback
 * address, where the tests' simulators listen. For every provider kind's settings.
 */
export const providerUrlSchema = z
  .url()
  .max(300)
  .refine(
    (value) => {
      const url = new URL(value);
      const transport = url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.has(url.hostname));
      return transport && !url.search && !url.hash && !url.username && !url.password;
    },
    { message: 'an https:// address without query or credentials (http:// only on 127.0.0.1)' },
  );

/**
 * An absolute address on the shop for `path` (KAMENG_PUBLIC_URL): providers call back there server to
 * server and send the buyer back there. Without it a checkout cannot start, and the operator is told why.
 */
export function shopUrl(publicUrl: string | undefined, path: string): string {
  if (!publicUrl)
    throw new AppError(paymentsErrors.PAYMENT_PROVIDER_UNAVAILABLE, {
      problem: 'KAMENG_PUBLIC_URL is not set',
    });
  return `${publicUrl.replace(/\/+$/, '')}${path}`;
}
