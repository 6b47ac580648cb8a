import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { en } from '../../i18n/en.js';
import { zhCN } from '../../i18n/zh-CN.js';
import { formatResponseTime } from './responseTime.js';

describe('formatResponseTime', () => {
  beforeAll(async () => {
    await i18next.init({
      resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } },
      lng: 'zh-CN',
      interpolation: { escapeValue: false },
    });
  });

  it('says minutes below an hour and hours above, never rounding a wait down', async () => {
    const t = i18next.t.bind(i18next);
    expect(formatResponseTime(30_000, t)).toBe('不到 1 分钟');
    expect(formatResponseTime(12 * 60_000, t)).toBe('12 分钟');
    expect(formatResponseTime(12 * 60_000 + 1, t)).toBe('13 分钟');
    expect(formatResponseTime(3 * 3_600_000, t)).toBe('3 小时');
    expect(formatResponseTime(72 * 3_600_000, t)).toBe('72 小时');
    await i18next.changeLanguage('en');
    expect(t('chat.responseTime.value', { time: formatResponseTime(12 * 60_000, t) })).toBe(
      'Usually replies within 12 min',
    );
  });
});
