import type { Locale } from '../../../common/locale.js';
import { formatMoney } from '../../../common/money.js';
import type { ServiceContext, Trx } from '../../platform/context.js';
import { composeEmail, queueEmails, type EmailMessage, type EmailTexts } from '../../platform/mail.js';
import { findUsersByIds } from '../accounts/index.js';
import { merchantContact } from '../merchants/index.js';
import type { OrderRow } from './orders.repository.js';

/**
 * Order emails, sent through the outbox after the change commits. They never carry card keys: a key is
 * shown only on the order page, to its buyer (with the query password for guest orders).
 */
export type OrderEmail = 'created_guest' | 'delivered' | 'to_fulfil' | 'delivery_reminder' | 'refunded';

export async function queueOrderEmail(trx: Trx, ctx: ServiceContext, order: OrderRow, kind: OrderEmail) {
  await queueOrderEmails(trx, ctx, [order], kind);
}

/** The same email for several orders (a batch of 立即购买), queued in one insert. */
export async function queueOrderEmails(
  trx: Trx,
  ctx: ServiceContext,
  orders: readonly OrderRow[],
  kind: OrderEmail,
): Promise<void> {
  const messages: EmailMessage[] = [];
  if (kind === 'to_fulfil' || kind === 'delivery_reminder') {
    for (const order of orders) {
      const contact = await merchantContact(trx, order.merchant_id);
      if (contact) messages.push(composeEmail(contact.email, merchantTexts(ctx, order, kind)));
    }
  } else {
    const recipients = await buyerAddresses(trx, orders);
    for (const order of orders) {
      const recipient = recipients.get(order.id);
      if (recipient)
        messages.push(composeEmail(recipient.email, buyerTexts(ctx, order, kind)[recipient.locale]));
    }
  }
  await queueEmails(trx, ctx.clock.now(), ctx.keys, messages);
}

function merchantTexts(
  ctx: ServiceContext,
  order: OrderRow,
  kind: 'to_fulfil' | 'delivery_reminder',
): EmailTexts {
  const shop = ctx.config.shopName;
  const amount = formatMoney(order.amount, order.currency);
  return kind === 'to_fulfil'
    ? {
        subject: `【${shop}】新订单待发货：${order.title} × ${order.quantity}`,
        lines: [
          `订单 ${order.id} 已付款 ${amount}，请在承诺时间 ${order.delivery_deadline ?? ''} 前完成交付。`,
          '请登录商户后台查看买家填写的充值信息并标记发货。',
        ],
      }
    : {
        subject: `【${shop}】发货即将超时：${order.title}`,
        lines: [
          `订单 ${order.id} 须在 ${order.delivery_deadline ?? ''} 前交付。`,
          '超时未交付的订单将自动全额退款给买家，并计入店铺信用。',
        ],
      };
}

function buyerTexts(
  ctx: ServiceContext,
  order: OrderRow,
  kind: Exclude<OrderEmail, 'to_fulfil' | 'delivery_reminder'>,
): Record<Locale, EmailTexts> {
  const shop = ctx.config.shopName;
  const amount = formatMoney(order.amount, order.currency);
  const texts: Record<Exclude<OrderEmail, 'to_fulfil' | 'delivery_reminder'>, Record<Locale, EmailTexts>> = {
    created_guest: {
      'zh-CN': {
        subject: `【${shop}】订单已创建：${order.title}`,
        lines: [
          `订单号：${order.id}，金额 ${amount}。`,
          `付款并发货后，凭订单号和你设置的查询密码在“订单查询”中查看卡密。请妥善保管查询密码，客服不会向你索要。`,
        ],
      },
      en: {
        subject: `[${shop}] Order created: ${order.title}`,
        lines: [
          `Order ${order.id}, ${amount}.`,
          'Once paid and delivered, view your keys under "Find my order" with the order number and your query password. Keep the password safe; support never asks for it.',
        ],
      },
    },
    delivered: {
      'zh-CN': {
        subject: `【${shop}】订单已发货：${order.title}`,
        lines: [
          `订单 ${order.id} 已发货，请到订单页面查看。`,
          `如有问题请在 ${order.confirm_deadline ?? ''} 前联系商家或申请售后；到期后订单将自动确认收货并结算给商家。`,
        ],
      },
      en: {
        subject: `[${shop}] Order delivered: ${order.title}`,
        lines: [
          `Order ${order.id} was delivered; see it on the order page.`,
          `If something is wrong, tell the shop before ${order.confirm_deadline ?? ''}; after that the order confirms itself and the shop is paid.`,
        ],
      },
    },
    refunded: {
      'zh-CN': {
        subject: `【${shop}】订单已退款：${order.title}`,
        lines: [`订单 ${order.id} 的 ${amount} 已原路退回。`],
      },
      en: {
        subject: `[${shop}] Order refunded: ${order.title}`,
        lines: [`${amount} for order ${order.id} was refunded to where it came from.`],
      },
    },
  };
  return texts[kind];
}

async function buyerAddresses(
  trx: Trx,
  orders: readonly OrderRow[],
): Promise<Map<string, { email: string; locale: Locale }>> {
  const users = new Map(
    (await findUsersByIds(trx, [...new Set(orders.flatMap((o) => (o.buyer_id ? [o.buyer_id] : [])))])).map(
      (u) => [u.id, u],
    ),
  );
  const out = new Map<string, { email: string; locale: Locale }>();
  for (const order of orders) {
    if (order.guest_email) out.set(order.id, { email: order.guest_email, locale: 'zh-CN' });
    const user = order.buyer_id ? users.get(order.buyer_id) : undefined;
    if (user) out.set(order.id, { email: user.email, locale: user.locale });
  }
  return out;
}
