import type { Db } from '../../platform/context.js';
import type { Product } from '../catalog/index.js';

/**
 * Hooks the membership issue fills in: the unit price a buyer pays (member prices) and whether a buyer
 * is a member (member-only goods). Until then everyone pays the list price and nobody is a member.
 */
export interface CommercePolicies {
  unitPrice(db: Db, input: { product: Product; buyerId: string | null }): Promise<number>;
  isMember(db: Db, buyerId: string | null): Promise<boolean>;
}

export const listPricePolicies: CommercePolicies = {
  unitPrice: (_db, { product }) => Promise.resolve(product.price),
  isMember: () => Promise.resolve(false),
};
