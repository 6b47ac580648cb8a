import type { FastifyRequest } from 'fastify';
import { userActor, type Actor } from '../../platform/actor.js';
import type { Db } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { requirePrincipal } from '../../platform/http/access.js';
import { clientIp } from '../../platform/http/api.js';
import { merchantsErrors } from './merchants.errors.js';
import { findMerchantRow, findMerchantRowOfUser } from './merchants.repository.js';
import type { MerchantStatus } from './merchants.tables.js';

/**
 * Who is acting for a shop on a merchant route: its owner in a browser session, or one of its API keys.
 * Every merchant route resolves this first and then touches only rows of `merchantId`, so one shop can
 * never reach another's goods, keys or orders.
 */
export interface MerchantCaller {
  merchantId: string;
  shopName: string;
  status: MerchantStatus;
  actor: Actor;
  /** The owner, when the caller is a person; null for an API key. */
  userId: string | null;
  ip: string | null;
}

export async function merchantCaller(db: Db, request: FastifyRequest): Promise<MerchantCaller> {
  const principal = requirePrincipal(request);
  const row =
    principal.kind === 'api_key'
      ? await findMerchantRow(db, principal.merchantId)
      : await findMerchantRowOfUser(db, principal.userId);
  if (!row) throw new AppError(merchantsErrors.MERCHANT_REQUIRED);
  return {
    merchantId: row.id,
    shopName: row.shop_name,
    status: row.status,
    actor:
      principal.kind === 'api_key' ? { type: 'api_key', id: principal.keyId } : userActor(principal.userId),
    userId: principal.kind === 'session' ? principal.userId : null,
    ip: clientIp(request),
  };
}

/**
 * For finishing what buyers already paid for (delivering a top-up): an open shop, and also one that is
 * suspended or closing — those must still finish their orders rather than let them run into deadlines.
 */
export function assertMayFulfil(caller: MerchantCaller): void {
  if (!['active', 'suspended', 'closing'].includes(caller.status))
    throw new AppError(merchantsErrors.MERCHANT_NOT_ACTIVE, { status: caller.status });
}

/** For actions only an open shop may take (listing goods, uploading keys). */
export function assertActive(caller: MerchantCaller): void {
  if (caller.status !== 'active')
    throw new AppError(merchantsErrors.MERCHANT_NOT_ACTIVE, { status: caller.status });
}
