import { getInstanceByDom } from './echarts.js';

/**
 * A chart's points are pixels on a canvas, with no element a browser test could click. So when the page
 * is driven by automation (`navigator.webdriver`, which Playwright and every WebDriver set, and which is
 * false for people) it lends the tests one answer: where a series' data point is drawn, in pixels from
 * the chart container's top-left. The test then clicks the canvas there with a real mouse, so the
 * chart's own event handling and the page's reaction are what gets tested. Nothing else is exposed.
 */
export interface ChartTestHook {
  pointPosition(testId: string, seriesIndex: number, dataIndex: number): { x: number; y: number } | null;
}

declare global {
  interface Window {
    __kamengCharts?: ChartTestHook;
  }
}

export function installChartTestHook(): void {
  if (typeof window === 'undefined' || !navigator.webdriver || window.__kamengCharts) return;
  window.__kamengCharts = {
    pointPosition(testId, seriesIndex, dataIndex) {
      const container = document.querySelector(`[data-testid="${CSS.escape(testId)}"]`);
      const chart = container instanceof HTMLElement ? getInstanceByDom(container) : undefined;
      if (!chart) return null;
      const series = chart.getOption().series as Array<{ data?: unknown[] }> | undefined;
      const value = series?.[seriesIndex]?.data?.[dataIndex];
      if (!Array.isArray(value)) return null;
      const [x, y] = chart.convertToPixel({ seriesIndex }, value as number[]);
      return x === undefined || y === undefined ? null : { x, y };
    },
  };
}
