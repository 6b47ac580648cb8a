import { randomBytes } from 'node:crypto';
import type { KamengApp } from './app.js';
import { InjectClient, type InjectedResponse } from './platform/http/inject-client.js';
import { withCheckCharacter } from './modules/merchants/index.js';

/**
 * The demo shop's goods and trade, made through the public API exactly as people would make them: two
 * merchants apply, are approved, top up through the sandbox provider and pay their deposits; they list a
 * dozen goods (点卡, 月卡, 代充, a service) with card keys in stock; a buyer tops up and buys — some
 * orders settled, one delivered and waiting for confirmation, a top-up waiting for the merchant, two
 * disputes (one waiting for the merchant, one settled after a replaced key), one
 * unpaid — and a guest buys a key. Every balance in the demo is therefore a real ledger history.
 */
export interface DemoPeople {
  admin: Login;
  merchants: [Login, Login];
  buyer: Login;
}

interface Login {
  email: string;
  password: string;
}

interface ProductSpec {
  category: string;
  kind: 'card_key' | 'topup' | 'manual';
  title: string;
  description: string;
  price: number;
  keys?: { prefix: string; count: number };
  rules?: Array<[string, string]>;
  buyerFields?: Array<{ key: string; labelZh: string; labelEn: string; pattern?: string }>;
  deliveryHours?: number;
  maxPerUserPerDay?: number;
}

const CATEGORIES: Array<{ game: [string, string]; kinds: Array<[string, string]> }> = [
  {
    game: ['王者荣耀', 'Honor of Kings'],
    kinds: [
      ['点券', 'Vouchers'],
      ['代充', 'Top-up service'],
    ],
  },
  {
    game: ['原神', 'Genshin Impact'],
    kinds: [
      ['创世结晶', 'Genesis Crystals'],
      ['月卡', 'Monthly pass'],
    ],
  },
  { game: ['和平精英', 'Game for Peace'], kinds: [['点券', 'Vouchers']] },
  { game: ['Steam', 'Steam'], kinds: [['钱包充值码', 'Wallet codes']] },
  { game: ['英雄联盟', 'League of Legends'], kinds: [['代练', 'Boosting']] },
];

const ANDROID_QQ: Array<[string, string]> = [['仅限安卓 QQ 区', 'Android QQ servers only']];
const GAME_ACCOUNT = [
  { key: 'game_account', labelZh: '游戏账号', labelEn: 'Game account', pattern: '^[0-9]{5,12}$' },
  { key: 'server', labelZh: '区服', labelEn: 'Server' },
];

const SHOPS: Array<{ name: string; description: string; products: ProductSpec[] }> = [
  {
    name: '星辰游戏商行',
    description: '官方渠道点券与充值码，自动发货，假一赔十。',
    products: [
      {
        category: '王者荣耀/点券',
        kind: 'card_key',
        title: '王者荣耀 60 点券',
        description: '官方点券卡密，购买后立即发货，在游戏内“充值-点券卡”兑换。',
        price: 600,
        keys: { prefix: 'WZRY60', count: 40 },
        rules: ANDROID_QQ,
      },
      {
        category: '王者荣耀/点券',
        kind: 'card_key',
        title: '王者荣耀 300 点券',
        description: '官方点券卡密，自动发货。',
        price: 2_980,
        keys: { prefix: 'WZRY300', count: 25 },
        rules: ANDROID_QQ,
        maxPerUserPerDay: 5,
      },
      {
        category: '王者荣耀/代充',
        kind: 'topup',
        title: '王者荣耀 代充 6480 点券',
        description: '填写游戏账号与区服，2 小时内到账；到账后请确认收货。',
        price: 60_000,
        buyerFields: GAME_ACCOUNT,
        deliveryHours: 2,
      },
      {
        category: '和平精英/点券',
        kind: 'card_key',
        title: '和平精英 60 点券',
        description: '和平精英点券卡密，自动发货。',
        price: 600,
        keys: { prefix: 'HPJY60', count: 30 },
      },
      {
        category: 'Steam/钱包充值码',
        kind: 'card_key',
        title: 'Steam 钱包充值码 ¥50',
        description: '国区 Steam 钱包充值码，在 Steam 客户端“兑换钱包充值码”使用。',
        price: 5_200,
        keys: { prefix: 'STEAM50', count: 15 },
        rules: [['仅限国区账户', 'China-region accounts only']],
      },
      {
        category: 'Steam/钱包充值码',
        kind: 'card_key',
        title: 'Steam 钱包充值码 ¥100',
        description: '国区 Steam 钱包充值码。',
        price: 10_300,
        keys: { prefix: 'STEAM100', count: 10 },
        rules: [['仅限国区账户', 'China-region accounts only']],
      },
    ],
  },
  {
    name: '云端点卡',
    description: '原神、英雄联盟专营，7×24 小时在线。',
    products: [
      {
        category: '原神/创世结晶',
        kind: 'card_key',
        title: '原神 创世结晶 ×60',
        description: '兑换码，自动发货，在官网兑换页面使用。',
        price: 600,
        keys: { prefix: 'YS60', count: 30 },
        rules: [['仅限官服（天空岛）', 'Official servers (Celestia) only']],
      },
      {
        category: '原神/创世结晶',
        kind: 'card_key',
        title: '原神 创世结晶 ×330',
        description: '兑换码，自动发货。',
        price: 2_980,
        keys: { prefix: 'YS330', count: 20 },
        rules: [['仅限官服（天空岛）', 'Official servers (Celestia) only']],
      },
      {
        category: '原神/月卡',
        kind: 'topup',
        title: '原神 空月祝福 代充',
        description: '填写 UID 与服务器，1 小时内到账。',
        price: 2_800,
        buyerFields: [
          { key: 'uid', labelZh: 'UID', labelEn: 'UID', pattern: '^[0-9]{9,10}$' },
          { key: 'server', labelZh: '服务器', labelEn: 'Server' },
        ],
        deliveryHours: 1,
      },
      {
        category: '原神/月卡',
        kind: 'card_key',
        title: '原神 空月祝福 兑换码',
        description: '月卡兑换码，自动发货。',
        price: 2_900,
        keys: { prefix: 'YSYK', count: 12 },
      },
      {
        category: '英雄联盟/代练',
        kind: 'manual',
        title: '英雄联盟 代练 黄金→铂金',
        description: '专业代练，48 小时内完成，全程不使用外挂。',
        price: 15_000,
        deliveryHours: 48,
        rules: [['需提供账号密码，代练期间请勿登录', 'Account access needed; do not log in meanwhile']],
      },
      {
        category: '英雄联盟/代练',
        kind: 'topup',
        title: '英雄联盟 点券代充 1000 点',
        description: '填写 QQ 号与大区，2 小时内到账。',
        price: 9_800,
        buyerFields: [
          { key: 'qq', labelZh: 'QQ 号', labelEn: 'QQ number', pattern: '^[1-9][0-9]{4,11}$' },
          { key: 'server', labelZh: '大区', labelEn: 'Server' },
        ],
        deliveryHours: 2,
      },
    ],
  },
];

function demoKey(prefix: string): string {
  const part = () => randomBytes(3).toString('hex').toUpperCase();
  return `${prefix}-${part()}-${part()}-${part()}`;
}

/** A valid-looking 身份证号 for the demo applications (check character computed, region 110105). */
function demoIdNumber(serial: number): string {
  return withCheckCharacter('individual', `11010519900101${String(100 + serial)}`);
}

async function ok<T>(what: string, response: Promise<InjectedResponse<T>>): Promise<T> {
  const answer = await response;
  if (answer.status >= 300) throw new Error(`demo seed: ${what} failed: ${answer.status} ${answer.text}`);
  return answer.body;
}

export async function seedDemoCommerce(kameng: KamengApp, people: DemoPeople): Promise<void> {
  const client = async (login?: Login) => {
    const c = new InjectClient(kameng.app);
    if (login) await c.login(login.email, login.password);
    return c;
  };
  /** A wallet top-up through the sandbox provider: checkout, the simulated payment, its signed callback. */
  const topUp = async (who: InjectClient, amount: number) => {
    const started = await ok(
      'top-up',
      who.post<{ redirectUrl: string }>('/api/v1/wallet/topups', { amount }),
    );
    await sandboxPay(started.redirectUrl);
  };
  const sandboxPay = async (redirectUrl: string | null) => {
    const tradeNo = (redirectUrl ?? '').split('/').pop() ?? '';
    await ok(
      'sandbox payment',
      (await client()).post(`/api/v1/sandbox/trades/${tradeNo}/complete`, { outcome: 'paid' }),
    );
  };

  const admin = await client(people.admin);
  const categoryIds = new Map<string, string>();
  for (const [index, { game, kinds }] of CATEGORIES.entries()) {
    const parent = await ok(
      `category ${game[0]}`,
      admin.post<{ id: string }>('/api/v1/admin/categories', {
        nameZh: game[0],
        nameEn: game[1],
        sortOrder: index,
      }),
    );
    for (const [zh, en] of kinds) {
      const child = await ok(
        `category ${zh}`,
        admin.post<{ id: string }>('/api/v1/admin/categories', {
          parentId: parent.id,
          nameZh: zh,
          nameEn: en,
        }),
      );
      categoryIds.set(`${game[0]}/${zh}`, child.id);
    }
  }

  const listed = new Map<string, { id: string; rulesVersion: string; kind: string }>();
  for (const [index, shop] of SHOPS.entries()) {
    const login = people.merchants[index === 0 ? 0 : 1];
    const owner = await client(login);
    const application = await ok(
      `application ${shop.name}`,
      owner.post<{ id: string }>('/api/v1/merchant/application', {
        shopName: shop.name,
        description: shop.description,
        kycType: 'individual',
        legalName: index === 0 ? '张星辰' : '李云',
        identityNumber: demoIdNumber(index),
        contactName: index === 0 ? '张先生' : '李女士',
        contactPhone: index === 0 ? '13800138000' : '13900139000',
        contactEmail: login.email,
      }),
    );
    await ok(
      `review ${shop.name}`,
      admin.post(`/api/v1/admin/merchants/${application.id}/review`, { decision: 'approve' }),
    );
    // A new role arrives with approval: sign in again so the session carries it.
    await owner.login(login.email, login.password);
    await topUp(owner, 50_000);
    await ok(`deposit ${shop.name}`, owner.post('/api/v1/merchant/deposit', { amount: 50_000 }));
    for (const spec of shop.products) {
      const product = await ok(
        spec.title,
        owner.post<{ id: string }>('/api/v1/merchant/products', {
          categoryId: categoryIds.get(spec.category),
          kind: spec.kind,
          title: spec.title,
          description: spec.description,
          price: spec.price,
          usageRules: (spec.rules ?? []).map(([zh, en]) => ({ zh, en })),
          noReasonReturnExcluded: spec.kind === 'card_key',
          buyerFields: spec.buyerFields ?? [],
          deliveryHours: spec.deliveryHours ?? null,
          maxPerUserPerDay: spec.maxPerUserPerDay ?? null,
        }),
      );
      if (spec.keys) {
        const keys = Array.from({ length: spec.keys.count }, () => demoKey(spec.keys!.prefix));
        await ok(
          `keys for ${spec.title}`,
          owner.post(`/api/v1/merchant/products/${product.id}/keys`, {
            format: 'paste',
            text: keys.join('\n'),
          }),
        );
      }
      const view = await ok(
        `list ${spec.title}`,
        owner.post<{ id: string; rulesVersion: string; kind: string }>(
          `/api/v1/merchant/products/${product.id}/status`,
          { status: 'listed' },
        ),
      );
      listed.set(spec.title, view);
    }
  }

  const buyer = await client(people.buyer);
  await topUp(buyer, 100_000);
  const order = async (who: InjectClient, title: string, extra: Record<string, unknown> = {}) => {
    const product = listed.get(title)!;
    return ok(
      `order ${title}`,
      who.post<{ id: string }>('/api/v1/orders', {
        productId: product.id,
        quantity: 1,
        rulesVersion: product.rulesVersion,
        acknowledgeNoReasonReturnExclusion: product.kind === 'card_key',
        ...extra,
      }),
    );
  };
  const payFromWallet = (id: string) =>
    ok('payment', buyer.post(`/api/v1/orders/${id}/pay`, { method: 'wallet' }));

  // Settled: bought, delivered at once, confirmed by the buyer.
  for (const title of ['王者荣耀 60 点券', '原神 创世结晶 ×60', 'Steam 钱包充值码 ¥50']) {
    const placed = await order(buyer, title);
    await payFromWallet(placed.id);
    await ok('confirm', buyer.post(`/api/v1/orders/${placed.id}/confirm`));
  }
  // Delivered, inside its confirmation window.
  await payFromWallet((await order(buyer, '和平精英 60 点券', { quantity: 2 })).id);
  // A top-up the merchant delivered, and one waiting for the merchant.
  const delivered = await order(buyer, '王者荣耀 代充 6480 点券', {
    buyerInput: { game_account: '328841027', server: '安卓QQ 178区' },
  });
  await payFromWallet(delivered.id);
  const shopOne = await client(people.merchants[0]);
  await ok(
    'deliver',
    shopOne.post(`/api/v1/merchant/orders/${delivered.id}/deliver`, {
      note: '已充值到账，充值流水号 WX20261122088',
    }),
  );
  await payFromWallet(
    (await order(buyer, '原神 空月祝福 代充', { buyerInput: { uid: '123456789', server: '天空岛' } })).id,
  );
  // Not paid yet: its keys stay reserved until the payment window ends.
  await order(buyer, '原神 创世结晶 ×330');

  // After-sales: one dispute waiting for the merchant (24 h to answer), one where the merchant replaced
  // the key and the buyer accepted (the order settled).
  const disputed = await order(buyer, '和平精英 60 点券');
  await payFromWallet(disputed.id);
  await ok(
    'dispute',
    buyer.post(`/api/v1/orders/${disputed.id}/dispute`, {
      reason: 'key_invalid',
      description: '兑换时提示“该卡密已被使用”，截图已发在订单沟通里。',
    }),
  );
  await ok(
    'chat',
    buyer.post(`/api/v1/orders/${disputed.id}/messages`, {
      body: '你好，卡密兑换提示已被使用，麻烦补发一个。',
    }),
  );
  const replaced = await order(buyer, '王者荣耀 60 点券');
  await payFromWallet(replaced.id);
  const dispute = await ok(
    'dispute',
    buyer.post<{ id: string }>(`/api/v1/orders/${replaced.id}/dispute`, {
      reason: 'key_invalid',
      description: '卡密无效，提示不存在。',
    }),
  );
  await ok(
    'replace',
    shopOne.post(`/api/v1/merchant/disputes/${dispute.id}/respond`, {
      action: 'replace',
      note: '已补发新卡密，抱歉',
    }),
  );
  await ok('accept', buyer.post(`/api/v1/disputes/${dispute.id}/accept`));

  // A guest buys without an account: sandbox payment, keys behind the query password.
  const guest = await client();
  const guestOrder = await order(guest, 'Steam 钱包充值码 ¥100', {
    guest: { email: 'guest@demo.kameng.example', queryPassword: 'demo-guest-2026' },
  });
  const started = await ok(
    'guest payment',
    guest.post<{ redirectUrl: string }>('/api/v1/guest/orders/pay', {
      orderId: guestOrder.id,
      password: 'demo-guest-2026',
      method: 'sandbox',
    }),
  );
  await sandboxPay(started.redirectUrl);
}
