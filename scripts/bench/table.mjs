// Bench helpers: budget cells and a plain-text table aligned for terminals (CJK counts as two).

/** `1,234` */
export const fmt = (n) => Math.round(n).toLocaleString('en-US');

/** A figure checked against a maximum: `{ text: '1,234 / 14,600', ok }`; no budget → `/ —`. */
export const atMost = (value, budget, show = fmt) =>
  budget === undefined
    ? { text: `${show(value)} / —`, ok: null }
    : { text: `${show(value)} / ${show(budget)}`, ok: value <= budget };

/** A score checked against a minimum: `{ text: '97 / ≥95', ok }`. */
export const atLeast = (value, budget, show = fmt) => ({
  text: `${show(value)} / ${budget === 100 ? '100' : `≥${show(budget)}`}`,
  ok: value >= budget,
});

/** A cell that is not a check (a note, "missing", "pending"…); `ok: false` marks it failing. */
export const note = (text, ok = null) => ({ text, ok });

const WIDE =
  /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]|[\u{20000}-\u{3fffd}]/u;
const width = (text) => [...text].reduce((sum, char) => sum + (WIDE.test(char) ? 2 : 1), 0);
const pad = (text, size) => text + ' '.repeat(Math.max(0, size - width(text)));

/** Shortens long paths in the middle so the table stays narrow; the full paths are listed below it. */
export const shortPath = (path, max = 34) =>
  path.length <= max ? path : `${path.slice(0, max - 12)}…${path.slice(-11)}`;

/**
 * Renders rows of cells. A row is `{ cells, header?, span? }`: `header` rows are printed with a
 * rule under them; `span` lets the first cell run over the first two columns, and the last cell
 * of a row runs up to the ✓/✗ column. Data cells are strings or `{ text, ok }`; the ✓/✗ column
 * sums up each data row's checks.
 */
export function renderTable(rows) {
  const count = Math.max(...rows.map((row) => row.cells.length + (row.span ? 1 : 0))) + 1;
  const layout = rows.map((row) => {
    const cells = row.cells.map((cell, i) => ({
      text: typeof cell === 'string' ? cell : cell.text,
      span: i === 0 && row.span ? 2 : 1,
    }));
    cells.at(-1).span += count - 1 - cells.reduce((sum, cell) => sum + cell.span, 0);
    return [...cells, { text: row.header ? '✓/✗' : mark(row), span: 1 }];
  });
  const widths = Array(count).fill(0);
  const spanWidth = (from, span) =>
    widths.slice(from, from + span).reduce((sum, w) => sum + w, 2 * (span - 1));
  // Single columns first, then widen the last column under any spanning cell that does not fit.
  for (const multi of [false, true]) {
    for (const cells of layout) {
      let column = 0;
      for (const { text, span } of cells) {
        if (span > 1 === multi) {
          const last = column + span - 1;
          widths[last] += Math.max(0, width(text) - spanWidth(column, span));
        }
        column += span;
      }
    }
  }
  const lines = [];
  layout.forEach((cells, i) => {
    let column = 0;
    const texts = cells.map(({ text, span }) =>
      pad(text, spanWidth((column += span) - span, span)),
    );
    if (rows[i].header && lines.length) lines.push('');
    lines.push(texts.join('  ').trimEnd());
    if (rows[i].header) lines.push(widths.map((w) => '─'.repeat(w)).join('  '));
  });
  return lines.join('\n');
}

/** ✗ when any check failed, ✓ when at least one passed, – when nothing was checked. */
export function mark(row) {
  const checks = row.cells.filter((c) => typeof c === 'object' && c.ok !== null).map((c) => c.ok);
  if (checks.includes(false)) return '✗';
  return checks.length ? '✓' : '–';
}
