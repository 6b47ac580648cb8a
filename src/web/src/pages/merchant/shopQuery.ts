import { useQuery } from '@tanstack/react-query';
import { getMyShop } from '../../api/merchant.js';

/** Every query of the console starts with this, so one invalidation refreshes the whole console. */
export const MERCHANT_KEY = 'merchant';
export const SHOP_QUERY_KEY = [MERCHANT_KEY, 'shop'] as const;

export function useMyShop() {
  return useQuery({ queryKey: SHOP_QUERY_KEY, queryFn: getMyShop });
}
