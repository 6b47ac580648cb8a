import {
  shopSettingsPatchSchema,
  shopSettingsSchema,
  shopSettingsView,
  type ShopSettingKey,
  type ShopSettings,
  type ShopSettingsPatch,
  type ShopSettingsView,
} from '../../../common/api/settings.js';
import { userActor } from '../../platform/actor.js';
import { recordAudit } from '../../platform/audit.js';
import type { Db, ServiceContext } from '../../platform/context.js';
import { AppError, platformErrors } from '../../platform/errors.js';
import { requireUser } from '../../platform/http/access.js';
import { clientIp, type ApiInstance } from '../../platform/http/api.js';
import { getShopSettings, setShopSettings } from '../../platform/settings.js';
import { findUserById } from '../accounts/index.js';

/**
 * The shop settings an admin keeps (fee rate, deposit minimum, payment and escrow windows). A change
 * applies to what happens next: orders and applications already written keep the terms they recorded.
 */
export function registerSettingsRoutes(app: ApiInstance, ctx: ServiceContext): void {
  app.get('/api/v1/admin/settings', {
    config: { access: ['admin', 'auditor'] },
    schema: {
      tags: ['admin'],
      summary: 'The shop settings in force, with who last changed each and when',
      response: { 200: shopSettingsView },
    },
    handler: () => presentShopSettings(ctx.db),
  });

  app.put('/api/v1/admin/settings', {
    config: { access: ['admin'] },
    schema: {
      tags: ['admin'],
      summary:
        'Change some settings, with a reason (audited: before and after of each changed key); new orders and applications use them',
      body: shopSettingsPatchSchema,
      response: { 200: shopSettingsView },
    },
    handler: (request) =>
      updateShopSettings(ctx, { adminId: requireUser(request).userId, ip: clientIp(request) }, request.body),
  });
}

async function updateShopSettings(
  ctx: ServiceContext,
  admin: { adminId: string; ip: string | null },
  patch: ShopSettingsPatch,
): Promise<ShopSettingsView> {
  const { reason, ...requested } = patch;
  await ctx.transact(async (trx) => {
    const now = ctx.clock.now();
    const before = await getShopSettings(trx);
    const merged = shopSettingsSchema.safeParse({ ...before, ...definedOnly(requested) });
    if (!merged.success)
      throw new AppError(platformErrors.VALIDATION_FAILED, {
        summary: merged.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; '),
      });
    const changed = (Object.keys(merged.data) as ShopSettingKey[]).filter(
      (key) => merged.data[key] !== before[key],
    );
    // Sending the values already in force changes nothing, so there is nothing to audit either.
    if (changed.length === 0) return;
    const pick = (settings: ShopSettings) => Object.fromEntries(changed.map((key) => [key, settings[key]]));
    await setShopSettings(trx, now, admin.adminId, pick(merged.data));
    await recordAudit(trx, now, {
      actor: userActor(admin.adminId),
      action: 'settings.update',
      target: { type: 'shop_settings', id: null },
      ip: admin.ip,
      summary: changed.map((key) => `${key}: ${before[key]} → ${merged.data[key]}`).join(', '),
      details: { before: pick(before), after: pick(merged.data), reason },
    });
  });
  return presentShopSettings(ctx.db);
}

function definedOnly(values: Partial<ShopSettings>): Partial<ShopSettings> {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined));
}

async function presentShopSettings(db: Db): Promise<ShopSettingsView> {
  const settings = await getShopSettings(db);
  const rows = await db.selectFrom('shop_settings').select(['key', 'updated_at', 'updated_by']).execute();
  const emails = new Map<string, string>();
  for (const id of new Set(rows.flatMap((row) => (row.updated_by ? [row.updated_by] : [])))) {
    emails.set(id, (await findUserById(db, id))?.email ?? '');
  }
  const lastChanged = Object.fromEntries(
    (Object.keys(settings) as ShopSettingKey[]).map((key) => {
      const row = rows.find((candidate) => candidate.key === key);
      if (!row) return [key, null];
      const by = row.updated_by ? { id: row.updated_by, email: emails.get(row.updated_by) ?? '' } : null;
      return [key, { at: row.updated_at, by }];
    }),
  ) as ShopSettingsView['lastChanged'];
  return { settings, lastChanged };
}
