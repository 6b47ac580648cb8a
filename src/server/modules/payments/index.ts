import type { KamengModule } from '../../platform/module.js';
import { paymentRecurringJobs, paymentJobs } from './payments.jobs.js';
import { paymentsErrors } from './payments.errors.js';
import { registerPaymentRoutes } from './payments.routes.js';
import type { PaymentPurposeHandlers } from './payments.service.js';
import { paymentsReasons } from './reasons.js';
import { topupPaymentHandler } from './topup.service.js';

/**
 * Payments (PRODUCT.md P4): the provider seam, the sandbox provider, callbacks, wallet top-ups, refunds.
 * The purposes money is paid for (orders) hand in their handlers here, so payments imports none of them.
 */
export function createPaymentsModule(deps: { handlers: PaymentPurposeHandlers }): KamengModule {
  const handlers: PaymentPurposeHandlers = { topup: topupPaymentHandler, ...deps.handlers };
  return {
    name: 'payments',
    errors: paymentsErrors,
    reasons: paymentsReasons,
    registerRoutes: (app, ctx) => registerPaymentRoutes(app, ctx, handlers),
    jobs: paymentJobs(handlers),
    recurringJobs: paymentRecurringJobs,
  };
}

export type { PaymentsTables } from './payments.tables.js';
export { paymentsErrors } from './payments.errors.js';
export type { PaymentRecord, RefundRecord } from './payments.repository.js';
export {
  beginCheckout,
  createPendingPayment,
  getPayment,
  paymentById,
  paymentsOfPurposes,
  recordWalletPayment,
  recordWalletPayments,
  WALLET,
  type PaymentPurposeHandler,
} from './payments.service.js';
export { redirectFailedRefund, refundsOfPayments, requestRefund } from './refunds.service.js';
export { presentPayment } from './payments.routes.js';
export { SandboxProvider, SANDBOX } from './sandbox/sandbox-provider.js';
export { signSandboxParams } from './sandbox/signing.js';
/** The provider behind a channel, as the payment pipeline builds it (adapter contract tests use it too). */
export { providerFor } from './channels.service.js';
