import type { DisputeView } from '../../../common/api/disputes.js';
import type { Db } from '../../platform/context.js';
import { listTransitionsOf } from '../../platform/state-machine.js';
import { disputeLifecycle } from './dispute-lifecycle.js';
import { storedResponse } from './disputes.service.js';
import type { DisputeRow } from './disputes.repository.js';

/** Disputes as both sides and staff see them: the same facts, with the dispute's own timeline. */
export async function presentDisputes(db: Db, rows: readonly DisputeRow[]): Promise<DisputeView[]> {
  if (rows.length === 0) return [];
  const orderIds = rows.map((row) => row.order_id);
  const [orders, timelines] = await Promise.all([
    db
      .selectFrom('orders')
      .select(['id', 'title', 'product_kind', 'amount', 'refunded_amount'])
      .where('id', 'in', orderIds)
      .execute(),
    listTransitionsOf(db, disputeLifecycle.name, orderIds),
  ]);
  return rows.map((row) => {
    const order = orders.find((o) => o.id === row.order_id);
    if (!order) throw new Error(`dispute ${row.id} names a missing order`);
    return {
      id: row.id,
      orderId: row.order_id,
      orderTitle: order.title,
      productKind: order.product_kind,
      orderAmount: order.amount,
      refundableLeft: order.amount - order.refunded_amount,
      status: row.status,
      reason: row.reason,
      description: row.description,
      requestedAmount: row.requested_amount,
      settledBefore: row.settled_before === 1,
      merchantDueAt: row.merchant_due_at,
      buyerDueAt: row.buyer_due_at,
      decisionDueAt: row.decision_due_at,
      appealUntil: row.appeal_until,
      response: storedResponse(row),
      respondedAt: row.responded_at,
      outcome: row.outcome,
      refundAmount: row.refund_amount,
      decidedBy: row.decided_by_type,
      decisionNote: row.decision_note,
      decidedAt: row.decided_at,
      appealedBy: row.appealed_by,
      buyerAppealed: row.buyer_appealed_at !== null,
      merchantAppealed: row.merchant_appealed_at !== null,
      appealNote: row.appeal_note,
      appealResult: row.appeal_result,
      openedAt: row.opened_at,
      timeline: (timelines.get(row.order_id) ?? []).map((t) => ({
        from: t.from,
        to: t.to,
        reasonCode: t.reasonCode,
        note: t.reasonNote,
        actorType: t.actor.type,
        at: t.at,
      })),
    };
  });
}

export async function presentDispute(db: Db, row: DisputeRow): Promise<DisputeView> {
  return (await presentDisputes(db, [row]))[0]!;
}
