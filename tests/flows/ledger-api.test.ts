import { expect, it } from 'vitest';
import type { StatementPage } from '../../src/common/api/ledger.js';
import { verifyProofBundle, type ProofBundle } from '../../src/common/ledger/proof-bundle.js';
import { seedDemo, type DemoLogin } from '../../src/server/demo.js';
import { describeEachDialect } from '../helpers/databases.js';
import { fund } from '../helpers/ledger.js';
import { useTestApp } from '../helpers/test-app.js';
import type { TestClient } from '../helpers/client.js';

describeEachDialect('ledger API: statements, exports, proofs, checkpoints', (dialect) => {
  const app = useTestApp(dialect);
  let logins: DemoLogin[];
  let buyer: TestClient;
  let otherBuyer: TestClient;

  it('seeds the demo shop with a month of history', async () => {
    logins = await seedDemo(app().kameng);
    const byEmail = (prefix: string) => logins.find((login) => login.email.startsWith(prefix))!;
    buyer = app().client();
    await buyer.login(byEmail('buyer1@').email, byEmail('buyer1@').password);
    otherBuyer = app().client({ locale: 'en' });
    await otherBuyer.login(byEmail('buyer2@').email, byEmail('buyer2@').password);
  });

  it('shows my balances with what is held and what is available', async () => {
    const response = await buyer.get<{
      items: Array<{ kind: string; balance: number; held: number; available: number }>;
    }>('/api/v1/me/balances');
    const wallet = response.body.items.find((b) => b.kind === 'user_wallet')!;
    expect(wallet).toMatchObject({ balance: 20_000 - 3_000 - 5_000 + 10_000 - 4_500 + 4_500, held: 6_800 });
    expect(wallet.available).toBe(wallet.balance - wallet.held);
    expect(response.body.items.find((b) => b.kind === 'user_zuan')).toMatchObject({ balance: 380 });
  });

  it('lists my statement newest first, each line with the balance after it and the reason in my language', async () => {
    const first = await buyer.get<StatementPage>('/api/v1/me/statement', {
      query: { currency: 'CNY', limit: '3' },
    });
    expect(first.status).toBe(200);
    expect(first.body.items.map((l) => l.kind)).toEqual(['hold', 'posted', 'posted']);
    expect(first.body.items[0]!.reason.text).toBe('下单冻结：Steam 钱包 ¥68');
    expect(first.body.items[1]!.reason.text).toBe('退款：原神 创世结晶 ×60');
    expect(first.body.items[0]!.availableAfter).toBe(first.body.account!.available);
    const rest = await buyer.get<StatementPage>('/api/v1/me/statement', {
      query: { currency: 'CNY', limit: '50', cursor: first.body.nextCursor! },
    });
    expect(rest.body.items.at(-1)).toMatchObject({ seq: 1, amount: 20_000, balanceAfter: 20_000 });
    expect(rest.body.nextCursor).toBeNull();

    const english = await otherBuyer.get<StatementPage>('/api/v1/me/statement', {
      query: { currency: 'ZUAN' },
    });
    expect(english.body.items.map((l) => l.reason.text)).toEqual([
      'Spent 钻: 和平精英 月卡',
      'Bought 250 钻',
    ]);
  });

  it('filters by cause and by time', async () => {
    const topups = await buyer.get<StatementPage>('/api/v1/me/statement', { query: { cause: 'topup' } });
    expect(topups.body.items.map((l) => l.amount)).toEqual([10_000, 20_000]);
    const now = app().clock.now().getTime();
    const lastTenDays = await buyer.get<StatementPage>('/api/v1/me/statement', {
      query: { from: new Date(now - 10 * 86_400_000).toISOString(), to: new Date(now).toISOString() },
    });
    expect(lastTenDays.body.items).toHaveLength(4);
  });

  it('exports the whole statement as CSV (with a BOM for spreadsheets) and as JSON', async () => {
    const csv = await buyer.get('/api/v1/me/statement/export', { query: { currency: 'CNY', format: 'csv' } });
    expect(csv.status).toBe(200);
    expect(String(csv.headers['content-type'])).toContain('text/csv');
    expect(String(csv.headers['content-disposition'])).toMatch(
      /attachment; filename="kameng-statement-CNY-\d{4}-\d\d-\d\d\.csv"/,
    );
    const rows = csv.text.trimEnd().split('\r\n');
    expect(rows[0]!.startsWith('\uFEFFtime,seq,kind')).toBe(true);
    expect(rows).toHaveLength(1 + 7);
    expect(rows.at(-1)).toContain(',200.00,');
    // Debits stay numbers for spreadsheets; only text that looks like a formula is defused.
    expect(csv.text).toContain(',-3000,-30.00,');
    expect(csv.text).not.toContain("'-");
    const english = await buyer.get('/api/v1/me/statement/export', {
      query: { currency: 'CNY', format: 'csv', lang: 'en' },
    });
    expect(english.text).toContain('Refund: 原神 创世结晶 ×60');
    const json = await buyer.get<Array<{ seq: number }>>('/api/v1/me/statement/export', {
      query: { currency: 'CNY', format: 'json' },
    });
    expect(json.body.map((l) => l.seq)).toEqual([7, 6, 5, 4, 3, 2, 1]);
  });

  it("never shows me another user's lines", async () => {
    const mine = await buyer.get<StatementPage>('/api/v1/me/statement');
    const theirs = await otherBuyer.get<StatementPage>('/api/v1/me/statement');
    expect(mine.body.account!.accountId).not.toBe(theirs.body.account!.accountId);
    const theirIds = new Set(theirs.body.items.map((l) => l.transferId));
    expect(mine.body.items.filter((l) => theirIds.has(l.transferId))).toEqual([]);
  });

  it('gives me a proof bundle that verifies with the published public key', async () => {
    const key = await app()
      .client()
      .get<{ publicKey: string; algorithm: string }>('/api/v1/ledger/public-key');
    expect(key.body.algorithm).toBe('Ed25519');
    const bundle = await buyer.get<ProofBundle>('/api/v1/me/proofs');
    expect(bundle.status).toBe(200);
    expect(bundle.body.balances).toHaveLength(2);
    expect(bundle.body.transfers.length).toBeGreaterThanOrEqual(9);
    const report = await verifyProofBundle(bundle.body, key.body.publicKey);
    expect(report.checks.filter((c) => !c.ok)).toEqual([]);
  });

  it('publishes checkpoints for anyone, newest first, and lets an admin publish one now (audited)', async () => {
    const anyone = app().client();
    const latest = await anyone.get<{ body: { sequence: number; logSize: number } }>(
      '/api/v1/ledger/checkpoints/latest',
    );
    expect(latest.body.body.sequence).toBe(1);
    expect((await anyone.get('/api/v1/ledger/checkpoints/1')).status).toBe(200);
    expect((await anyone.get<{ code: string }>('/api/v1/ledger/checkpoints/99')).body.code).toBe(
      'LEDGER_NO_CHECKPOINT',
    );

    const admin = app().client();
    await admin.login(logins[0]!.email, logins[0]!.password);
    const wallet = (await buyer.get<StatementPage>('/api/v1/me/statement')).body.account!.accountId;
    await fund(app().database.handle.db, dialect, wallet, 100);
    const topUp = await admin.post<{ body: { sequence: number } }>('/api/v1/admin/ledger/checkpoints');
    expect(topUp.status).toBe(200);
    expect(topUp.body.body.sequence).toBe(2);
    const audit = await admin.get<{ items: Array<{ action: string }> }>('/api/v1/admin/audit-log', {
      query: { action: 'ledger.checkpoint' },
    });
    expect(audit.body.items).toHaveLength(1);
    const list = await anyone.get<{ items: Array<{ body: { sequence: number } }> }>(
      '/api/v1/ledger/checkpoints',
    );
    expect(list.body.items.map((c) => c.body.sequence)[0]).toBe(topUp.body.body.sequence);
  });

  it('shows admins and auditors the platform totals and any account, and nobody else', async () => {
    const admin = app().client();
    await admin.login(logins[0]!.email, logins[0]!.password);
    const totals = await admin.get<{ items: Array<{ kind: string; currency: string; balance: number }> }>(
      '/api/v1/admin/ledger/totals',
    );
    const byKind = Object.fromEntries(totals.body.items.map((t) => [`${t.kind}/${t.currency}`, t.balance]));
    expect(Object.values(byKind).reduce((a, b) => a + b, 0)).toBe(0);
    // The ledger history's fees, then 5 % of the four demo orders settled through the shop (¥6, ¥6, ¥52,
    // and the ¥6 order settled after its key was replaced in a dispute).
    expect(byKind['platform_fee_revenue/CNY']).toBe(150 + 75 + 30 + 30 + 260 + 30);
    const mine = await buyer.get<StatementPage>('/api/v1/me/statement');
    const viaAdmin = await admin.get<StatementPage>(
      `/api/v1/admin/ledger/accounts/${mine.body.account!.accountId}/statement`,
    );
    expect(viaAdmin.body.items.map((l) => l.seq)).toEqual(mine.body.items.map((l) => l.seq));
    expect(
      (await buyer.get(`/api/v1/admin/ledger/accounts/${mine.body.account!.accountId}/statement`)).status,
    ).toBe(403);
  });
});
