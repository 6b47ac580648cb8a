import { describe, expect, it } from 'vitest';
import {
  hasStoppedSelling,
  isManualSanction,
  namedParts,
  percentFromBps,
  scoreColor,
  signedPoints,
} from './labels.js';

describe('merchant trust labels', () => {
  it('shows the dispute rate in basis points as a percentage without floats', () => {
    expect(percentFromBps(0)).toBe('0%');
    expect(percentFromBps(250)).toBe('2.5%');
    expect(percentFromBps(3333)).toBe('33.33%');
    expect(percentFromBps(5)).toBe('0.05%');
    expect(percentFromBps(10_000)).toBe('100%');
  });

  it('signs the points of each part the way they add to the score', () => {
    expect(signedPoints(8)).toBe('+8');
    expect(signedPoints(-17)).toBe('−17');
    expect(signedPoints(0)).toBe('0');
  });

  it('colours a score by the sanction line it is under', () => {
    expect(scoreColor(19)).toBe('#cf1322');
    expect(scoreColor(34)).toBe('#d4380d');
    expect(scoreColor(49)).toBe('#d48806');
    expect(scoreColor(60)).toBe('#1677ff');
    expect(scoreColor(80)).toBe('#389e0d');
  });

  it('keeps the parts it has words for, in the order the formula adds them', () => {
    const parts = [
      { code: 'base', points: 60 },
      { code: 'volume', points: 4 },
      { code: 'something_new', points: 3 },
      { code: 'disputes_lost', points: -17 },
    ];
    expect(namedParts({ parts }).map((part) => part.code)).toEqual(['base', 'volume', 'disputes_lost']);
  });

  it('tells a sanction set by hand from the formula’s', () => {
    expect(isManualSanction({ level: 'listings_hidden', current: 'warning' })).toBe(true);
    expect(isManualSanction({ level: 'warning', current: 'warning' })).toBe(false);
  });

  it('says a shop stops selling on its closing date, not before', () => {
    const closesAt = '2026-12-22T00:00:00.000Z';
    expect(hasStoppedSelling(closesAt, Date.parse(closesAt) - 1)).toBe(false);
    expect(hasStoppedSelling(closesAt, Date.parse(closesAt))).toBe(true);
  });
});
