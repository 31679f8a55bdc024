/** The overview's chart options, built from its figures (labels passed in: no strings of their own). */
import type { ChartOption } from './EChart.tsx';
import type { Overview } from './api.ts';

/** Colours of the three flows and the backlog, kept the same in every chart and card. */
export const TONES = { reported: '#1456c8', filed: '#7a3db8', closed: '#1d7a3c', overdue: '#a8071a', urgent: '#b3131f' } as const;

const TOOLTIP = { renderMode: 'richText', confine: true } as const;
const AXIS_TEXT = { color: '#4d4d4d', fontSize: 12 };

export function trendOption(daily: Overview['daily'], names: { reported: string; filed: string; closed: string }): ChartOption {
  const days = daily.map((d) => d.day.slice(5).replace('-', '/'));
  const line = (key: 'reported' | 'filed' | 'closed') => ({
    type: 'line' as const,
    name: names[key],
    data: daily.map((d) => d[key]),
    smooth: false,
    symbolSize: 7,
    lineStyle: { width: 2.5 },
    itemStyle: { color: TONES[key] },
    emphasis: { focus: 'series' as const },
  });
  return {
    color: [TONES.reported, TONES.filed, TONES.closed],
    tooltip: { ...TOOLTIP, trigger: 'axis' },
    legend: { top: 0, textStyle: AXIS_TEXT },
    grid: { left: 8, right: 16, top: 36, bottom: 4, containLabel: true },
    xAxis: { type: 'category', data: days, boundaryGap: false, axisLabel: AXIS_TEXT },
    yAxis: { type: 'value', minInterval: 1, axisLabel: AXIS_TEXT },
    series: [line('reported'), line('filed'), line('closed')],
  };
}

export function streetsOption(streets: Overview['streets'], names: { reported: string; filed: string; closed: string; overdue: string }): ChartOption {
  const bar = (key: 'reported' | 'filed' | 'closed' | 'overdue') => ({
    type: 'bar' as const,
    name: names[key],
    data: streets.map((s) => s[key]),
    itemStyle: { color: TONES[key], borderRadius: [3, 3, 0, 0] },
    barMaxWidth: 18,
    label: { show: streets.length <= 8, position: 'top' as const, fontSize: 11, color: '#333' },
  });
  return {
    tooltip: { ...TOOLTIP, trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0, textStyle: AXIS_TEXT },
    grid: { left: 8, right: 16, top: 36, bottom: 4, containLabel: true },
    // Many streets: slanted names, each whole; a few: level ones.
    xAxis: { type: 'category', data: streets.map((s) => s.name), axisLabel: { ...AXIS_TEXT, interval: 0, rotate: streets.length > 8 ? 30 : 0, width: 96, overflow: 'truncate' } },
    yAxis: { type: 'value', minInterval: 1, axisLabel: AXIS_TEXT },
    series: [bar('reported'), bar('filed'), bar('closed'), bar('overdue')],
  };
}

const SOURCE_TONES = ['#1456c8', '#1d7a3c', '#8a5300', '#7a3db8', '#0e6b73', '#a8071a'];

export function sourcesOption(sources: { name: string; value: number }[]): ChartOption {
  const total = sources.reduce((n, x) => n + x.value, 0) || 1;
  const byName = new Map(sources.map((x) => [x.name, x.value]));
  return {
    color: SOURCE_TONES,
    tooltip: { ...TOOLTIP, trigger: 'item', formatter: '{b}: {c} ({d}%)' },
    // The counts and shares stand in the legend: labels around a ring of one large and several thin slices collide.
    legend: {
      orient: 'horizontal', left: 'center', bottom: 0, itemGap: 16, textStyle: { ...AXIS_TEXT, fontSize: 13 },
      formatter: (name: string) => `${name}  ${byName.get(name) ?? 0}  ${Math.round(((byName.get(name) ?? 0) / total) * 1000) / 10}%`,
    },
    series: [{
      type: 'pie',
      radius: ['38%', '62%'],
      center: ['50%', '42%'],
      label: { show: false },
      labelLine: { show: false },
      data: sources,
    }],
  };
}
