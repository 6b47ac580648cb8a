import { z } from 'zod';
import { LOCALES } from '../locale.js';
import { pageSchema } from '../pagination.js';
import { ROLES } from '../roles.js';

/** Request and response shapes of the accounts API, shared by the server (validation, OpenAPI) and the web. */
export const localeSchema = z.enum(LOCALES);
export const roleSchema = z.enum(ROLES);
export const emailSchema = z.email().max(254);
export const timestampSchema = z.iso.datetime();

export const registerBody = z.strictObject({
  email: emailSchema,
  password: z.string().min(8).max(128),
  displayName: z.string().trim().min(1).max(40).optional(),
  locale: localeSchema.optional(),
});

export const challengeStarted = z.object({
  verificationId: z.string(),
  expiresAt: timestampSchema,
});

export const verifyCodeBody = z.strictObject({
  verificationId: z.string().min(1).max(64),
  code: z.string().regex(/^\d{6}$/, '6 digits'),
});

export const resendCodeBody = z.strictObject({
  verificationId: z.string().min(1).max(64),
});

export const loginBody = z.strictObject({
  email: emailSchema,
  password: z.string().min(1).max(128),
});

export const passwordResetBody = z.strictObject({
  email: emailSchema,
  locale: localeSchema.optional(),
});

export const passwordResetConfirmBody = z.strictObject({
  resetId: z.string().min(1).max(64),
  code: z.string().regex(/^\d{6}$/, '6 digits'),
  newPassword: z.string().min(8).max(128),
});

export const resetStarted = z.object({
  resetId: z.string(),
  expiresAt: timestampSchema,
});

export const userStatusSchema = z.enum(['active', 'disabled']);

export const meSchema = z.object({
  id: z.string(),
  email: z.string(),
  displayName: z.string(),
  locale: localeSchema,
  roles: z.array(roleSchema),
  status: userStatusSchema,
  emailVerifiedAt: timestampSchema.nullable(),
  createdAt: timestampSchema,
});
export type Me = z.infer<typeof meSchema>;

/** Login answers with a status so that later factors (2FA, new-device challenge) slot in as new variants. */
export const loginResponse = z.discriminatedUnion('status', [
  z.object({ status: z.literal('signed_in'), user: meSchema, csrfToken: z.string() }),
]);
export type LoginResponse = z.infer<typeof loginResponse>;

export const updateMeBody = z
  .strictObject({
    displayName: z.string().trim().min(1).max(40).optional(),
    locale: localeSchema.optional(),
  })
  .refine((body) => body.displayName !== undefined || body.locale !== undefined, 'nothing to change');

export const loginHistoryItem = z.object({
  id: z.string(),
  at: timestampSchema,
  ip: z.string(),
  userAgent: z.string().nullable(),
  result: z.enum(['success', 'bad_credentials', 'throttled', 'disabled', 'second_factor_required']),
});
export const loginHistoryPage = pageSchema(loginHistoryItem);
export type LoginHistoryItem = z.infer<typeof loginHistoryItem>;

export const adminUserView = meSchema.extend({ lastLoginAt: timestampSchema.nullable() });
export type AdminUserView = z.infer<typeof adminUserView>;
export const adminUserPage = pageSchema(adminUserView);

export const adminUsersQuery = z.strictObject({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  q: z.string().trim().max(254).optional(),
});

export const userIdParams = z.strictObject({ userId: z.string().regex(/^usr_[0-9A-Z]{26}$/) });

export const setUserStatusBody = z.strictObject({
  status: userStatusSchema,
  reason: z.string().trim().min(2).max(500),
});

export const setUserRolesBody = z.strictObject({
  roles: z.array(roleSchema).min(1).max(ROLES.length),
  reason: z.string().trim().min(2).max(500),
});

export const csrfResponse = z.object({ csrfToken: z.string() });

/** Who is signed in, if anyone: signed out is a normal answer (200), not an error. */
export const sessionResponse = z.object({ user: meSchema.nullable() });
export type SessionAnswer = z.infer<typeof sessionResponse>;
