import { MINUTE_MS } from '../../platform/clock.js';
import type { JobDefinition, RecurringJob } from '../../platform/jobs.js';
import { NonRetryableJobError } from '../../platform/jobs.js';
import {
  expirePendingPayments,
  RECONCILE_EVERY_MS,
  reconcilePayments,
  type PaymentPurposeHandlers,
} from './payments.service.js';
import { MAX_REFUND_ATTEMPTS, processRefund, REFUND_JOB } from './refunds.service.js';

export function paymentJobs(handlers: PaymentPurposeHandlers): JobDefinition[] {
  return [
    {
      name: REFUND_JOB,
      // A provider that keeps refusing is retried with backoff for about a day, then left for an admin.
      // One more than the refund's own limit (also set when each refund job is enqueued).
      maxAttempts: MAX_REFUND_ATTEMPTS + 1,
      handler: async (ctx, payload) => {
        const refundId = (payload as { refundId?: unknown } | null)?.refundId;
        if (typeof refundId !== 'string') throw new NonRetryableJobError('refund job without a refund id');
        await processRefund(ctx, handlers, refundId);
      },
    },
    {
      name: 'payments.reconcile',
      handler: async (ctx) => {
        await reconcilePayments(ctx, handlers);
      },
    },
    {
      name: 'payments.expire',
      handler: async (ctx) => {
        await expirePendingPayments(ctx);
      },
    },
  ];
}

export const paymentRecurringJobs: RecurringJob[] = [
  { name: 'payments.expire', everyMs: MINUTE_MS },
  // Callbacks get lost; every five minutes the providers are asked about what is still pending.
  { name: 'payments.reconcile', everyMs: RECONCILE_EVERY_MS },
];
