import type { OrderStatusName, OrderView } from '../../../../common/api/orders.js';
import type { ProductKindName } from '../../../../common/api/catalog.js';
import { currentLocale } from '../../i18n/i18n.js';

/** Small pure helpers shared by the shop screens. */

/** The text of a bilingual pair (category names, usage rules, buyer-field labels) in the UI language. */
export function inLanguage(zh: string, en: string): string {
  return currentLocale() === 'en' ? en : zh;
}

export const ORDER_STATUS_COLORS: Record<OrderStatusName, string> = {
  created: 'gold',
  paid: 'blue',
  delivered: 'cyan',
  confirmed: 'green',
  settled: 'green',
  expired: 'default',
  cancelled: 'default',
  refunding: 'orange',
  refunded: 'purple',
};

/** A card-key order once delivered (and after): its keys can be revealed. */
export function hasKeysToReveal(order: Pick<OrderView, 'kind' | 'status'>): boolean {
  return order.kind === 'card_key' && ['delivered', 'confirmed', 'settled'].includes(order.status);
}

export const KIND_COLORS: Record<ProductKindName, string> = {
  card_key: 'geekblue',
  topup: 'volcano',
  manual: 'purple',
};

const GUEST_PASSWORD_PREFIX = 'kameng.guestOrder.';

/**
 * The query password a guest just chose, kept for this tab only, so that the lookup page they return to
 * from the payment page opens without retyping it. Closing the tab forgets it.
 */
export function rememberGuestPassword(orderId: string, password: string): void {
  try {
    sessionStorage.setItem(GUEST_PASSWORD_PREFIX + orderId, password);
  } catch {
    // Storage unavailable: the guest types the password again, which always works.
  }
}

export function rememberedGuestPassword(orderId: string): string {
  try {
    return sessionStorage.getItem(GUEST_PASSWORD_PREFIX + orderId) ?? '';
  } catch {
    return '';
  }
}
