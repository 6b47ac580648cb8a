/** Roles (PRODUCT.md P1). A user holds one or more; every route declares which it accepts. */
export const ROLES = ['buyer', 'merchant', 'agent', 'admin', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
