import * as echarts from 'echarts';

/**
 * Charts as SVG strings, drawn when the report is built by Apache ECharts' server-side rendering (no
 * DOM, no script in the result). Colours are few, with enough contrast on white, and every chart has
 * a table with the same numbers beside it in the report.
 */

export const COLOURS = {
  blue: '#1f5fa8',
  orange: '#b85c00',
  green: '#2e7d32',
  red: '#b3261e',
  grey: '#5f6368',
  purple: '#6a3d9a',
} as const;

const FONT = 'Segoe UI, Arial, sans-serif';
const WIDTH = 760;

export interface Series {
  name: string;
  values: number[];
  colour: string;
  /** Series with the same stack are drawn on top of each other. */
  stack?: string;
}

function render(option: echarts.EChartsCoreOption, height: number): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: WIDTH, height });
  try {
    chart.setOption({ animation: false, textStyle: { fontFamily: FONT, fontSize: 12, color: '#202124' }, ...option });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

const legend = (series: readonly Series[]) => ({
  top: 0,
  left: 0,
  itemGap: 16,
  textStyle: { fontFamily: FONT, fontSize: 12, color: '#202124' },
  data: series.map((s) => s.name),
});

/** Bars per category along the bottom (weeks): side by side, or stacked. */
export function columnChart(categories: readonly string[], series: readonly Series[], height = 280): string {
  return render(
    {
      legend: legend(series),
      grid: { left: 40, right: 16, top: 40, bottom: 32 },
      xAxis: { type: 'category', data: categories, axisLabel: { color: '#3c4043', interval: 0, fontSize: 11 } },
      yAxis: { type: 'value', minInterval: 1, axisLabel: { color: '#3c4043' } },
      series: series.map((s) => ({
        type: 'bar',
        name: s.name,
        data: s.values,
        itemStyle: { color: s.colour },
        ...(s.stack ? { stack: s.stack } : {}),
        barMaxWidth: 28,
      })),
    },
    height,
  );
}

/** Bars per category down the side (options, intents): side by side, or stacked; grows with the rows. */
export function barChart(categories: readonly string[], series: readonly Series[], labelWidth = 230): string {
  const rows = categories.length;
  const grouped = series.filter((s) => !s.stack).length || 1;
  const rowHeight = Math.max(22, 10 + 9 * grouped);
  return render(
    {
      legend: legend(series),
      grid: { left: labelWidth + 12, right: 24, top: 36, bottom: 24 },
      yAxis: {
        type: 'category',
        data: [...categories].reverse(),
        axisLabel: { color: '#3c4043', width: labelWidth, overflow: 'truncate', fontSize: 11 },
        axisTick: { show: false },
      },
      xAxis: { type: 'value', minInterval: 1, axisLabel: { color: '#3c4043' } },
      series: series.map((s) => ({
        type: 'bar',
        name: s.name,
        data: [...s.values].reverse(),
        itemStyle: { color: s.colour },
        ...(s.stack ? { stack: s.stack } : {}),
        barMaxWidth: 14,
      })),
    },
    60 + rows * rowHeight,
  );
}
