import { Empty } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { StatementLine } from '../../../../common/api/ledger.js';
import { formatMoney, type Currency } from '../../../../common/money.js';
import { EChart } from '../../charts/EChart.js';
import type { ChartOption, EChartsType } from '../../charts/echarts.js';
import { formatDateTime } from '../../format.js';
import { currentLocale } from '../../i18n/i18n.js';
import { chronological, escapeHtml, nearestIndex } from './chartData.js';

export const BALANCE_CHART_TEST_ID = 'balance-chart';

const COLORS = { balance: '#1f6feb', available: '#389e0d', held: '#d46b08' } as const;

/** Axis ticks are ECharts' round numbers; `minInterval: 1` keeps them whole minor units. */
function axisMoney(value: number, currency: Currency): string {
  return Number.isSafeInteger(value) ? formatMoney(value, currency) : '';
}

/**
 * Balance, available and held after each loaded statement line, as steps (an amount stays put until the
 * next line moves it). A click on or near a point opens that line.
 */
export function BalanceChart({
  lines,
  currency,
  onOpen,
}: {
  lines: readonly StatementLine[];
  currency: Currency;
  onOpen: (line: StatementLine) => void;
}) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const points = useMemo(() => chronological(lines), [lines]);

  const option = useMemo((): ChartOption => {
    const series = (
      [
        ['balance', t('statement.balance'), (line: StatementLine) => line.balanceAfter],
        ['available', t('statement.available'), (line: StatementLine) => line.availableAfter],
        ['held', t('statement.held'), (line: StatementLine) => line.heldAfter],
      ] as const
    ).map(([key, name, valueOf]) => ({
      type: 'line' as const,
      name,
      step: 'end' as const,
      symbol: 'circle',
      symbolSize: key === 'balance' ? 8 : 5,
      color: COLORS[key],
      lineStyle: key === 'available' ? { type: 'dashed' as const } : {},
      ...(key === 'held' ? { areaStyle: { opacity: 0.12 } } : {}),
      data: points.map((line) => [Date.parse(line.at), valueOf(line)]),
    }));
    return {
      animationDuration: 300,
      grid: { left: 8, right: 16, top: 40, bottom: 8 },
      legend: { top: 0 },
      tooltip: {
        trigger: 'axis',
        confine: true,
        formatter: (params: unknown) => {
          const items = (Array.isArray(params) ? params : [params]) as Array<{
            dataIndex: number;
            marker: string;
            seriesName: string;
            value: [number, number];
          }>;
          const line = points[items[0]?.dataIndex ?? -1];
          if (!line) return '';
          return [
            escapeHtml(formatDateTime(line.at, locale)),
            `<b>${escapeHtml(line.reason.text)}</b>`,
            ...items.map(
              (item) =>
                `${item.marker}${escapeHtml(item.seriesName)}: ${escapeHtml(formatMoney(item.value[1], currency))}`,
            ),
          ].join('<br/>');
        },
      },
      xAxis: { type: 'time' },
      yAxis: {
        type: 'value',
        minInterval: 1,
        axisLabel: { formatter: (value: number) => axisMoney(value, currency) },
      },
      series,
    };
  }, [points, currency, locale, t]);

  const openNearest = (chart: EChartsType, [x, y]: [number, number]) => {
    if (!chart.containPixel('grid', [x, y])) return;
    const xs = points.map((line) => chart.convertToPixel({ xAxisIndex: 0 }, Date.parse(line.at)));
    const line = points[nearestIndex(xs, x)];
    if (line) onOpen(line);
  };

  if (points.length === 0)
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('statement.empty')} />;
  return (
    <EChart
      option={option}
      locale={locale}
      onCanvasClick={openNearest}
      testId={BALANCE_CHART_TEST_ID}
      ariaLabel={t('statement.chartLabel', { count: points.length })}
      className="balance-chart"
    />
  );
}
