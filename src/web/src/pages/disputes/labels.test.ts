import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import type { DisputeView } from '../../api/disputes.js';
import { zhCN } from '../../i18n/zh-CN.js';
import { canAppeal, currentDeadline, noteText, stepReasonText } from './labels.js';

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

  it('offers an appeal only on a resolved dispute inside its window', () => {
    const until = Date.parse('2026-11-30T00:00:00.000Z');
    const resolved = dispute({ status: 'resolved', appealUntil: '2026-11-30T00:00:00.000Z' });
    expect(canAppeal(resolved, until - 1)).toBe(true);
    expect(canAppeal(resolved, until)).toBe(false);
    expect(canAppeal(dispute({ status: 'final', appealUntil: '2026-11-30T00:00:00.000Z' }), 0)).toBe(false);
  });

  it('puts codes in words and leaves what people wrote as written', () => {
    expect(stepReasonText('opened_key_invalid', t)).toBe('买家申请售后：卡密无效/已被使用');
    expect(stepReasonText('paid', t)).toBeNull();
    expect(noteText('merchant_silent_24h', t)).toBe('商家 24 小时内未处理，系统自动全额退款');
    expect(noteText('dispute wrong_item', t)).toBe('售后退款（商品不符）');
    expect(noteText('卡密提示已被使用 / the key: used', t)).toBe('卡密提示已被使用 / the key: used');
    expect(noteText('status', t)).toBe('status');
  });
});
