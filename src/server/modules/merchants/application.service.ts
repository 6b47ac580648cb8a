import type { MerchantApplication, MyShopView } from '../../../common/api/merchants.js';
import { userActor } from '../../platform/actor.js';
import { toStoredTime } from '../../platform/clock.js';
import type { Db, ServiceContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { applyTransition, recordInitialState } from '../../platform/state-machine.js';
import { identityFingerprint, identityProblem, maskIdentityNumber, sealIdentityNumber } from './kyc.js';
import { merchantLifecycle } from './merchant-lifecycle.js';
import { merchantsErrors } from './merchants.errors.js';
import {
  findMerchantRowOfUser,
  identityInUse,
  insertMerchant,
  replaceApplication,
  rowToMerchant,
  shopNameTaken,
  type Merchant,
} from './merchants.repository.js';
import { shopMoney } from './shop-accounts.js';

/**
 * Opening a shop: a user applies with KYC details; an admin reviews (review.service.ts). A rejected
 * applicant corrects the same application and applies again, so its history stays in one place.
 */
export async function applyForShop(
  ctx: ServiceContext,
  userId: string,
  input: MerchantApplication,
): Promise<MyShopView> {
  const problem = identityProblem(input.kycType, input.identityNumber);
  if (problem) throw new AppError(merchantsErrors.MERCHANT_IDENTITY_INVALID, { problem });
  const fingerprint = identityFingerprint(ctx.keys, input.identityNumber);
  await ctx.transact(async (trx) => {
    const now = ctx.clock.now();
    const existing = await findMerchantRowOfUser(trx, userId);
    if (existing && existing.status !== 'rejected')
      throw new AppError(merchantsErrors.MERCHANT_ALREADY_APPLIED, { status: existing.status });
    const id = existing?.id ?? newId('merchant', now);
    if (await shopNameTaken(trx, input.shopName, id))
      throw new AppError(merchantsErrors.MERCHANT_SHOP_NAME_TAKEN, { name: input.shopName });
    if (await identityInUse(trx, fingerprint, id))
      throw new AppError(merchantsErrors.MERCHANT_IDENTITY_IN_USE);
    const fields = {
      shop_name: input.shopName,
      description: input.description,
      kyc_type: input.kycType,
      legal_name: input.legalName,
      identity_number_sealed: sealIdentityNumber(ctx.keys, id, input.identityNumber),
      identity_number_masked: maskIdentityNumber(input.identityNumber),
      identity_fingerprint: fingerprint,
      contact_name: input.contactName,
      contact_phone: input.contactPhone,
      contact_email: input.contactEmail,
      updated_at: toStoredTime(now),
    };
    if (existing) {
      await applyTransition(
        trx,
        now,
        merchantLifecycle,
        {
          entityId: id,
          from: 'rejected',
          to: 'applying',
          actor: userActor(userId),
          reason: { code: 'reapplied' },
        },
        () => replaceApplication(trx, id, fields),
      );
      return;
    }
    await insertMerchant(trx, {
      id,
      user_id: userId,
      status: 'applying',
      review_note: null,
      reviewed_by: null,
      reviewed_at: null,
      created_at: toStoredTime(now),
      ...fields,
    });
    await recordInitialState(trx, now, merchantLifecycle, id, userActor(userId), { code: 'applied' });
  });
  const shop = await getMyShop(ctx, userId);
  if (!shop) throw new Error('the application just written is missing');
  return shop;
}

export async function getMyShop(ctx: ServiceContext, userId: string): Promise<MyShopView | null> {
  const row = await findMerchantRowOfUser(ctx.db, userId);
  return row ? presentShop(ctx.db, rowToMerchant(row)) : null;
}

export async function presentShop(db: Db, merchant: Merchant): Promise<MyShopView> {
  const money = await shopMoney(db, merchant.id);
  return {
    id: merchant.id,
    shopName: merchant.shopName,
    description: merchant.description,
    kycType: merchant.kycType,
    legalName: merchant.legalName,
    identityNumberMasked: merchant.identityNumberMasked,
    contactName: merchant.contactName,
    contactPhone: merchant.contactPhone,
    contactEmail: merchant.contactEmail,
    status: merchant.status,
    reviewNote: merchant.reviewNote,
    reviewedAt: merchant.reviewedAt,
    createdAt: merchant.createdAt,
    sanction: merchant.sanction,
    closing: merchant.closing,
    ...money,
  };
}
