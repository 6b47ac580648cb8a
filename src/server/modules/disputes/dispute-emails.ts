import { formatMoney } from '../../../common/money.js';
import type { ServiceContext, Trx } from '../../platform/context.js';
import { composeEmail, queueEmail, type EmailTexts } from '../../platform/mail.js';
import { findUserById } from '../accounts/index.js';
import { merchantContact } from '../merchants/index.js';
import type { DisputeRow } from './disputes.repository.js';

/**
 * Who hears about a dispute step, by email through the outbox: the merchant when there is something to
 * answer (with the deadline), the buyer when there is something to review or a result. Bilingual in one
 * message where the recipient's language is unknown (shops).
 */
export type DisputeEmail = 'opened' | 'reminder' | 'answered' | 'escalated' | 'resolved' | 'appealed';

export async function queueDisputeEmail(
  trx: Trx,
  ctx: ServiceContext,
  dispute: DisputeRow,
  kind: DisputeEmail,
) {
  const now = ctx.clock.now();
  const shop = ctx.config.shopName;
  const toMerchant = kind === 'opened' || kind === 'reminder' || kind === 'escalated' || kind === 'appealed';
  const toBuyer = kind === 'answered' || kind === 'resolved' || kind === 'escalated' || kind === 'appealed';
  if (toMerchant) {
    const contact = await merchantContact(trx, dispute.merchant_id);
    if (contact)
      await queueEmail(trx, now, ctx.keys, composeEmail(contact.email, merchantTexts(shop, dispute, kind)));
  }
  if (toBuyer) {
    const email = await buyerEmail(trx, dispute);
    if (email) await queueEmail(trx, now, ctx.keys, composeEmail(email, buyerTexts(shop, dispute, kind)));
  }
}

function merchantTexts(shop: string, d: DisputeRow, kind: DisputeEmail): EmailTexts {
  const subject: Record<string, string> = {
    opened: `【${shop}】买家申请售后，请在 24 小时内处理 / A buyer opened a dispute`,
    reminder: `【${shop}】售后即将超时 / Dispute deadline near`,
    escalated: `【${shop}】售后已提交平台裁决 / Dispute escalated to support`,
    appealed: `【${shop}】售后裁决被申诉 / Dispute decision appealed`,
  };
  return {
    subject: subject[kind] ?? `【${shop}】售后 / Dispute`,
    lines: [
      `订单 ${d.order_id}，售后 ${d.id}。`,
      kind === 'opened' || kind === 'reminder'
        ? `请在 ${d.merchant_due_at} 前回应（退款、部分退款、补发卡密或提交说明）。逾期未回应将自动全额退款给买家并计入店铺信用。`
        : `平台目标在 ${d.decision_due_at ?? ''} 前作出裁决，请在订单沟通中提交证据。`,
      `Order ${d.order_id}, dispute ${d.id}. ${
        kind === 'opened' || kind === 'reminder'
          ? `Answer before ${d.merchant_due_at}; silence refunds the buyer in full and costs credit.`
          : `Support aims to decide before ${d.decision_due_at ?? ''}; post evidence in the order chat.`
      }`,
    ],
  };
}

function buyerTexts(shop: string, d: DisputeRow, kind: DisputeEmail): EmailTexts {
  const refund = d.refund_amount > 0 ? `，退款 ${formatMoney(d.refund_amount, 'CNY')}` : '';
  const lines: Record<string, string> = {
    answered: `商家已回应你的售后申请，请在 ${d.buyer_due_at ?? ''} 前确认或提交平台裁决（逾期视为接受）。`,
    escalated: `售后已提交平台裁决，目标在 ${d.decision_due_at ?? ''} 前处理。`,
    appealed: `售后裁决已进入申诉，平台目标在 ${d.decision_due_at ?? ''} 前复核。`,
    resolved: `售后已处理：${d.outcome ?? ''}${refund}。`,
  };
  return {
    subject: `【${shop}】售后进展：订单 ${d.order_id}`,
    lines: [lines[kind] ?? '', `Dispute ${d.id} on order ${d.order_id}: ${kind}.`],
  };
}

/** A signed-in buyer's address, or a guest order's email. */
async function buyerEmail(trx: Trx, dispute: DisputeRow): Promise<string | null> {
  if (dispute.buyer_id) return (await findUserById(trx, dispute.buyer_id))?.email ?? null;
  const order = await trx
    .selectFrom('orders')
    .select('guest_email')
    .where('id', '=', dispute.order_id)
    .executeTakeFirst();
  return order?.guest_email ?? null;
}
