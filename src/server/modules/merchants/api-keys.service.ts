import type { FastifyRequest } from 'fastify';
import type { ApiKeyScope, ApiKeyView } from '../../../common/api/merchants.js';
import { API_KEY_SCOPES } from '../../../common/api/merchants.js';
import { userActor } from '../../platform/actor.js';
import { recordAudit } from '../../platform/audit.js';
import { MINUTE_MS, toStoredTime } from '../../platform/clock.js';
import type { ServiceContext } from '../../platform/context.js';
import { randomToken, safeEqual, sha256Hex } from '../../platform/crypto.js';
import { AppError } from '../../platform/errors.js';
import type { ApiKeyPrincipal, AuthenticateApiKey } from '../../platform/http/principal.js';
import { newId } from '../../platform/ids.js';
import { merchantsErrors } from './merchants.errors.js';
import {
  apiKeysOf,
  findApiKey,
  findMerchantRow,
  insertApiKey,
  revokeApiKeyRow,
  touchApiKey,
  type ApiKeyRow,
} from './merchants.repository.js';

/**
 * Merchant API keys (ARCHITECTURE.md "Auth"): `<key id>.<secret>`, sent as `Authorization: Bearer …`.
 * The secret is shown once at creation; only its SHA-256 is stored (it is 256 random bits, so a fast
 * hash is enough: there is nothing to brute-force). A key acts for its shop only, within its scopes,
 * and stops working when revoked or when the shop is not active.
 */
const PREFIX_CHARS = 6;

function presentApiKey(row: ApiKeyRow): ApiKeyView {
  return {
    id: row.id,
    name: row.name,
    prefix: `${row.id}.${row.secret_prefix}…`,
    scopes: (JSON.parse(row.scopes) as string[]).filter((s): s is ApiKeyScope =>
      (API_KEY_SCOPES as readonly string[]).includes(s),
    ),
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
  };
}

export async function createApiKey(
  ctx: ServiceContext,
  owner: { userId: string; merchantId: string; ip: string | null },
  input: { name: string; scopes: readonly ApiKeyScope[] },
): Promise<{ apiKey: ApiKeyView; token: string }> {
  return ctx.transact(async (trx) => {
    const now = ctx.clock.now();
    const merchant = await findMerchantRow(trx, owner.merchantId);
    if (merchant?.status !== 'active')
      throw new AppError(merchantsErrors.MERCHANT_NOT_ACTIVE, { status: merchant?.status ?? 'none' });
    const id = newId('apiKey', now);
    const secret = randomToken(32);
    const row = {
      id,
      merchant_id: owner.merchantId,
      name: input.name,
      secret_prefix: secret.slice(0, PREFIX_CHARS),
      secret_hash: sha256Hex(secret),
      scopes: JSON.stringify([...new Set(input.scopes)].sort()),
      created_by: owner.userId,
      created_at: toStoredTime(now),
      last_used_at: null,
      revoked_at: null,
    };
    await insertApiKey(trx, row);
    await recordAudit(trx, now, {
      actor: userActor(owner.userId),
      action: 'merchant.api_key.create',
      target: { type: 'merchant', id: owner.merchantId },
      ip: owner.ip,
      summary: `API key ${id} (${input.name}): ${row.scopes}`,
      details: { keyId: id, scopes: input.scopes },
    });
    return { apiKey: presentApiKey(row), token: `${id}.${secret}` };
  });
}

export async function listApiKeys(ctx: ServiceContext, merchantId: string): Promise<ApiKeyView[]> {
  return (await apiKeysOf(ctx.db, merchantId)).map(presentApiKey);
}

export async function revokeApiKey(
  ctx: ServiceContext,
  owner: { userId: string; merchantId: string; ip: string | null },
  keyId: string,
): Promise<ApiKeyView> {
  return ctx.transact(async (trx) => {
    const now = ctx.clock.now();
    const key = await findApiKey(trx, keyId);
    if (!key || key.merchant_id !== owner.merchantId)
      throw new AppError(merchantsErrors.MERCHANT_API_KEY_NOT_FOUND);
    if ((await revokeApiKeyRow(trx, owner.merchantId, keyId, now)) === 1) {
      await recordAudit(trx, now, {
        actor: userActor(owner.userId),
        action: 'merchant.api_key.revoke',
        target: { type: 'merchant', id: owner.merchantId },
        ip: owner.ip,
        summary: `API key ${keyId} (${key.name}) revoked`,
        details: { keyId },
      });
    }
    const after = await findApiKey(trx, keyId);
    return presentApiKey(after ?? key);
  });
}

/** The platform's bearer-token hook: a live key of an active shop, or null. */
export function createApiKeyAuthenticator(ctx: ServiceContext): AuthenticateApiKey {
  return async (token: string, _request: FastifyRequest): Promise<ApiKeyPrincipal | null> => {
    const dot = token.indexOf('.');
    if (dot <= 0) return null;
    const key = await findApiKey(ctx.db, token.slice(0, dot));
    if (!key || key.revoked_at !== null) return null;
    if (!safeEqual(sha256Hex(token.slice(dot + 1)), key.secret_hash)) return null;
    const merchant = await findMerchantRow(ctx.db, key.merchant_id);
    if (merchant?.status !== 'active') return null;
    const now = ctx.clock.now();
    // Recorded at most once a minute: a busy integration should not write on every request.
    if (!key.last_used_at || now.getTime() - new Date(key.last_used_at).getTime() >= MINUTE_MS)
      await touchApiKey(ctx.db, key.id, now);
    return {
      kind: 'api_key',
      keyId: key.id,
      merchantId: key.merchant_id,
      scopes: JSON.parse(key.scopes) as string[],
    };
  };
}
