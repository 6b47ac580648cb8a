import { useEffect, useRef } from 'react';
import type { Locale } from '../../../common/locale.js';
import { init, type ChartOption, type EChartsType } from './echarts.js';
import { installChartTestHook } from './testHook.js';

installChartTestHook();

/** ECharts ships its own texts (month names on a time axis) in Chinese and English. */
const ECHARTS_LOCALES: Readonly<Record<Locale, string>> = { 'zh-CN': 'ZH', en: 'EN' };

/**
 * One ECharts instance in a div: created when mounted, disposed when unmounted, resized with its
 * container (a phone turned sideways, a drawer closing), and given each new `option` whole. The locale
 * is fixed at creation, so a change of language creates a new instance.
 */
export function EChart({
  option,
  locale,
  onCanvasClick,
  testId,
  ariaLabel,
  className,
}: {
  option: ChartOption;
  locale: Locale;
  /** A click anywhere on the canvas, in pixels from its top-left corner. */
  onCanvasClick?: (chart: EChartsType, pixel: [number, number]) => void;
  testId: string;
  ariaLabel: string;
  className?: string;
}) {
  const containerRef = useRef<HTMLDivElement>(null);
  const chartRef = useRef<EChartsType | null>(null);
  // Read through a ref so that a new handler each render does not recreate the chart.
  const clickRef = useRef(onCanvasClick);
  useEffect(() => {
    clickRef.current = onCanvasClick;
  });

  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    const chart = init(container, undefined, { renderer: 'canvas', locale: ECHARTS_LOCALES[locale] });
    chartRef.current = chart;
    chart.getZr().on('click', (event) => clickRef.current?.(chart, [event.offsetX, event.offsetY]));
    const observer = new ResizeObserver(() => chart.resize());
    observer.observe(container);
    return () => {
      observer.disconnect();
      chart.dispose();
      chartRef.current = null;
    };
  }, [locale]);

  useEffect(() => {
    chartRef.current?.setOption(option, { notMerge: true });
  }, [option, locale]);

  return (
    <div ref={containerRef} className={className} data-testid={testId} role="img" aria-label={ariaLabel} />
  );
}
