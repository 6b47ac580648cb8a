import type { ProductKindName } from '../../../../common/api/catalog.js';
import type { MerchantStatusName } from '../../../../common/api/merchants.js';
import type { OrderStatusName } from '../../../../common/api/orders.js';

/** Tag colours: green for what runs, gold for what waits on someone, red for what stopped. */
export function shopStatusColor(status: MerchantStatusName): string {
  switch (status) {
    case 'active':
      return 'green';
    case 'applying':
    case 'approved':
      return 'gold';
    case 'rejected':
    case 'suspended':
      return 'red';
    case 'closing':
    case 'closed':
      return 'default';
  }
}

export function productStatusColor(status: 'draft' | 'listed' | 'delisted'): string {
  switch (status) {
    case 'listed':
      return 'green';
    case 'draft':
      return 'default';
    case 'delisted':
      return 'orange';
  }
}

export function kindColor(kind: ProductKindName): string {
  switch (kind) {
    case 'card_key':
      return 'blue';
    case 'topup':
      return 'purple';
    case 'manual':
      return 'cyan';
  }
}

export function orderStatusColor(status: OrderStatusName): string {
  switch (status) {
    case 'paid':
      return 'gold';
    case 'delivered':
      return 'blue';
    case 'confirmed':
    case 'settled':
      return 'green';
    case 'refunding':
    case 'refunded':
      return 'red';
    case 'created':
    case 'expired':
    case 'cancelled':
      return 'default';
  }
}
