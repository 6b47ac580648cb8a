import { expect } from 'vitest';
import { withCheckCharacter } from '../../src/server/modules/merchants/index.js';
import type { TestClient } from './client.js';
import { fund, userWallet } from './ledger.js';
import type { SeededUser, TestApp } from './test-app.js';

/** Shorthands for commerce flows: people, shops and money, through the public API where it matters. */
let serial = 0;
export function uniqueSuffix(): string {
  return `${process.pid}${++serial}${Math.random().toString(36).slice(2, 6)}`;
}

/** A valid 身份证号 that differs per call (region 110105, a 1990 birth date, a serial). */
export function personIdNumber(): string {
  const n = String(100 + (++serial % 900));
  return withCheckCharacter('individual', `11010519900101${n}`);
}

export interface Person {
  user: SeededUser;
  client: TestClient;
}

export async function signedIn(app: TestApp, role: 'buyer' | 'admin' | 'agent' | 'auditor', name: string) {
  const user = await app.seedUser({
    email: `${name}-${uniqueSuffix()}@example.com`,
    password: 'a long enough passphrase',
    roles: [role],
  });
  const client = app.client();
  await client.login(user.email, user.password);
  return { user, client } satisfies Person;
}

export async function fundWallet(app: TestApp, userId: string, amount: number): Promise<void> {
  const db = app.database.handle.db;
  await fund(db, app.database.dialect, await userWallet(db, userId), amount);
}

export function applicationFor(shopName: string, idNumber = personIdNumber()) {
  return {
    shopName,
    description: `${shopName}：正规渠道，自动发货`,
    kycType: 'individual' as const,
    legalName: '张三丰',
    identityNumber: idNumber,
    contactName: '张先生',
    contactPhone: '13800138000',
    contactEmail: 'shop@example.com',
  };
}

export interface OpenShop extends Person {
  merchantId: string;
}

/** A shop taken all the way to `active`: applied, approved by an admin, deposit paid from the wallet. */
export async function openShop(app: TestApp, admin: TestClient, shopName: string): Promise<OpenShop> {
  const owner = await signedIn(app, 'buyer', 'merchant');
  const applied = await owner.client.post<{ id: string }>(
    '/api/v1/merchant/application',
    applicationFor(shopName),
  );
  expect(applied.status, applied.text).toBe(200);
  const reviewed = await admin.post(`/api/v1/admin/merchants/${applied.body.id}/review`, {
    decision: 'approve',
  });
  expect(reviewed.status, reviewed.text).toBe(200);
  await fundWallet(app, owner.user.id, 50_000);
  const deposit = await owner.client.post<{ status: string }>('/api/v1/merchant/deposit', { amount: 50_000 });
  expect(deposit.body.status, deposit.text).toBe('active');
  return { ...owner, merchantId: applied.body.id };
}
