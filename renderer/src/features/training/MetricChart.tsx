/** A live line chart of training metrics (uPlot), redrawn as values arrive. */
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { seriesLabel, type AlignedSeries } from './metric-series';

const COLOURS = ['#5b9cff', '#f5a524', '#5bd68a', '#e879f9', '#ff6b6b'];
const AXIS = { stroke: '#8b93a1', grid: { stroke: '#2a2f38', width: 1 }, ticks: { stroke: '#2a2f38', width: 1 } };
const HEIGHT = 180;

interface Props {
  title: string;
  unit: string;
  data: AlignedSeries;
}

export function MetricChart({ title, unit, data }: Props) {
  const host = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const key = data.names.join('|');

  useEffect(() => {
    const element = host.current;
    if (!element || data.names.length === 0) return;
    const chart = new uPlot(
      {
        width: element.clientWidth || 400,
        height: HEIGHT,
        legend: { show: true },
        cursor: { drag: { x: false, y: false } },
        scales: { x: { time: false } },
        axes: [{ ...AXIS, label: 'step' }, { ...AXIS, label: unit, size: 56 }],
        series: [{ label: 'step' }, ...data.names.map((name, i) => ({ label: seriesLabel(name), stroke: COLOURS[i % COLOURS.length], width: 2, spanGaps: true }))],
      },
      [data.steps, ...data.values],
      element,
    );
    plot.current = chart;
    const resize = new ResizeObserver(() => chart.setSize({ width: element.clientWidth, height: HEIGHT }));
    resize.observe(element);
    return () => {
      resize.disconnect();
      chart.destroy();
      plot.current = null;
    };
    // The chart is rebuilt only when its series change; new values go through setData below.
  }, [key, unit]);

  useEffect(() => {
    plot.current?.setData([data.steps, ...data.values]);
  }, [data]);

  return (
    <figure className="chart">
      <figcaption>{title}</figcaption>
      {data.names.length === 0 ? <div className="chart-empty muted">No values yet</div> : <div ref={host} className="chart-host" />}
    </figure>
  );
}
