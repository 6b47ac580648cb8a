import { defineStateMachine } from '../../platform/state-machine.js';
import type { OrderStatus } from './orders.tables.js';

/**
 * An order's life (PRODUCT.md P3). Payment moves the money into the order's escrow; delivery starts the
 * disclosed confirmation window; confirmation (by the buyer, or by the window passing) settles the escrow
 * to the merchant minus the platform fee. An expired order can still be paid: the late payment delivers
 * if stock can be reserved again, otherwise it is refunded — never "paid, nothing delivered". A dispute
 * (its own machine, disputes module) pauses confirmation while open and may refund even a settled order.
 */
export const orderLifecycle = defineStateMachine<OrderStatus>({
  name: 'order',
  initial: 'created',
  transitions: {
    created: ['paid', 'expired', 'cancelled'],
    expired: ['paid'],
    paid: ['delivered', 'refunding', 'refunded'],
    delivered: ['confirmed', 'refunding', 'refunded'],
    confirmed: ['settled'],
    refunding: ['refunded'],
    // A dispute decided for the buyer after settlement: the money is recovered (ADR 0008).
    settled: ['refunding', 'refunded'],
    cancelled: [],
    refunded: [],
  },
});
