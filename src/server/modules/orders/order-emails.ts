import type { Locale } from '../../../common/locale.js';
import { formatMoney } from '../../../common/money.js';
import type { ServiceContext, Trx } from '../../platform/context.js';
import { composeEmail, queueEmail, type EmailTexts } from '../../platform/mail.js';
import { findUserById } from '../accounts/index.js';
import { merchantContact } from '../merchants/index.js';
import type { OrderRow } from './orders.repository.js';

/**
 * Order emails, sent through the outbox after the change commits. They never carry card keys: a key is
 * shown only on the order page, to its buyer (with the query password for guest orders).
 */
export type OrderEmail = 'created_guest' | 'delivered' | 'to_fulfil' | 'delivery_reminder' | 'refunded';

export async function queueOrderEmail(trx: Trx, ctx: ServiceContext, order: OrderRow, kind: OrderEmail) {
  const now = ctx.clock.now();
  const shop = ctx.config.shopName;
  const amount = formatMoney(order.amount, order.currency);
  if (kind === 'to_fulfil' || kind === 'delivery_reminder') {
    const contact = await merchantContact(trx, order.merchant_id);
    if (!contact) return;
    const texts: EmailTexts =
      kind === 'to_fulfil'
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
    await queueEmail(trx, now, ctx.keys, composeEmail(contact.email, texts));
    return;
  }
  const recipient = await buyerAddress(trx, order);
  if (!recipient) return;
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
  await queueEmail(trx, now, ctx.keys, composeEmail(recipient.email, texts[kind][recipient.locale]));
}

async function buyerAddress(trx: Trx, order: OrderRow): Promise<{ email: string; locale: Locale } | null> {
  if (order.guest_email) return { email: order.guest_email, locale: 'zh-CN' };
  const user = order.buyer_id ? await findUserById(trx, order.buyer_id) : undefined;
  return user ? { email: user.email, locale: user.locale } : null;
}
