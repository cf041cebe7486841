/**
 * Bar charts drawn on the server as inline SVG (issue 12): no chart script on the page. Each bar
 * is one row with its label and every number written out beside it, and each series has a
 * pattern as well as a colour, so colour is never the only signal (PRODUCT.md §9). The rows are
 * an HTML list, so the text wraps on a phone and grows with the large-text setting.
 */
import type { ComponentChildren } from 'preact';

/** A series of stacked bars: its name in the legend and beside the bars, and its fill. */
export interface BarSeries {
  key: string;
  /** The name in the legend, e.g. 高风险. */
  label: string;
  /** The name beside each bar, e.g. 高. */
  short: string;
  /** A pattern of {@link ChartPatterns}. */
  pattern: keyof typeof PATTERNS;
}

/** One bar: its label (a link when there is a page behind it) and a value per series. */
export interface BarRow {
  key: string;
  label: ComponentChildren;
  href?: string | undefined;
  values: Readonly<Record<string, number>>;
}

// Colours of global.css with a pattern each; the fills stay ≥ 3:1 against white (WCAG 1.4.11).
const PATTERNS = {
  // Red with white diagonal lines.
  high: { colour: '#b3141b', mark: <path d="M-1 1l2-2M0 6l6-6M5 7l2-2" stroke="#fff" /> },
  // Amber with dark dots.
  medium: { colour: '#b86e00', mark: <circle cx="3" cy="3" r="1.3" fill="#3d2600" /> },
  // Plain green.
  low: { colour: '#2e7d4f', mark: null },
  // Plain blue.
  done: { colour: '#0b57a4', mark: null },
  // Pale yellow with brown cross-hatching, outlined: what is still to do.
  todo: {
    colour: '#fff4d6',
    mark: <path d="M0 0l6 6M6 0l-6 6" stroke="#7a4a00" stroke-width="1.2" />,
  },
} as const;

const fillOf = (pattern: keyof typeof PATTERNS) => `url(#chart-${pattern})`;

/** The patterns the charts fill with: once per page, before the first chart. */
export function ChartPatterns() {
  return (
    <svg class="chart-defs" width="0" height="0" aria-hidden="true" focusable="false">
      <defs>
        {Object.entries(PATTERNS).map(([name, { colour, mark }]) => (
          <pattern
            key={name}
            id={`chart-${name}`}
            width="6"
            height="6"
            patternUnits="userSpaceOnUse"
          >
            <rect width="6" height="6" fill={colour} />
            {mark}
          </pattern>
        ))}
      </defs>
    </svg>
  );
}

// The longest bar takes this share of the width, leaving room for its total beside it.
const LONGEST = 82;

function Bar({ row, series, max }: { row: BarRow; series: readonly BarSeries[]; max: number }) {
  let x = 0;
  const total = series.reduce((sum, each) => sum + (row.values[each.key] ?? 0), 0);
  return (
    <svg class="bar" width="100%" height="1.6em" aria-hidden="true" focusable="false">
      {series.map((each) => {
        const value = row.values[each.key] ?? 0;
        if (value === 0 || max === 0) return null;
        const width = (value / max) * LONGEST;
        const rect = (
          <rect
            key={each.key}
            x={`${x.toFixed(2)}%`}
            y="0.2em"
            width={`${width.toFixed(2)}%`}
            height="1.2em"
            fill={fillOf(each.pattern)}
            stroke={each.pattern === 'todo' ? '#7a4a00' : '#fff'}
          />
        );
        x += width;
        return rect;
      })}
      <text x={`${x.toFixed(2)}%`} dx={x > 0 ? '0.4em' : '0'} y="1.25em">
        {total}
      </text>
    </svg>
  );
}

/** Every number of a bar in words: `共 12 人 · 高 2 · 中 3 · 低 7`. */
function numbers(row: BarRow, series: readonly BarSeries[], total: number, unit: string): string {
  const parts = series.map((each) => `${each.short} ${row.values[each.key] ?? 0}`);
  return [`共 ${total} ${unit}`, ...(total > 0 ? parts : [])].join(' · ');
}

/** A figure of stacked bars, one per row, with its legend; `unit` follows each total (人). */
export function BarChart({
  id,
  title,
  note,
  series,
  rows,
  unit = '人',
}: {
  id: string;
  title: string;
  note?: string;
  series: readonly BarSeries[];
  rows: readonly BarRow[];
  unit?: string;
}) {
  const totals = rows.map((row) =>
    series.reduce((sum, each) => sum + (row.values[each.key] ?? 0), 0),
  );
  const max = Math.max(0, ...totals);
  return (
    <figure class="chart" aria-labelledby={`${id}-title`}>
      <figcaption>
        <h2 id={`${id}-title`}>{title}</h2>
        {note && <p class="meta">{note}</p>}
        <ul class="legend">
          {series.map((each) => (
            <li key={each.key}>
              <svg width="1.4em" height="1em" aria-hidden="true" focusable="false">
                <rect
                  width="100%"
                  height="100%"
                  fill={fillOf(each.pattern)}
                  stroke={each.pattern === 'todo' ? '#7a4a00' : 'none'}
                />
              </svg>
              {each.label}
            </li>
          ))}
        </ul>
      </figcaption>
      <ol class="bars">
        {rows.map((row, index) => (
          <li key={row.key}>
            <span class="bar-label">
              {row.href ? <a href={row.href}>{row.label}</a> : row.label}
            </span>
            <span class="bar-numbers">{numbers(row, series, totals[index] ?? 0, unit)}</span>
            <Bar row={row} series={series} max={max} />
          </li>
        ))}
      </ol>
    </figure>
  );
}
