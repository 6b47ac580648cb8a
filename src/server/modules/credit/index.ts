import { z } from 'zod';
import { DAY_MS } from '../../platform/clock.js';
import type { KamengModule } from '../../platform/module.js';
import { CREDIT_REVIEW_JOB, findMerchantRow } from '../merchants/index.js';
import { registerCreditRoutes } from './credit.routes.js';
import { reviewCredit } from './credit.service.js';

const reviewPayload = z.object({ merchantId: z.string() });

/**
 * Merchant credit (issue 5 deliverable 5): the published score, shown on the shop page with the dispute
 * rate, and the sanctions it brings — reviewed after every credit event and daily (so a shop whose old
 * mistakes leave the window recovers by itself).
 */
export const creditModule: KamengModule = {
  name: 'credit',
  registerRoutes: registerCreditRoutes,
  jobs: [
    {
      name: CREDIT_REVIEW_JOB,
      handler: async (ctx, payload) => {
        const { merchantId } = reviewPayload.parse(payload);
        await ctx.transact(async (trx) => {
          const row = await findMerchantRow(trx, merchantId);
          if (row) await reviewCredit(ctx, trx, row);
        });
      },
    },
    {
      name: 'credit.review_all',
      handler: async (ctx) => {
        const shops = await ctx.db
          .selectFrom('merchants')
          .select('id')
          .where('status', '=', 'active')
          .execute();
        for (const shop of shops)
          await ctx.transact(async (trx) => {
            const row = await findMerchantRow(trx, shop.id);
            if (row) await reviewCredit(ctx, trx, row);
          });
      },
    },
  ],
  recurringJobs: [{ name: 'credit.review_all', everyMs: DAY_MS }],
};

export { creditFacts, creditOf } from './credit.service.js';
export { creditScore } from './credit-formula.js';
