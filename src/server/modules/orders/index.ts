import type { KamengModule } from '../../platform/module.js';
import { orderJobs, orderRecurringJobs } from './orders.jobs.js';
import { ordersErrors } from './orders.errors.js';
import { registerOrderRoutes } from './orders.routes.js';
import type { BatchOutcome } from './buy-now.service.js';
import { listPricePolicies, type CommercePolicies } from './policies.js';
import { ordersReasons } from './reasons.js';

/**
 * Orders (PRODUCT.md P3): checkout with reserved stock, payment into per-order escrow, instant card-key
 * delivery, merchant delivery for services, confirmation and settlement, guest orders, the shop page.
 */
export function createOrdersModule(
  deps: { policies?: CommercePolicies; onBuyNowBatch?: (size: number, outcome: BatchOutcome) => void } = {},
): KamengModule {
  const policies = deps.policies ?? listPricePolicies;
  return {
    name: 'orders',
    errors: ordersErrors,
    reasons: ordersReasons,
    registerRoutes: (app, ctx) => registerOrderRoutes(app, ctx, policies, deps.onBuyNowBatch),
    jobs: orderJobs,
    recurringJobs: orderRecurringJobs,
  };
}

export type { OrdersTables } from './orders.tables.js';
export { orderPaymentHandler } from './pay.service.js';
export {
  expireDueOrders,
  confirmDueOrders,
  refundOverdueOrders,
  remindDeliveriesDue,
} from './fulfilment.service.js';
export { listPricePolicies, type CommercePolicies } from './policies.js';
export {
  BuyNowLane,
  buyNowAlone,
  buyNowBatch,
  type BatchOutcome,
  type BuyNowRequest,
} from './buy-now.service.js';
export { confirmAndSettle } from './order-steps.js';
export { currentKeysOf, refundableLeft, refundOrder, replaceDeliveredKeys } from './order-remedies.js';
export { findOrder, lockOrder, setOrderDispute, type OrderRow } from './orders.repository.js';
export { presentOrder } from './order-views.js';
export { guestOrderByPass } from './guest.service.js';
