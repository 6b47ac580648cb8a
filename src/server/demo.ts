import fs from 'node:fs';
import path from 'node:path';
import type { Role } from '../common/roles.js';
import type { KamengApp } from './app.js';
import { seedDemoCommerce } from './demo-commerce.js';
import { createUser, findUserByEmail, hashPassword } from './modules/accounts/index.js';
import { SYSTEM_ACTOR } from './platform/actor.js';
import { recordAudit } from './platform/audit.js';
import { seedDemoLedger } from './demo-ledger.js';
import { ledgerSigner, publishCheckpoint } from './modules/ledger/index.js';
import { randomToken } from './platform/crypto.js';

/**
 * Demo data for `npm start` and `kameng demo:seed`: an admin, two merchants with open shops, goods and
 * card keys, and three buyers with orders in every state (demo-commerce.ts), plus a month of wallet and
 * 钻 history for the first two buyers (demo-ledger.ts). Passwords are random per installation (a demo
 * left on a network must not open with a known password); they are printed once and kept in
 * <dataDir>/demo-logins.txt (mode 0600).
 */
export interface DemoLogin {
  role: string;
  email: string;
  password: string;
}

const DEMO_ACCOUNTS: ReadonlyArray<{ key: string; email: string; name: string; roles: Role[] }> = [
  { key: 'admin', email: 'admin@demo.kameng.example', name: '平台管理员', roles: ['admin'] },
  // Merchants get the merchant role when an admin approves their shop (demo-commerce.ts).
  { key: 'merchant', email: 'merchant@demo.kameng.example', name: '星辰游戏商行', roles: ['buyer'] },
  { key: 'merchant', email: 'merchant2@demo.kameng.example', name: '云端点卡', roles: ['buyer'] },
  { key: 'buyer', email: 'buyer1@demo.kameng.example', name: '玩家小明', roles: ['buyer'] },
  { key: 'buyer', email: 'buyer2@demo.kameng.example', name: 'Player Alice', roles: ['buyer'] },
  { key: 'buyer', email: 'buyer3@demo.kameng.example', name: '玩家小红', roles: ['buyer'] },
];

export const DEMO_LOGINS_FILE = 'demo-logins.txt';

/** Creates the demo accounts that do not exist yet; returns the logins it created. */
export async function seedDemo(kameng: KamengApp): Promise<DemoLogin[]> {
  const { ctx } = kameng;
  const created: DemoLogin[] = [];
  for (const account of DEMO_ACCOUNTS) {
    if (await findUserByEmail(ctx.db, account.email)) continue;
    const password = `demo-${randomToken(9)}`;
    const passwordHash = await hashPassword(password);
    await ctx.transact(async (trx) => {
      const now = ctx.clock.now();
      const userId = await createUser(trx, now, {
        email: account.email,
        passwordHash,
        displayName: account.name,
        locale: account.name.startsWith('Player') ? 'en' : 'zh-CN',
        roles: account.roles,
        emailVerified: true,
        reason: 'demo_seed',
      });
      await recordAudit(trx, now, {
        actor: SYSTEM_ACTOR,
        action: 'demo.seed',
        target: { type: 'user', id: userId },
        ip: null,
        summary: `demo account ${account.email} (${account.roles.join(', ')})`,
      });
    });
    created.push({ role: account.key, email: account.email, password });
  }
  if (created.length > 0) {
    saveDemoLogins(ctx.config.dataDir, created);
    const idOf = async (email: string) => (await findUserByEmail(ctx.db, email))!.id;
    await seedDemoLedger(ctx, {
      buyers: [await idOf('buyer1@demo.kameng.example'), await idOf('buyer2@demo.kameng.example')],
      merchant: await idOf('merchant@demo.kameng.example'),
    });
    const login = (email: string) => {
      const found = created.find((l) => l.email === email);
      if (!found) throw new Error(`demo seed: ${email} existed already`);
      return found;
    };
    await seedDemoCommerce(kameng, {
      admin: login('admin@demo.kameng.example'),
      merchants: [login('merchant@demo.kameng.example'), login('merchant2@demo.kameng.example')],
      buyer: login('buyer3@demo.kameng.example'),
    });
    // The first checkpoint covers the whole demo history, so proof bundles verify from the start.
    await publishCheckpoint(ctx, ledgerSigner(ctx.keys));
  }
  return created;
}

function saveDemoLogins(dataDir: string, logins: DemoLogin[]): void {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, DEMO_LOGINS_FILE);
  fs.appendFileSync(file, logins.map((l) => `${l.role}\t${l.email}\t${l.password}\n`).join(''), {
    mode: 0o600,
  });
}

export function readDemoLogins(dataDir: string): DemoLogin[] {
  const file = path.join(dataDir, DEMO_LOGINS_FILE);
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [role = '', email = '', password = ''] = line.split('\t');
      return { role, email, password };
    });
}

export function formatDemoLogins(logins: readonly DemoLogin[], url: string, dataDir: string): string {
  const width = Math.max(...logins.map((l) => l.email.length));
  return [
    '',
    `  Kameng demo shop: ${url}`,
    `  Demo logins (also in ${path.join(dataDir, DEMO_LOGINS_FILE)}):`,
    ...logins.map((l) => `    ${l.role.padEnd(9)} ${l.email.padEnd(width)}  ${l.password}`),
    '',
  ].join('\n');
}
