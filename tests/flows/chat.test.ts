import { createHash } from 'node:crypto';
import { expect, it } from 'vitest';
import type { InboxItemView, MessagePage, MessageView } from '../../src/common/api/chat.js';
import { merchantResponseStats } from '../../src/server/modules/chat/index.js';
import { DAY_MS, HOUR_MS, MINUTE_MS } from '../../src/server/platform/clock.js';
import { describeEachDialect } from '../helpers/databases.js';
import {
  createCategories,
  fundWallet,
  keysNamed,
  listCardKeyProduct,
  openShop,
  signedIn,
  uniqueSuffix,
  type OpenShop,
  type Person,
  type ProductInfo,
} from '../helpers/commerce.js';
import type { TestClient, TestResponse } from '../helpers/client.js';
import { payWithWallet, placeOrder } from '../helpers/orders.js';
import { useTestApp } from '../helpers/test-app.js';

/** A real 1×1 PNG, and the same file's first bytes padded to a given size. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
  'base64',
);
const pngOfSize = (size: number) => Buffer.concat([PNG, Buffer.alloc(size - PNG.length)]);
const MiB = 1024 * 1024;

const BUYER = '/api/v1/orders';
const MERCHANT = '/api/v1/merchant/orders';
const STAFF = '/api/v1/admin/orders';

interface Uploaded {
  id: string;
  contentType: string;
  size: number;
}

function upload(client: TestClient, base: string, orderId: string, bytes: Buffer, type = 'image/png') {
  return client.post<Uploaded & { code?: string; detail?: string }>(
    `${base}/${orderId}/attachments`,
    undefined,
    {
      payload: bytes,
      headers: { 'content-type': type },
    },
  );
}

function post(client: TestClient, base: string, orderId: string, body: Record<string, unknown>) {
  return client.post<MessageView & { code?: string }>(`${base}/${orderId}/messages`, body);
}

async function read(client: TestClient, base: string, orderId: string): Promise<MessageView[]> {
  const response = await client.get<MessagePage>(`${base}/${orderId}/messages`, { query: { limit: '100' } });
  expect(response.status, response.text).toBe(200);
  return response.body.items;
}

function expectProblem(response: TestResponse<unknown>, status: number, code: string): void {
  expect(response.status, response.text).toBe(status);
  expect((response.body as { code?: string }).code).toBe(code);
}

describeEachDialect('order chat', (dialect) => {
  // The shop page reads the wall clock (its route passes no clock yet): keep the test clock near it.
  const app = useTestApp(dialect, { clockStart: new Date().toISOString() });
  const db = () => app().database.handle.db;

  interface Scene {
    admin: Person;
    shop: OpenShop;
    product: ProductInfo;
  }

  async function aShop(keys = 5): Promise<Scene> {
    const admin = await signedIn(app(), 'admin', 'admin');
    const suffix = uniqueSuffix();
    const shop = await openShop(app(), admin.client, `聊天小铺${suffix}`);
    const categories = await createCategories(admin.client, `原神${suffix}`);
    const product = await listCardKeyProduct(shop, categories.kindId, {
      price: 500,
      keys: keysNamed('CHAT', keys),
    });
    return { admin, shop, product };
  }

  /** A paid, delivered order of a (new or given) buyer at the scene's shop. */
  async function anOrder(scene: Scene, buyer?: Person): Promise<{ buyer: Person; orderId: string }> {
    const who = buyer ?? (await signedIn(app(), 'buyer', 'buyer'));
    await fundWallet(app(), who.user.id, 500);
    const order = await placeOrder(who.client, scene.product);
    await payWithWallet(who.client, order.id);
    return { buyer: who, orderId: order.id };
  }

  it('lets the buyer and the shop exchange text and an image, each reading it under their own path', async () => {
    const scene = await aShop();
    const { buyer, orderId } = await anOrder(scene);

    const first = await post(buyer.client, BUYER, orderId, { body: '  卡密提示已被使用，怎么办？ ' });
    expect(first.status, first.text).toBe(200);
    expect(first.body).toMatchObject({ authorType: 'buyer', mine: true, body: '卡密提示已被使用，怎么办？' });

    const image = await upload(buyer.client, BUYER, orderId, PNG);
    expect(image.status, image.text).toBe(200);
    expect(Object.keys(image.body).sort()).toEqual(['contentType', 'id', 'size']);
    expect(image.body.id).toMatch(/^att_/);
    expect(image.body).toMatchObject({ contentType: 'image/png', size: PNG.length });
    const withImage = await post(buyer.client, BUYER, orderId, { attachmentId: image.body.id });
    expect(withImage.status, withImage.text).toBe(200);
    expect(withImage.body.body).toBe('');
    expect(withImage.body.attachment?.url).toBe(`${BUYER}/${orderId}/attachments/${image.body.id}`);

    const reply = await post(scene.shop.client, MERCHANT, orderId, { body: '抱歉，已为你补发新卡密。' });
    expect(reply.status, reply.text).toBe(200);
    expect(reply.body).toMatchObject({ authorType: 'merchant', mine: true });

    const seenByShop = await read(scene.shop.client, MERCHANT, orderId);
    expect(seenByShop.map((m) => [m.authorType, m.mine, m.body])).toEqual([
      ['buyer', false, '卡密提示已被使用，怎么办？'],
      ['buyer', false, ''],
      ['merchant', true, '抱歉，已为你补发新卡密。'],
    ]);
    const shopImageUrl = seenByShop[1]!.attachment!.url;
    expect(shopImageUrl).toBe(`${MERCHANT}/${orderId}/attachments/${image.body.id}`);
    const seenByBuyer = await read(buyer.client, BUYER, orderId);
    expect(seenByBuyer.map((m) => m.mine)).toEqual([true, true, false]);
    expect(seenByBuyer.map((m) => m.id)).toEqual(seenByShop.map((m) => m.id));

    for (const [client, url] of [
      [scene.shop.client, shopImageUrl],
      [buyer.client, withImage.body.attachment!.url],
    ] as const) {
      const served = await client.get(url);
      expect(served.status).toBe(200);
      expect(served.headers['content-type']).toBe('image/png');
      expect(served.headers['x-content-type-options']).toBe('nosniff');
      expect(served.headers['content-disposition']).toBe(`inline; filename="${image.body.id}.png"`);
      expect(served.raw.rawPayload.equals(PNG)).toBe(true);
    }
    const stored = await db()
      .selectFrom('attachments')
      .select(['sha256', 'size', 'uploader_type'])
      .where('id', '=', image.body.id)
      .executeTakeFirstOrThrow();
    expect(stored).toEqual({
      sha256: createHash('sha256').update(PNG).digest('hex'),
      size: PNG.length,
      uploader_type: 'buyer',
    });
  });

  it('decides an image type by its bytes: a PNG sent as JPEG is stored as PNG, text sent as PNG is refused', async () => {
    const scene = await aShop();
    const { buyer, orderId } = await anOrder(scene);

    const renamed = await upload(buyer.client, BUYER, orderId, PNG, 'image/jpeg');
    expect(renamed.status, renamed.text).toBe(200);
    expect(renamed.body.contentType).toBe('image/png');
    const served = await buyer.client.get(`${BUYER}/${orderId}/attachments/${renamed.body.id}`);
    expect(served.headers['content-type']).toBe('image/png');

    const text = Buffer.from('<html><script>alert(1)</script></html>');
    expectProblem(
      await upload(buyer.client, BUYER, orderId, text, 'image/png'),
      415,
      'CHAT_ATTACHMENT_TYPE_NOT_ALLOWED',
    );
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
    expectProblem(
      await upload(buyer.client, BUYER, orderId, svg, 'image/svg+xml'),
      415,
      'CHAT_ATTACHMENT_TYPE_NOT_ALLOWED',
    );
    expectProblem(
      await buyer.client.post(`${BUYER}/${orderId}/attachments`, { image: 'in json' }),
      415,
      'CHAT_ATTACHMENT_TYPE_NOT_ALLOWED',
    );
    const stored = await db()
      .selectFrom('attachments')
      .select('id')
      .where('order_id', '=', orderId)
      .execute();
    expect(stored.map((row) => row.id)).toEqual([renamed.body.id]);
  });

  it('takes images up to 4 MiB and refuses a byte more', async () => {
    const scene = await aShop();
    const { buyer, orderId } = await anOrder(scene);
    const largest = await upload(buyer.client, BUYER, orderId, pngOfSize(4 * MiB));
    expect(largest.status, largest.text).toBe(200);
    expect(largest.body.size).toBe(4 * MiB);
    const tooLarge = await upload(buyer.client, BUYER, orderId, pngOfSize(4 * MiB + 1));
    expectProblem(tooLarge, 413, 'CHAT_ATTACHMENT_TOO_LARGE');
    expect(tooLarge.body.detail).toContain('4 MB');
  });

  it('refuses empty, over-long and control-character messages, and images that are not the author’s or were sent', async () => {
    const scene = await aShop();
    const { buyer, orderId } = await anOrder(scene);
    expectProblem(await post(buyer.client, BUYER, orderId, { body: '' }), 400, 'CHAT_MESSAGE_EMPTY');
    expectProblem(await post(buyer.client, BUYER, orderId, { body: ' \n\t ' }), 400, 'CHAT_MESSAGE_EMPTY');
    expectProblem(await post(buyer.client, BUYER, orderId, {}), 400, 'CHAT_MESSAGE_EMPTY');
    expectProblem(
      await post(buyer.client, BUYER, orderId, { body: '字'.repeat(2_001) }),
      400,
      'VALIDATION_FAILED',
    );
    expectProblem(await post(buyer.client, BUYER, orderId, { body: 'a\u0000b' }), 400, 'VALIDATION_FAILED');
    expect((await post(buyer.client, BUYER, orderId, { body: '字'.repeat(2_000) })).status).toBe(200);

    const buyersImage = await upload(buyer.client, BUYER, orderId, PNG);
    expectProblem(
      await post(scene.shop.client, MERCHANT, orderId, { body: '借用', attachmentId: buyersImage.body.id }),
      404,
      'CHAT_ATTACHMENT_NOT_FOUND',
    );
    expect((await post(buyer.client, BUYER, orderId, { attachmentId: buyersImage.body.id })).status).toBe(
      200,
    );
    expectProblem(
      await post(buyer.client, BUYER, orderId, { attachmentId: buyersImage.body.id }),
      409,
      'CHAT_ATTACHMENT_ALREADY_SENT',
    );
    const other = await anOrder(scene, buyer);
    expectProblem(
      await post(buyer.client, BUYER, other.orderId, { body: '串单', attachmentId: buyersImage.body.id }),
      404,
      'CHAT_ATTACHMENT_NOT_FOUND',
    );
    const rows = await db()
      .selectFrom('order_messages')
      .select('body')
      .where('order_id', '=', orderId)
      .execute();
    expect(rows.map((r) => r.body.length)).toEqual([2_000, 0]);
  });

  it("never shows a buyer another buyer's chat, nor lets them write in it or fetch its images", async () => {
    const scene = await aShop();
    const alice = await anOrder(scene);
    const bob = await signedIn(app(), 'buyer', 'bob');
    await post(alice.buyer.client, BUYER, alice.orderId, { body: '我的 QQ 是 12345' });
    const image = await upload(alice.buyer.client, BUYER, alice.orderId, PNG);

    const url = `${BUYER}/${alice.orderId}`;
    expectProblem(await bob.client.get(`${url}/messages`), 404, 'CHAT_ORDER_NOT_FOUND');
    expectProblem(
      await post(bob.client, BUYER, alice.orderId, { body: '冒充' }),
      404,
      'CHAT_ORDER_NOT_FOUND',
    );
    expectProblem(await upload(bob.client, BUYER, alice.orderId, PNG), 404, 'CHAT_ORDER_NOT_FOUND');
    expectProblem(await bob.client.get(`${url}/attachments/${image.body.id}`), 404, 'CHAT_ORDER_NOT_FOUND');
    // Nor through the merchant or staff paths, which need roles Bob does not have.
    expect((await bob.client.get(`${MERCHANT}/${alice.orderId}/messages`)).status).toBe(403);
    expect((await bob.client.get(`${STAFF}/${alice.orderId}/messages`)).status).toBe(403);
    expect((await read(alice.buyer.client, BUYER, alice.orderId)).map((m) => m.body)).toEqual([
      '我的 QQ 是 12345',
    ]);
  });

  it("never shows a shop another shop's chats, images or inbox entries", async () => {
    const sceneA = await aShop();
    const sceneB = await aShop();
    const { buyer, orderId } = await anOrder(sceneA);
    await post(buyer.client, BUYER, orderId, { body: '在吗' });
    const image = await upload(buyer.client, BUYER, orderId, PNG);
    await post(buyer.client, BUYER, orderId, { attachmentId: image.body.id });

    const shopB = sceneB.shop.client;
    expectProblem(await shopB.get(`${MERCHANT}/${orderId}/messages`), 404, 'CHAT_ORDER_NOT_FOUND');
    expectProblem(
      await shopB.get(`${MERCHANT}/${orderId}/attachments/${image.body.id}`),
      404,
      'CHAT_ORDER_NOT_FOUND',
    );
    expectProblem(await post(shopB, MERCHANT, orderId, { body: '我来回答' }), 404, 'CHAT_ORDER_NOT_FOUND');
    expectProblem(await upload(shopB, MERCHANT, orderId, PNG), 404, 'CHAT_ORDER_NOT_FOUND');
    const inboxB = await shopB.get<{ items: InboxItemView[] }>('/api/v1/merchant/messages');
    expect(inboxB.body.items).toEqual([]);
    // An image id from another order of the right shop is not found either.
    const mine = await anOrder(sceneA);
    expectProblem(
      await sceneA.shop.client.get(`${MERCHANT}/${mine.orderId}/attachments/${image.body.id}`),
      404,
      'CHAT_ATTACHMENT_NOT_FOUND',
    );
  });

  it('lets support read any order chat with authors, audited, and write in it as support', async () => {
    const scene = await aShop();
    const { buyer, orderId } = await anOrder(scene);
    await post(buyer.client, BUYER, orderId, { body: '商家不回复' });
    const image = await upload(buyer.client, BUYER, orderId, PNG);
    await post(buyer.client, BUYER, orderId, { body: '截图', attachmentId: image.body.id });
    const agent = await signedIn(app(), 'agent', 'agent');

    const seen = await agent.client.get<MessagePage>(`${STAFF}/${orderId}/messages`);
    expect(seen.status, seen.text).toBe(200);
    expect(seen.body.items.map((m) => [m.authorType, m.authorId, m.mine])).toEqual([
      ['buyer', buyer.user.id, false],
      ['buyer', buyer.user.id, false],
    ]);
    const served = await agent.client.get(seen.body.items[1]!.attachment!.url);
    expect(served.status).toBe(200);
    expect(served.raw.rawPayload.equals(PNG)).toBe(true);
    expect((await scene.admin.client.get(`${STAFF}/${orderId}/messages`)).status).toBe(200);

    const said = await post(agent.client, STAFF, orderId, { body: '平台客服已介入，请商家 24 小时内回复。' });
    expect(said.status, said.text).toBe(200);
    expect(said.body).toMatchObject({ authorType: 'agent', mine: true });
    const seenByShop = await read(scene.shop.client, MERCHANT, orderId);
    // The parties see which side wrote, never who.
    expect(seenByShop.at(-1)).toMatchObject({ authorType: 'agent', mine: false, authorId: null });
    expect(seenByShop.map((m) => m.authorId)).toEqual([null, null, null]);

    const audits = await db()
      .selectFrom('audit_log')
      .select(['actor_id', 'action'])
      .where('target_id', '=', orderId)
      .where('action', '=', 'chat.read')
      .orderBy('id')
      .execute();
    expect(audits.map((a) => a.actor_id)).toEqual([agent.user.id, agent.user.id, scene.admin.user.id]);
  });

  it('has no route that changes or deletes a message, and the engine refuses UPDATE and DELETE', async () => {
    const scene = await aShop();
    const { buyer, orderId } = await anOrder(scene);
    const sent = await post(buyer.client, BUYER, orderId, { body: '原话' });
    const image = await upload(buyer.client, BUYER, orderId, PNG);
    const bases = [`${BUYER}/${orderId}`, `${MERCHANT}/${orderId}`, `${STAFF}/${orderId}`];
    const clients = [buyer.client, scene.shop.client, scene.admin.client];
    for (const [i, base] of bases.entries()) {
      for (const method of ['PUT', 'PATCH', 'DELETE']) {
        for (const url of [
          `${base}/messages/${sent.body.id}`,
          `${base}/messages`,
          `${base}/attachments/${image.body.id}`,
        ]) {
          const response = await clients[i]!.request(method, url, { body: '改过了' });
          expect([404, 405], `${method} ${url}`).toContain(response.status);
        }
      }
    }
    const routes = app().kameng.routes.filter((r) => /messages|attachments/.test(r.url));
    expect(routes.filter((r) => !['GET', 'POST'].includes(r.method))).toEqual([]);

    await expect(
      db().updateTable('order_messages').set({ body: '改过了' }).where('id', '=', sent.body.id).execute(),
    ).rejects.toThrow(/append-only/);
    await expect(db().deleteFrom('order_messages').where('id', '=', sent.body.id).execute()).rejects.toThrow(
      /append-only/,
    );
    await expect(
      db().updateTable('attachments').set({ size: 1 }).where('id', '=', image.body.id).execute(),
    ).rejects.toThrow(/append-only/);
    await expect(db().deleteFrom('attachments').where('id', '=', image.body.id).execute()).rejects.toThrow(
      /append-only/,
    );
    expect((await read(buyer.client, BUYER, orderId)).map((m) => m.body)).toEqual(['原话']);
  });

  it('limits each author to 30 messages and 10 images per order in 10 minutes', async () => {
    const scene = await aShop();
    const { buyer, orderId } = await anOrder(scene);
    for (let i = 1; i <= 30; i++) {
      const sent = await post(buyer.client, BUYER, orderId, { body: `第 ${i} 条` });
      expect(sent.status, sent.text).toBe(200);
      app().clock.advance(1_000);
    }
    const refused = await post(buyer.client, BUYER, orderId, { body: '第 31 条' });
    expectProblem(refused, 429, 'CHAT_RATE_LIMITED');
    // The first message leaves the window 10 minutes after it was sent: 570 s from now.
    expect(refused.headers['retry-after']).toBe('570');
    // The limit is the author's: the shop can still answer.
    expect((await post(scene.shop.client, MERCHANT, orderId, { body: '收到' })).status).toBe(200);
    app().clock.advance(570_000);
    expect((await post(buyer.client, BUYER, orderId, { body: '第 31 条' })).status).toBe(200);

    for (let i = 1; i <= 10; i++) expect((await upload(buyer.client, BUYER, orderId, PNG)).status).toBe(200);
    expectProblem(await upload(buyer.client, BUYER, orderId, PNG), 429, 'CHAT_RATE_LIMITED');
    app().clock.advance(10 * MINUTE_MS + 1);
    expect((await upload(buyer.client, BUYER, orderId, PNG)).status).toBe(200);
  });

  it('emails the other side about new messages, at most once per order every 10 minutes, never quoting them', async () => {
    const scene = await aShop();
    const { buyer, orderId } = await anOrder(scene);
    const notified = async () =>
      db()
        .selectFrom('order_messages')
        .select(['author_type', 'buyer_notified_at', 'merchant_notified_at'])
        .where('order_id', '=', orderId)
        .orderBy('id')
        .execute();
    const start = app().clock.now().toISOString();
    await post(buyer.client, BUYER, orderId, { body: '秘密内容 A' });
    app().clock.advance(5 * MINUTE_MS);
    await post(buyer.client, BUYER, orderId, { body: '秘密内容 B' });
    app().clock.advance(6 * MINUTE_MS);
    const third = app().clock.now().toISOString();
    await post(buyer.client, BUYER, orderId, { body: '秘密内容 C' });
    const replyAt = app().clock.now().toISOString();
    await post(scene.shop.client, MERCHANT, orderId, { body: '秘密回复 D' });
    await post(scene.shop.client, MERCHANT, orderId, { body: '秘密回复 E' });
    expect(await notified()).toEqual([
      { author_type: 'buyer', buyer_notified_at: null, merchant_notified_at: start },
      { author_type: 'buyer', buyer_notified_at: null, merchant_notified_at: null },
      { author_type: 'buyer', buyer_notified_at: null, merchant_notified_at: third },
      { author_type: 'merchant', buyer_notified_at: replyAt, merchant_notified_at: null },
      { author_type: 'merchant', buyer_notified_at: null, merchant_notified_at: null },
    ]);

    await app().deliverPendingWork();
    const chatMail = (m: { subject?: string | undefined; text?: string | undefined }) =>
      (m.subject ?? '').includes('订单有新消息') && (m.text ?? '').includes(orderId);
    const toBuyer = await app().smtp.waitFor(buyer.user.email, chatMail);
    const shopMails = () => app().smtp.messagesTo('shop@example.com').filter(chatMail);
    await app().smtp.waitFor('shop@example.com', () => shopMails().length >= 2);
    const toShop = shopMails();
    expect(toShop).toHaveLength(2);
    for (const mail of [toBuyer, ...toShop]) expect(mail.text).not.toMatch(/秘密/);
  });

  it("lists a shop's conversations by latest activity, marking those where the buyer waits for an answer", async () => {
    const scene = await aShop();
    const one = await anOrder(scene);
    const two = await anOrder(scene);
    const three = await anOrder(scene);
    await post(one.buyer.client, BUYER, one.orderId, { body: '第一单的问题' });
    app().clock.advance(MINUTE_MS);
    await post(two.buyer.client, BUYER, two.orderId, { body: '第二单的问题' });
    app().clock.advance(MINUTE_MS);
    await post(scene.shop.client, MERCHANT, two.orderId, { body: '第二单已处理' });
    app().clock.advance(MINUTE_MS);
    const image = await upload(three.buyer.client, BUYER, three.orderId, PNG);
    await post(three.buyer.client, BUYER, three.orderId, { attachmentId: image.body.id });
    app().clock.advance(MINUTE_MS);
    // Support speaking last does not answer the buyer for the shop.
    await post(scene.admin.client, STAFF, one.orderId, { body: '客服提醒商家回复' });

    const inbox = await scene.shop.client.get<{ items: InboxItemView[]; nextCursor: string | null }>(
      '/api/v1/merchant/messages',
    );
    expect(inbox.status, inbox.text).toBe(200);
    expect(inbox.body.items.map((i) => [i.orderId, i.awaitingReply, i.lastMessage.authorType])).toEqual([
      [one.orderId, true, 'admin'],
      [three.orderId, true, 'buyer'],
      [two.orderId, false, 'merchant'],
    ]);
    expect(inbox.body.items[1]!.lastMessage).toMatchObject({ preview: '', hasImage: true });
    expect(inbox.body.items[2]!.lastMessage.preview).toBe('第二单已处理');

    const firstPage = await scene.shop.client.get<{ items: InboxItemView[]; nextCursor: string }>(
      '/api/v1/merchant/messages',
      { query: { limit: '2' } },
    );
    expect(firstPage.body.items.map((i) => i.orderId)).toEqual([one.orderId, three.orderId]);
    const secondPage = await scene.shop.client.get<{ items: InboxItemView[]; nextCursor: string | null }>(
      '/api/v1/merchant/messages',
      { query: { limit: '2', cursor: firstPage.body.nextCursor } },
    );
    expect(secondPage.body).toEqual({ items: [inbox.body.items[2]], nextCursor: null });
  });

  it('pages a long conversation oldest first', async () => {
    const scene = await aShop();
    const { buyer, orderId } = await anOrder(scene);
    for (let i = 1; i <= 5; i++) await post(buyer.client, BUYER, orderId, { body: `${i}` });
    const first = await buyer.client.get<MessagePage>(`${BUYER}/${orderId}/messages`, {
      query: { limit: '3' },
    });
    expect(first.body.items.map((m) => m.body)).toEqual(['1', '2', '3']);
    const rest = await buyer.client.get<MessagePage>(`${BUYER}/${orderId}/messages`, {
      query: { limit: '3', cursor: first.body.nextCursor! },
    });
    expect(rest.body).toMatchObject({ nextCursor: null });
    expect(rest.body.items.map((m) => m.body)).toEqual(['4', '5']);
  });

  it('lets a guest chat with the pass from the order lookup, and nobody else with it', async () => {
    const scene = await aShop();
    const guest = app().client();
    const email = `guest-${uniqueSuffix()}@example.com`;
    const order = await guest.post<{ id: string }>('/api/v1/orders', {
      productId: scene.product.id,
      quantity: 1,
      rulesVersion: scene.product.rulesVersion,
      acknowledgeNoReasonReturnExclusion: true,
      guest: { email, queryPassword: 'guest-query-pw' },
    });
    expect(order.status, order.text).toBe(200);
    const orderId = order.body.id;
    const lookup = await guest.post<{ guestPass: string }>('/api/v1/guest/orders/lookup', {
      orderId,
      password: 'guest-query-pw',
    });
    expect(lookup.status, lookup.text).toBe(200);
    const withPass = { headers: { 'x-guest-pass': lookup.body.guestPass } };
    const GUEST = '/api/v1/guest/orders';

    // Without the pass, or with a forged one, the guest order is "not found".
    expectProblem(await post(guest, GUEST, orderId, { body: '你好' }), 404, 'ORDER_NOT_FOUND');
    const forged = { headers: { 'x-guest-pass': `${orderId}.9999999999999.${'0'.repeat(64)}` } };
    expectProblem(
      await guest.post(`${GUEST}/${orderId}/messages`, { body: '你好' }, forged),
      404,
      'ORDER_NOT_FOUND',
    );
    const sent = await guest.post<MessageView>(
      `${GUEST}/${orderId}/messages`,
      { body: '请问卡密怎么用？' },
      withPass,
    );
    expect(sent.status, sent.text).toBe(200);
    expect(sent.body).toMatchObject({ authorType: 'buyer', body: '请问卡密怎么用？' });

    const reply = await post(scene.shop.client, MERCHANT, orderId, { body: '在游戏内兑换中心输入即可' });
    expect(reply.status, reply.text).toBe(200);
    const seen = await guest.get<MessagePage>(`${GUEST}/${orderId}/messages`, withPass);
    expect(seen.body.items.map((m) => m.body)).toEqual(['请问卡密怎么用？', '在游戏内兑换中心输入即可']);
    // The guest hears of the answer at the order's email.
    await app().deliverPendingWork();
    await app().smtp.waitFor(email, (m) => (m.text ?? '').includes(orderId));

    // An image: uploaded with the pass; its URL carries the pass, since an <img> sends no header.
    const image = await guest.post<Uploaded>(`${GUEST}/${orderId}/attachments`, undefined, {
      payload: PNG,
      headers: { 'content-type': 'image/png', 'x-guest-pass': lookup.body.guestPass },
    });
    expect(image.status, image.text).toBe(200);
    const withImage = await guest.post<MessageView>(
      `${GUEST}/${orderId}/messages`,
      { body: '截图', attachmentId: image.body.id },
      withPass,
    );
    const url = withImage.body.attachment!.url;
    expect(url).toContain('/api/v1/guest/orders/');
    const fetched = await app().client().get(url);
    expect(fetched.status).toBe(200);
    expect(fetched.headers['content-type']).toBe('image/png');
    expect((await app().client().get(url.split('?')[0]!)).status).toBe(404);

    // The pass opens only its own order.
    const other = await anOrder(scene);
    expectProblem(await guest.get(`${GUEST}/${other.orderId}/messages`, withPass), 404, 'ORDER_NOT_FOUND');
  });

  it('shows the median first response on the shop page', async () => {
    const scene = await aShop();
    const before = await app()
      .client()
      .get<{ responseTime: unknown }>(`/api/v1/shops/${scene.shop.merchantId}`);
    expect(before.body.responseTime).toEqual({ medianFirstResponseMs: null, conversations: 0 });
    const { buyer, orderId } = await anOrder(scene);
    await post(buyer.client, BUYER, orderId, { body: '请问多久发货？' });
    app().clock.advance(12 * MINUTE_MS);
    await post(scene.shop.client, MERCHANT, orderId, { body: '已经发了' });
    const page = await app()
      .client()
      .get<{ responseTime: unknown }>(`/api/v1/shops/${scene.shop.merchantId}`);
    expect(page.status, page.text).toBe(200);
    expect(page.body.responseTime).toEqual({ medianFirstResponseMs: 12 * MINUTE_MS, conversations: 1 });
  });

  // Moves the clock 91 days: kept last so the other tests' sessions and windows are not disturbed.
  it("computes a shop's median first response over 90 days, counting silence up to 72 h", async () => {
    const scene = await aShop(6);
    const buyer = await signedIn(app(), 'buyer', 'asker');
    const orders: string[] = [];
    for (let i = 0; i < 5; i++) orders.push((await anOrder(scene, buyer)).orderId);
    const [answered, shopFirst, silent1, silent2, shopOnly] = orders as [
      string,
      string,
      string,
      string,
      string,
    ];
    const clock = app().clock;
    const t0 = clock.now().getTime();
    const at = (ms: number) => clock.set(new Date(t0 + ms));
    const stats = () => merchantResponseStats(db(), scene.shop.merchantId, clock.now());

    expect(await stats()).toEqual({ medianFirstResponseMs: null, conversations: 0 });
    await post(scene.shop.client, MERCHANT, shopFirst, { body: '感谢购买，有问题随时联系' });
    await post(scene.shop.client, MERCHANT, shopOnly, { body: '感谢购买' });
    await post(buyer.client, BUYER, answered, { body: '问题一' });
    at(1 * MINUTE_MS);
    await post(buyer.client, BUYER, shopFirst, { body: '问题二' });
    at(2 * MINUTE_MS);
    await post(buyer.client, BUYER, silent1, { body: '问题三' });
    at(3 * MINUTE_MS);
    await post(buyer.client, BUYER, silent2, { body: '问题四' });
    at(5 * MINUTE_MS);
    await post(buyer.client, BUYER, answered, { body: '补充一下' });
    at(10 * MINUTE_MS);
    await post(scene.shop.client, MERCHANT, answered, { body: '答一' });
    at(31 * MINUTE_MS);
    await post(scene.shop.client, MERCHANT, shopFirst, { body: '答二' });
    await post(scene.shop.client, MERCHANT, shopFirst, { body: '再答二' });

    // 10 min, 30 min, and the two silent ones waiting 58 and 57 min so far: median (30 + 57) / 2.
    at(HOUR_MS);
    expect(await stats()).toEqual({ medianFirstResponseMs: 43.5 * MINUTE_MS, conversations: 4 });
    // Days later the silent ones count 72 h each, not more: median (30 min + 72 h) / 2.
    at(100 * HOUR_MS);
    expect(await stats()).toEqual({
      medianFirstResponseMs: (30 * MINUTE_MS + 72 * HOUR_MS) / 2,
      conversations: 4,
    });
    // Conversations that began more than 90 days ago no longer count (the first question, at t0).
    at(90 * DAY_MS + MINUTE_MS);
    expect(await stats()).toEqual({ medianFirstResponseMs: 72 * HOUR_MS, conversations: 3 });
    at(91 * DAY_MS);
    expect(await stats()).toEqual({ medianFirstResponseMs: null, conversations: 0 });
  });
});
