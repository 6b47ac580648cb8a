import { defineStateMachine } from '../../platform/state-machine.js';
import type { MerchantStatus } from './merchants.tables.js';

/**
 * A shop's life (PRODUCT.md P3). Approval leads to `active` once the deposit reaches the minimum
 * (at once when it already does); a rejected applicant may apply again; suspension is reversible;
 * closing ends in `closed` once nothing is left in flight (the buyer-protection issue adds the notice
 * period and the deposit release).
 */
export const merchantLifecycle = defineStateMachine<MerchantStatus>({
  name: 'merchant',
  initial: 'applying',
  transitions: {
    applying: ['approved', 'rejected'],
    rejected: ['applying'],
    approved: ['active'],
    active: ['suspended', 'closing'],
    suspended: ['active', 'closing'],
    closing: ['closed'],
    closed: [],
  },
});
