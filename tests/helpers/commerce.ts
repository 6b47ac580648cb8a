import { expect } from 'vitest';
import { withCheckCharacter } from '../../src/server/modules/merchants/index.js';
import type { TestClient } from './client.js';
import { fund, userWallet } from './ledger.js';
import type { Dialect } from '../../src/server/db/connect.js';
import type { Db } from '../../src/server/platform/context.js';
import type { SeededUser, TestApp } from './test-app.js';

/** Shorthands for commerce flows: people, shops and money, through the public API where it matters. */

/** What the shorthands need of a running Kameng: the in-process TestApp, or the browser tests' server. */
export interface CommerceHost {
  client(): TestClient;
  seedUser: TestApp['seedUser'];
  readonly database: { readonly handle: { readonly db: Db }; readonly dialect: Dialect };
}
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

export async function signedIn(
  app: CommerceHost,
  role: 'buyer' | 'admin' | 'agent' | 'auditor',
  name: string,
) {
  const user = await app.seedUser({
    email: `${name}-${uniqueSuffix()}@example.com`,
    password: 'a long enough passphrase',
    roles: [role],
  });
  const client = app.client();
  await client.login(user.email, user.password);
  return { user, client } satisfies Person;
}

export async function fundWallet(app: CommerceHost, userId: string, amount: number): Promise<void> {
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
  /** The identity number the shop applied with (the database keeps it sealed). */
  identityNumber: string;
}

/** A shop taken all the way to `active`: applied, approved by an admin, deposit paid from the wallet. */
export async function openShop(app: CommerceHost, admin: TestClient, shopName: string): Promise<OpenShop> {
  const owner = await signedIn(app, 'buyer', 'merchant');
  const identityNumber = personIdNumber();
  const applied = await owner.client.post<{ id: string }>(
    '/api/v1/merchant/application',
    applicationFor(shopName, identityNumber),
  );
  expect(applied.status, applied.text).toBe(200);
  const reviewed = await admin.post(`/api/v1/admin/merchants/${applied.body.id}/review`, {
    decision: 'approve',
  });
  expect(reviewed.status, reviewed.text).toBe(200);
  await fundWallet(app, owner.user.id, 50_000);
  const deposit = await owner.client.post<{ status: string }>('/api/v1/merchant/deposit', { amount: 50_000 });
  expect(deposit.body.status, deposit.text).toBe('active');
  return { ...owner, merchantId: applied.body.id, identityNumber };
}

export interface Categories {
  gameId: string;
  kindId: string;
}

/** A game and one kind of goods under it, created by an admin. */
export async function createCategories(
  admin: TestClient,
  game = '王者荣耀',
  kind = '点券',
): Promise<Categories> {
  const parent = await admin.post<{ id: string }>('/api/v1/admin/categories', {
    nameZh: game,
    nameEn: `${game} (en)`,
  });
  expect(parent.status, parent.text).toBe(200);
  const child = await admin.post<{ id: string }>('/api/v1/admin/categories', {
    parentId: parent.body.id,
    nameZh: kind,
    nameEn: `${kind} (en)`,
  });
  expect(child.status, child.text).toBe(200);
  return { gameId: parent.body.id, kindId: child.body.id };
}

export interface ProductInfo {
  id: string;
  rulesVersion: string;
  price: number;
}

/** A listed card-key product with `keys` keys in stock (uploaded by paste). */
export async function listCardKeyProduct(
  shop: OpenShop,
  categoryId: string,
  options: {
    title?: string;
    price?: number;
    keys?: string[];
    maxPerOrder?: number;
    maxPerUserPerDay?: number;
  } = {},
): Promise<ProductInfo> {
  const created = await shop.client.post<ProductInfo>('/api/v1/merchant/products', {
    categoryId,
    kind: 'card_key',
    title: options.title ?? '王者荣耀 60 点券',
    price: options.price ?? 600,
    usageRules: [{ zh: '仅限安卓 QQ 区', en: 'Android QQ servers only' }],
    maxPerOrder: options.maxPerOrder ?? 10,
    maxPerUserPerDay: options.maxPerUserPerDay ?? null,
  });
  expect(created.status, created.text).toBe(200);
  if (options.keys && options.keys.length > 0) {
    const upload = await shop.client.post<{ accepted: number }>(
      `/api/v1/merchant/products/${created.body.id}/keys`,
      {
        format: 'paste',
        text: options.keys.join('\n'),
      },
    );
    expect(upload.body.accepted, upload.text).toBe(options.keys.length);
  }
  const listed = await shop.client.post<ProductInfo>(`/api/v1/merchant/products/${created.body.id}/status`, {
    status: 'listed',
  });
  expect(listed.status, listed.text).toBe(200);
  return listed.body;
}

export function keysNamed(prefix: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => `${prefix}-${uniqueSuffix()}-${String(i).padStart(4, '0')}`);
}
