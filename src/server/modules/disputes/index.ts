import type { KamengModule } from '../../platform/module.js';
import { disputeJobs, disputeRecurringJobs } from './dispute-deadlines.js';
import { disputesErrors } from './disputes.errors.js';
import { registerDisputeRoutes } from './disputes.routes.js';

/**
 * Disputes (售后, issue 5, ADR 0008): the buyer opens one on a delivered order, the merchant has 24 h,
 * silence refunds the buyer, agents decide escalations, admins decide appeals; money follows through
 * the ledger in the same transaction.
 */
export const disputesModule: KamengModule = {
  name: 'disputes',
  errors: disputesErrors,
  registerRoutes: registerDisputeRoutes,
  jobs: disputeJobs,
  recurringJobs: disputeRecurringJobs,
};

export type { DisputesTables } from './disputes.tables.js';
export { refundSilentMerchants, acceptForSilentBuyers, remindMerchants } from './dispute-deadlines.js';
