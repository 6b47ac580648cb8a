import { addMs, DAY_MS, MINUTE_MS } from '../../platform/clock.js';
import type { JobDefinition, RecurringJob } from '../../platform/jobs.js';
import {
  confirmDueOrders,
  expireDueOrders,
  refundOverdueOrders,
  remindDeliveriesDue,
} from './fulfilment.service.js';
import { deleteGuestLookupFailuresBefore } from './guest.service.js';

/**
 * Order timers: unpaid orders expire, delivered orders confirm themselves when their window passes,
 * undelivered top-ups are refunded at their deadline (merchants are reminded before it).
 */
export const orderJobs: JobDefinition[] = [
  { name: 'orders.expire', handler: async (ctx) => void (await expireDueOrders(ctx)) },
  { name: 'orders.auto_confirm', handler: async (ctx) => void (await confirmDueOrders(ctx)) },
  { name: 'orders.delivery_deadline', handler: async (ctx) => void (await refundOverdueOrders(ctx)) },
  { name: 'orders.delivery_reminders', handler: async (ctx) => void (await remindDeliveriesDue(ctx)) },
  {
    name: 'orders.cleanup',
    handler: (ctx) => deleteGuestLookupFailuresBefore(ctx, addMs(ctx.clock.now(), -DAY_MS)),
  },
];

export const orderRecurringJobs: RecurringJob[] = [
  { name: 'orders.expire', everyMs: MINUTE_MS / 2 },
  { name: 'orders.auto_confirm', everyMs: MINUTE_MS },
  { name: 'orders.delivery_deadline', everyMs: MINUTE_MS },
  { name: 'orders.delivery_reminders', everyMs: 5 * MINUTE_MS },
  { name: 'orders.cleanup', everyMs: DAY_MS },
];
