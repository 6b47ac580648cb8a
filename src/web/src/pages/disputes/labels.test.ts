import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import type { DisputeView } from '../../api/disputes.js';
import { zhCN } from '../../i18n/zh-CN.js';
import { appealsOf, canAppeal, currentDeadline, noteText, stepReasonText } from './labels.js';

const i18n = i18next.createInstance();
await i18n.init({ resources: { 'zh-CN': { translation: zhCN } }, lng: 'zh-CN', initAsync: false });
const t = i18n.t.bind(i18n);

function dispute(fields: Partial<DisputeView>): DisputeView {
  return {
    status: 'awaiting_merchant',
    merchantDueAt: '2026-11-23T00:00:00.000Z',
    buyerDueAt: null,
    decisionDueAt: null,
    appealUntil: null,
    ...fields,
  } as DisputeView;
}

describe('dispute labels', () => {
  it('names the deadline that runs now and whose it is', () => {
    expect(currentDeadline(dispute({}))).toEqual({ holder: 'merchant', at: '2026-11-23T00:00:00.000Z' });
    expect(currentDeadline(dispute({ status: 'awaiting_buyer', buyerDueAt: 'b' }))).toEqual({
      holder: 'buyer',
      at: 'b',
    });
    expect(currentDeadline(dispute({ status: 'appealed', decisionDueAt: 'd' }))?.holder).toBe('platform');
    expect(currentDeadline(dispute({ status: 'resolved' }))).toBeNull();
  });

  it('offers each side one appeal on a resolved dispute inside its window', () => {
    const until = Date.parse('2026-11-30T00:00:00.000Z');
    const resolved = dispute({
      status: 'resolved',
      appealUntil: '2026-11-30T00:00:00.000Z',
      refundableLeft: 650,
      refundAmount: 350,
      buyerAppealed: false,
      merchantAppealed: false,
    });
    for (const side of ['buyer', 'merchant'] as const) {
      expect(canAppeal(resolved, side, until - 1)).toBe(true);
      expect(canAppeal(resolved, side, until)).toBe(false);
      expect(canAppeal({ ...resolved, status: 'final' }, side, 0)).toBe(false);
      expect(canAppeal({ ...resolved, status: 'appealed' }, side, 0)).toBe(false);
    }
    // After the buyer's appeal is decided the dispute is resolved again: only the shop may still appeal.
    const afterBuyers = { ...resolved, buyerAppealed: true, appealResult: 'upheld' as const };
    expect(canAppeal(afterBuyers, 'buyer', 0)).toBe(false);
    expect(canAppeal(afterBuyers, 'merchant', 0)).toBe(true);
    expect(canAppeal({ ...resolved, merchantAppealed: true }, 'merchant', 0)).toBe(false);
    expect(canAppeal({ ...resolved, merchantAppealed: true }, 'buyer', 0)).toBe(true);
  });

  it('offers an appeal only to a side it could help', () => {
    const released = dispute({
      status: 'resolved',
      appealUntil: '2026-11-30T00:00:00.000Z',
      outcome: 'release',
      refundableLeft: 1000,
      refundAmount: 0,
      buyerAppealed: false,
      merchantAppealed: false,
    });
    // A release: the buyer may ask for the money; the shop lost nothing.
    expect(canAppeal(released, 'buyer', 0)).toBe(true);
    expect(canAppeal(released, 'merchant', 0)).toBe(false);
    // Everything refunded: nothing more an overturn could give the buyer; the shop may contest it.
    const refunded = { ...released, outcome: 'refund_full' as const, refundableLeft: 0, refundAmount: 1000 };
    expect(canAppeal(refunded, 'buyer', 0)).toBe(false);
    expect(canAppeal(refunded, 'merchant', 0)).toBe(true);
  });

  it('reads each appeal and its result from the steps, the pending one last', () => {
    const step = (reasonCode: string, note: string | null) => ({
      from: null,
      to: 'x',
      reasonCode,
      note,
      actorType: 'user',
      at: '2026-11-22T00:00:00.000Z',
    });
    const timeline = [
      step('opened_wrong_item', '不符'),
      step('resolved_refund_partial', '退差价'),
      step('appealed_by_buyer', '应全额退款'),
      step('appeal_overturned', '改判全额'),
      step('appealed_by_merchant', '买家已兑换'),
    ];
    expect(appealsOf(dispute({ timeline }))).toEqual([
      { side: 'buyer', note: '应全额退款', result: 'overturned' },
      { side: 'merchant', note: '买家已兑换', result: null },
    ]);
    expect(appealsOf(dispute({ timeline: timeline.slice(0, 2) }))).toEqual([]);
  });

  it('puts codes in words and leaves what people wrote as written', () => {
    expect(stepReasonText('opened_key_invalid', t)).toBe('买家申请售后：卡密无效/已被使用');
    expect(stepReasonText('reopened_not_received', t)).toBe('买家重新申请售后：未收到');
    expect(stepReasonText('paid', t)).toBeNull();
    expect(noteText('merchant_silent_24h', t)).toBe('商家 24 小时内未处理，系统自动全额退款');
    expect(noteText('dispute wrong_item', t)).toBe('售后退款（商品不符）');
    expect(noteText('卡密提示已被使用 / the key: used', t)).toBe('卡密提示已被使用 / the key: used');
    expect(noteText('status', t)).toBe('status');
  });
});
