/**
 * A grouped horizontal bar chart in SVG, drawn from a stored result's numbers: one group per
 * compared model, one bar per measure, and an optional reference line (a baseline such as the
 * clip's mean frame). The PNG the runner writes lies outside the project's media folder and is
 * replaced by the next run of its kind, so every stored result draws its own chart here.
 */
import { fixed } from './results';

/** One model's bars. */
export interface BarGroup {
  label: string;
  values: readonly (number | null)[];
}

interface Props {
  title: string;
  unit: string;
  series: readonly string[];
  groups: readonly BarGroup[];
  /** The axis ends at this value, or at the largest value shown. */
  max?: number;
  reference?: { label: string; value: number };
}

const COLOURS = ['#5b9cff', '#f5a524', '#5bd68a'];
const WIDTH = 640;
const LABEL = 190;
const BAR = 11;
const GAP = 10;
const TOP = 22;
const PLOT = WIDTH - LABEL - 56;

export function ScoreBars({ title, unit, series, groups, max, reference }: Props) {
  const values = groups.flatMap((g) => g.values).filter((v): v is number => v !== null && Number.isFinite(v));
  const top = max ?? Math.max(1e-9, reference?.value ?? 0, ...values);
  const x = (value: number) => LABEL + (PLOT * Math.max(0, Math.min(value, top))) / top;
  const groupHeight = series.length * BAR + GAP;
  const height = TOP + groups.length * groupHeight + 16;
  return (
    <figure className="chart eval-chart">
      <figcaption>{title}</figcaption>
      <svg viewBox={`0 0 ${WIDTH} ${height}`} role="img" aria-label={`${title}, ${unit}`}>
        {series.map((name, i) => (
          <g key={name} transform={`translate(${LABEL + i * 150}, 4)`}>
            <rect width="10" height="10" fill={COLOURS[i % COLOURS.length]} />
            <text x="14" y="9" className="chart-legend">
              {name}
            </text>
          </g>
        ))}
        {groups.map((group, g) => {
          const y0 = TOP + g * groupHeight;
          return (
            <g key={group.label}>
              <text x={LABEL - 8} y={y0 + (series.length * BAR) / 2 + 4} textAnchor="end" className="chart-label">
                {group.label}
              </text>
              {group.values.map((value, i) => (
                <g key={series[i] ?? i}>
                  <rect x={LABEL} y={y0 + i * BAR} width={value === null ? 0 : x(value) - LABEL} height={BAR - 2} fill={COLOURS[i % COLOURS.length]} />
                  <text x={(value === null ? LABEL : x(value)) + 4} y={y0 + i * BAR + 8} className="chart-value">
                    {fixed(value, 1)}
                  </text>
                </g>
              ))}
            </g>
          );
        })}
        {reference && (
          <g>
            <line x1={x(reference.value)} x2={x(reference.value)} y1={TOP - 4} y2={height - 14} className="chart-reference" />
            <text x={x(reference.value)} y={height - 3} textAnchor={x(reference.value) > LABEL + PLOT / 2 ? 'end' : 'start'} className="chart-label">
              {reference.label} {fixed(reference.value, 1)} {unit}
            </text>
          </g>
        )}
      </svg>
    </figure>
  );
}
