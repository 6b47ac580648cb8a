import type { Locale } from '../../../common/locale.js';
import type { ServiceContext, Trx } from '../../platform/context.js';
import { composeEmail, queueEmail, type EmailTexts } from '../../platform/mail.js';
import { findUserById } from '../accounts/index.js';
import { merchantContact } from '../merchants/index.js';
import type { ChatOrder } from './chat.repository.js';

/**
 * "You have a new message on order …", through the outbox after the message commits. The mail never
 * quotes the message: a shop may paste a replacement card key into the chat, and keys never travel by
 * email (order-emails.ts keeps the same rule).
 */
export async function queueChatEmail(
  trx: Trx,
  ctx: ServiceContext,
  order: ChatOrder,
  recipient: 'buyer' | 'merchant',
): Promise<boolean> {
  const address = recipient === 'buyer' ? await buyerAddress(trx, order) : await shopAddress(trx, order);
  if (!address) return false;
  const shop = ctx.config.shopName;
  const where = recipient === 'buyer' ? '订单页面' : '商户后台“消息”';
  const whereEn = recipient === 'buyer' ? 'the order page' : 'Messages in the merchant console';
  const texts: Record<Locale, EmailTexts> = {
    'zh-CN': {
      subject: `【${shop}】订单有新消息：${order.title}`,
      lines: [
        `订单 ${order.id} 有一条新消息，请到${where}查看并回复。`,
        '为保障你的权益，请只在平台内沟通；平台不会通过其他渠道索要密码或验证码。',
      ],
    },
    en: {
      subject: `[${shop}] New message on your order: ${order.title}`,
      lines: [
        `There is a new message on order ${order.id}; read and answer it in ${whereEn}.`,
        'Keep the conversation on the platform: that is what protects you. We never ask for passwords or codes elsewhere.',
      ],
    },
  };
  await queueEmail(trx, ctx.clock.now(), ctx.keys, composeEmail(address.email, texts[address.locale]));
  return true;
}

async function buyerAddress(trx: Trx, order: ChatOrder): Promise<{ email: string; locale: Locale } | null> {
  if (order.guestEmail) return { email: order.guestEmail, locale: 'zh-CN' };
  const user = order.buyerId ? await findUserById(trx, order.buyerId) : undefined;
  return user ? { email: user.email, locale: user.locale } : null;
}

async function shopAddress(trx: Trx, order: ChatOrder): Promise<{ email: string; locale: Locale } | null> {
  const contact = await merchantContact(trx, order.merchantId);
  if (!contact) return null;
  const owner = await findUserById(trx, contact.ownerUserId);
  return { email: contact.email, locale: owner?.locale ?? 'zh-CN' };
}
