import { describe, expect, it } from 'vitest';
import type { StatementLine } from '../../../../common/api/ledger.js';
import { chronological, escapeHtml, nearestIndex } from './chartData.js';
import { amountTone, formatSignedMoney } from './money.js';

function line(seq: number, kind: StatementLine['kind'], amount: number): StatementLine {
  return {
    seq,
    at: new Date(Date.UTC(2026, 10, seq)).toISOString(),
    kind,
    amount,
    balanceAfter: 0,
    heldAfter: 0,
    availableAfter: 0,
    reason: { code: 'refund', params: {}, text: '' },
    cause: { type: 'refund', id: `r${seq}` },
    transferId: `t${seq}`,
  };
}

describe('the balance chart data', () => {
  it('puts the newest-first statement lines oldest first, without touching the list it was given', () => {
    const lines = [line(3, 'posted', 1), line(2, 'posted', 1), line(1, 'posted', 1)];
    expect(chronological(lines).map((l) => l.seq)).toEqual([1, 2, 3]);
    expect(lines.map((l) => l.seq)).toEqual([3, 2, 1]);
  });

  it('opens the point whose x is nearest the click, the first one on a tie', () => {
    expect(nearestIndex([10, 50, 90], 62)).toBe(1);
    expect(nearestIndex([10, 50, 90], 200)).toBe(2);
    expect(nearestIndex([10, 30], 20)).toBe(0);
    expect(nearestIndex([], 20)).toBe(-1);
  });

  it('escapes server text before it goes into the tooltip HTML', () => {
    expect(escapeHtml(`<img src=x onerror="alert('1')">&`)).toBe(
      '&#60;img src=x onerror=&#34;alert(&#39;1&#39;)&#34;&#62;&#38;',
    );
  });
});

describe('statement amounts', () => {
  it('always show their direction', () => {
    expect(formatSignedMoney(4500, 'CNY')).toBe('+¥45.00');
    expect(formatSignedMoney(-3000, 'CNY')).toBe('-¥30.00');
    expect(formatSignedMoney(500, 'ZUAN')).toBe('+500 钻');
    expect(formatSignedMoney(0, 'CNY')).toBe('¥0.00');
  });

  it('read as money in or out only when the balance moved', () => {
    expect(amountTone(line(1, 'posted', 100))).toBe('in');
    expect(amountTone(line(1, 'posted', -100))).toBe('out');
    expect(amountTone(line(1, 'hold', -100))).toBe('neutral');
    expect(amountTone(line(1, 'release', 100))).toBe('neutral');
  });
});
