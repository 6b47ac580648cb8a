import { defineStateMachine } from '../../platform/state-machine.js';
import type { OrderStatus } from './orders.tables.js';

/**
 * An order's life (PRODUCT.md P3). Payment moves the money into the order's escrow; delivery starts the
 * disclosed confirmation window; confirmation (by the buyer, or by the window passing) settles the escrow
 * to the merchant minus the platform fee. An expired order can still be paid: the late payment delivers
 * if stock can be reserved again, otherwise it is refunded — never "paid, nothing delivered".
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
    settled: [],
    cancelled: [],
    refunded: [],
  },
});
