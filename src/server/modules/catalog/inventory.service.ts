import { sql } from 'kysely';
import type { KeyUploadReport } from '../../../common/api/catalog.js';
import type { Dialect } from '../../db/connect.js';
import type { Actor } from '../../platform/actor.js';
import { recordAudit } from '../../platform/audit.js';
import { toStoredTime } from '../../platform/clock.js';
import type { Db, ServiceContext } from '../../platform/context.js';
import type { KeyRing } from '../../platform/crypto.js';
import { AppError } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { assertActive, type MerchantCaller } from '../merchants/index.js';
import { cardKeyFingerprint, keyProblem, openCardKey, sealCardKey } from './card-key-secrets.js';
import {
  batchesOf,
  countKeysByStatus,
  existingFingerprints,
  insertBatch,
  insertKeys,
  releaseReservedKeys,
  reserveAvailableKeys,
  sellReservedKeys,
  soldKeysOfOrder,
  withdrawAvailableKeys,
  pickAvailableKeys,
  sellAvailableKeys,
} from './card-keys.repository.js';
import { catalogErrors } from './catalog.errors.js';
import { parseKeyUpload } from './key-parsing.js';
import { ownProduct } from './products.service.js';

/**
 * The card-key inventory (PRODUCT.md P3): keys arrive by upload, are sealed at once, and move
 * available → reserved (for one unpaid order) → sold, or are withdrawn. Plain keys exist only in the
 * upload request and in the buyer's reveal.
 */
export async function uploadKeys(
  ctx: ServiceContext,
  caller: MerchantCaller,
  productId: string,
  upload: { format: 'paste' | 'csv'; text: string; source: 'paste' | 'csv' | 'api' },
): Promise<KeyUploadReport> {
  assertActive(caller);
  const product = await ownProduct(ctx.db, caller, productId);
  if (product.kind !== 'card_key') throw new AppError(catalogErrors.CATALOG_NOT_CARD_KEY_PRODUCT);
  const lines = parseKeyUpload(upload.format, upload.text);
  const rejected: KeyUploadReport['rejected'] = [];
  const duplicates: KeyUploadReport['duplicates'] = [];
  const candidates: Array<{ line: number; secret: string; fingerprint: string }> = [];
  const seen = new Set<string>();
  for (const { line, secret } of lines) {
    const problem = keyProblem(secret);
    if (problem) {
      rejected.push({ line, reason: problem });
      continue;
    }
    const fingerprint = cardKeyFingerprint(ctx.keys, secret);
    if (seen.has(fingerprint)) {
      duplicates.push({ line, reason: 'in_batch' });
      continue;
    }
    seen.add(fingerprint);
    candidates.push({ line, secret, fingerprint });
  }
  return ctx.transact(async (trx) => {
    const now = ctx.clock.now();
    const batchId = newId('cardKeyBatch', now);
    const known = await existingFingerprints(
      trx,
      caller.merchantId,
      candidates.map((c) => c.fingerprint),
    );
    const fresh = candidates.filter((c) => {
      if (!known.has(c.fingerprint)) return true;
      duplicates.push({ line: c.line, reason: 'in_stock' });
      return false;
    });
    const accepted = await insertKeys(
      trx,
      fresh.map((c) => {
        const id = newId('cardKey', now);
        return {
          id,
          product_id: productId,
          merchant_id: caller.merchantId,
          batch_id: batchId,
          secret_sealed: sealCardKey(ctx.keys, id, c.secret),
          fingerprint: c.fingerprint,
          status: 'available' as const,
          order_id: null,
          reserved_until: null,
          created_at: toStoredTime(now),
          sold_at: null,
          withdrawn_at: null,
        };
      }),
    );
    const report: KeyUploadReport = {
      batchId,
      submitted: lines.length,
      accepted,
      duplicates: duplicates.sort((a, b) => a.line - b.line),
      rejected,
    };
    await insertBatch(trx, {
      id: batchId,
      product_id: productId,
      merchant_id: caller.merchantId,
      source: upload.source,
      submitted: report.submitted,
      accepted,
      duplicates: report.submitted - accepted - rejected.length,
      rejected: rejected.length,
      created_by: `${caller.actor.type}:${caller.actor.id}`,
      created_at: toStoredTime(now),
    });
    await recordAudit(trx, now, {
      actor: caller.actor,
      action: 'card_keys.upload',
      target: { type: 'product', id: productId },
      ip: caller.ip,
      summary: `${accepted} of ${report.submitted} keys accepted (batch ${batchId})`,
      details: { batchId, duplicates: duplicates.length, rejected: rejected.length },
    });
    return report;
  });
}

export async function inventoryOf(ctx: ServiceContext, caller: MerchantCaller, productId: string) {
  const product = await ownProduct(ctx.db, caller, productId);
  if (product.kind !== 'card_key') throw new AppError(catalogErrors.CATALOG_NOT_CARD_KEY_PRODUCT);
  const batches = await batchesOf(ctx.db, productId, 50);
  return {
    productId,
    counts: await countKeysByStatus(ctx.db, productId),
    batches: batches.map((b) => ({
      id: b.id,
      source: b.source,
      submitted: b.submitted,
      accepted: b.accepted,
      duplicates: b.duplicates,
      rejected: b.rejected,
      createdAt: b.created_at,
    })),
  };
}

export async function withdrawKeys(
  ctx: ServiceContext,
  caller: MerchantCaller,
  productId: string,
  input: { count: number; reason: string },
) {
  const product = await ownProduct(ctx.db, caller, productId);
  if (product.kind !== 'card_key') throw new AppError(catalogErrors.CATALOG_NOT_CARD_KEY_PRODUCT);
  await ctx.transact(async (trx) => {
    const now = ctx.clock.now();
    const available = (await countKeysByStatus(trx, productId)).available;
    if (available < input.count)
      throw new AppError(catalogErrors.CATALOG_NOT_ENOUGH_AVAILABLE_KEYS, { available });
    const withdrawn = await withdrawAvailableKeys(trx, productId, input.count, now);
    if (withdrawn !== input.count)
      throw new AppError(catalogErrors.CATALOG_NOT_ENOUGH_AVAILABLE_KEYS, { available });
    await recordAudit(trx, now, {
      actor: caller.actor,
      action: 'card_keys.withdraw',
      target: { type: 'product', id: productId },
      ip: caller.ip,
      summary: `${withdrawn} keys withdrawn`,
      details: { reason: input.reason },
    });
  });
  return inventoryOf(ctx, caller, productId);
}

/** For orders: reserve exactly `quantity` keys or none (the caller rolls back on a short count). */
export async function reserveKeysForOrder(
  db: Db,
  dialect: Dialect,
  input: { productId: string; orderId: string; quantity: number; until: Date },
): Promise<boolean> {
  const taken = await reserveAvailableKeys(db, dialect, input);
  return taken.length === input.quantity;
}

export async function releaseKeysOfOrder(db: Db, orderId: string): Promise<number> {
  return releaseReservedKeys(db, orderId);
}

/** For a batch of 立即购买: the oldest available keys, which the batch hands out in arrival order. */
export async function pickKeysForSale(
  db: Db,
  dialect: Dialect,
  productId: string,
  count: number,
): Promise<string[]> {
  return pickAvailableKeys(db, dialect, productId, count);
}

/** available → sold for keys a batch picked, each to its order; every one must still be available. */
export async function sellPickedKeys(
  db: Db,
  sales: ReadonlyArray<{ keyId: string; orderId: string }>,
  now: Date,
): Promise<void> {
  const sold = await sellAvailableKeys(db, sales, now);
  if (sold !== sales.length)
    throw new Error(`${sales.length - sold} picked card keys were no longer available`);
}

/** reserved → sold; the caller records the delivery (order_keys) with the ids returned. */
export async function sellKeysOfOrder(db: Db, orderId: string, now: Date): Promise<string[]> {
  return sellReservedKeys(db, orderId, now);
}

/**
 * The plain keys of an order, for its buyer only; every reveal is recorded in the audit log with who
 * saw them (the signed-in buyer, or the guest who gave the order's password).
 */
export async function revealKeysOfOrder(
  db: Db,
  keys: KeyRing,
  reveal: { orderId: string; actor: Actor; ip: string | null; now: Date },
): Promise<Array<{ id: string; secret: string }>> {
  const rows = await soldKeysOfOrder(db, reveal.orderId);
  if (rows.length === 0) return [];
  await recordAudit(db, reveal.now, {
    actor: reveal.actor,
    action: 'card_keys.reveal',
    target: { type: 'order', id: reveal.orderId },
    ip: reveal.ip,
    summary: `${rows.length} keys shown`,
    details: { keyIds: rows.map((r) => r.id) },
  });
  return rows.map((row) => ({ id: row.id, secret: openCardKey(keys, row.id, row.secret_sealed) }));
}

/**
 * What a shop sees of the keys it delivered with an order: the id and the last four characters — enough
 * to tell which key a buyer says is bad and replace that one, never the key itself.
 */
export async function keyHintsOfOrder(
  db: Db,
  keys: KeyRing,
  orderId: string,
): Promise<Array<{ id: string; hint: string }>> {
  const rows = await soldKeysOfOrder(db, orderId);
  return rows.map((row) => ({
    id: row.id,
    hint: `…${openCardKey(keys, row.id, row.secret_sealed).slice(-4)}`,
  }));
}

/**
 * Whether a card-key product has `quantity` keys available now (null for other kinds or an unknown
 * product). A read, outside any transaction: a sold-out 秒杀 answers its late buyers without queueing
 * them behind the writers. The reservation in the order's transaction stays the authority.
 */
export async function keysInStock(db: Db, productId: string, quantity: number): Promise<boolean | null> {
  // One statement: every order request asks this first, so it is kept to a single read.
  const { rows } = await sql<{ kind: string; available: number | string }>`
    select p.kind, (
      select count(*) from (
        select 1 from card_keys k where k.product_id = p.id and k.status = 'available' limit ${quantity}
      ) as a
    ) as available
    from products p where p.id = ${productId}`.execute(db);
  const product = rows[0];
  if (product?.kind !== 'card_key') return null;
  return Number(product.available) >= quantity;
}
