import { z } from 'zod';
import { timestampSchema } from './accounts.js';

/**
 * Shop-wide settings an admin changes in the console. Each change applies to what happens next (a new
 * order's fee, a new application's deposit); what was already agreed keeps its terms (orders snapshot
 * their fee rate and windows).
 */
export const shopSettingsSchema = z.strictObject({
  /** Platform fee on each order, in basis points (500 = 5 %). */
  platformFeeBps: z.number().int().min(0).max(5_000),
  /** 保证金: the deposit a merchant keeps with the platform to sell, in 分. */
  merchantDepositMinimum: z.number().int().min(0).max(100_000_000_00),
  /** How long an unpaid order keeps its stock reserved. */
  orderPaymentMinutes: z
    .number()
    .int()
    .min(5)
    .max(24 * 60),
  /** Default escrow window after delivery, before an order confirms itself: card keys. */
  cardKeyConfirmHours: z
    .number()
    .int()
    .min(1)
    .max(30 * 24),
  /** Default escrow window for top-up and manual goods. */
  serviceConfirmHours: z
    .number()
    .int()
    .min(1)
    .max(30 * 24),
});
export type ShopSettings = z.infer<typeof shopSettingsSchema>;

export const DEFAULT_SHOP_SETTINGS: ShopSettings = {
  platformFeeBps: 500,
  merchantDepositMinimum: 50_000,
  orderPaymentMinutes: 15,
  cardKeyConfirmHours: 24,
  serviceConfirmHours: 72,
};

export const shopSettingsPatchSchema = shopSettingsSchema.partial().extend({
  reason: z.string().trim().min(2).max(500),
});

export const shopSettingKeySchema = shopSettingsSchema.keyof();
export type ShopSettingKey = z.infer<typeof shopSettingKeySchema>;
export type ShopSettingsPatch = z.infer<typeof shopSettingsPatchSchema>;

/** Who last changed one setting, and when; `by` is null for a change no signed-in admin made. */
export const settingChangeSchema = z.object({
  at: timestampSchema,
  by: z.object({ id: z.string(), email: z.string() }).nullable(),
});
export type SettingChange = z.infer<typeof settingChangeSchema>;

/** The console's view: the settings in force, and for each one its last change (null: still the default). */
export const shopSettingsView = z.object({
  settings: shopSettingsSchema,
  lastChanged: z.record(shopSettingKeySchema, settingChangeSchema.nullable()),
});
export type ShopSettingsView = z.infer<typeof shopSettingsView>;
