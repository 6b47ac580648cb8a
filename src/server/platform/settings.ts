import { DEFAULT_SHOP_SETTINGS, shopSettingsSchema, type ShopSettings } from '../../common/api/settings.js';
import { toStoredTime } from './clock.js';
import type { Db } from './context.js';

/**
 * Shop settings: one row per setting, JSON values, defaults for what was never set. Read inside the
 * transaction that uses them, so an order's fee is the rate in force when the order was written.
 */
export async function getShopSettings(db: Db): Promise<ShopSettings> {
  const rows = await db.selectFrom('shop_settings').select(['key', 'value']).execute();
  const stored = Object.fromEntries(rows.map((row) => [row.key, JSON.parse(row.value) as unknown]));
  // A value written by an older version that no longer validates falls back to its default.
  const merged = { ...DEFAULT_SHOP_SETTINGS };
  for (const key of Object.keys(DEFAULT_SHOP_SETTINGS) as (keyof ShopSettings)[]) {
    const candidate = { ...merged, [key]: stored[key] ?? merged[key] };
    if (shopSettingsSchema.safeParse(candidate).success) merged[key] = candidate[key];
  }
  return merged;
}

export async function setShopSettings(
  db: Db,
  now: Date,
  updatedBy: string,
  changes: Partial<ShopSettings>,
): Promise<void> {
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined) continue;
    await db
      .insertInto('shop_settings')
      .values({ key, value: JSON.stringify(value), updated_at: toStoredTime(now), updated_by: updatedBy })
      .onConflict((oc) =>
        oc.column('key').doUpdateSet({
          value: JSON.stringify(value),
          updated_at: toStoredTime(now),
          updated_by: updatedBy,
        }),
      )
      .execute();
  }
}
