import { defineStateMachine } from '../../platform/state-machine.js';
import type { PaymentStatus } from './payments.tables.js';

/**
 * A payment's life. Money a provider confirms is never refused: an expired or failed payment that the
 * provider later reports as paid still succeeds (its purpose decides what to do with the money, and
 * refunds it if it cannot be used). A succeeded payment is final; refunds are their own records.
 */
export const paymentLifecycle = defineStateMachine<PaymentStatus>({
  name: 'payment',
  initial: 'pending',
  transitions: {
    pending: ['succeeded', 'failed', 'expired'],
    failed: ['succeeded'],
    expired: ['succeeded'],
    succeeded: [],
  },
});
