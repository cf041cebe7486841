/**
 * Fits a notice's body to one A4 poster (journey J4): the largest type (20–12 pt) at which the
 * whole rendered Markdown fits, or else an excerpt at 12 pt that the summary and the QR code
 * complete. The estimate is deliberately cautious; the browser tests print every sample poster
 * to PDF to hold it to one page.
 */

// Layout measures, in em of the sheet's 12 pt type (1 em = 4.233 mm); poster.css uses the same.
const EM_MM = (12 * 25.4) / 72;
const PAGE = { width: 186 / EM_MM, height: 272 / EM_MM };
const HEAD = 3.6;
const FOOT_CHROME = 2.41; // rule, padding and the caption under the QR code
const TITLE = { size: 2.5, line: 1.3, margins: 1.5 };
const BODY_LINE = 1.5;
// Room left for fonts other than the Noto Sans CJK the tests print with (PingFang, YaHei).
const SAFETY = 0.96;
/** Body sizes in pt, largest first; poster.css has a `.pt<size>` class for each. */
const SIZES = [20, 18, 16, 15, 14, 13, 12];

/** What the poster prints under its title, as far as fitting is concerned. */
export interface PosterText {
  /** The headline, printed at 30 pt above everything else. */
  title: string;
  /** The line under the title (a guide's audience and date). */
  meta?: string | undefined;
  /** Labelled lines printed above the body; only their words take room. */
  facts?: readonly { term: string; detail: string }[];
  /** The rendered Markdown body. */
  html?: string | undefined;
  /** Printed ahead of an excerpt in place of the parts that do not fit. */
  summary?: string | undefined;
  /** The lines of the 落款 under the body. */
  signature?: readonly string[];
  /** The QR code's width in em of 12 pt (from {@link sizePosterQr}); 0 when there is none. */
  qrEm: number;
}

/** The body as it goes on the poster. */
export interface PosterBody {
  /** Body type size in pt: 20, 18, 16, 15, 14, 13 or 12. */
  size: number;
  /** The part of the body that fits, as HTML; empty when not even the first section does. */
  html: string;
  /**
   * `true` when the body does not fit whole (or there is none), so the summary and a line
   * pointing to the QR code stand in for the rest.
   */
  excerpt: boolean;
}

/** Width of `text` in em: CJK and full-width signs take a whole em, Latin letters and digits 0.6. */
function width(text: string): number {
  let em = 0;
  for (const char of text) em += (char.codePointAt(0) ?? 0) < 0x2e80 ? 0.6 : 1;
  return em;
}

/** The text of an HTML fragment, each entity counted as one character. */
function plain(fragment: string): string {
  return fragment
    .replace(/<[^>]+>/g, '')
    .replace(/&[#\w]+;/g, '·')
    .trim();
}

/** Lines `text` takes in a column `columns` em wide, at least one. */
function lines(text: string, columns: number): number {
  return Math.max(1, Math.ceil(width(text) / Math.floor(columns - 0.5)));
}

/** The body's top-level blocks (heading, paragraph, whole list…), split where nesting ends. */
function blocks(source: string): string[] {
  const found: string[] = [];
  let current: string[] = [];
  let depth = 0;
  for (const line of source.split('\n')) {
    current.push(line);
    for (const [, close] of line.matchAll(/<(\/?)(?:p|ul|ol|blockquote|table|h[1-6])\b/g))
      depth += close ? -1 : 1;
    if (depth <= 0 && current.join('').trim()) {
      found.push(current.join('\n'));
      current = [];
      depth = 0;
    }
  }
  if (current.join('').trim()) found.push(current.join('\n'));
  return found;
}

/** What the body is measured in: headings, paragraphs, tables and single list items. */
interface Unit {
  html: string;
  kind: 'heading' | 'text' | 'item' | 'table' | 'other';
  /** For list items: which list, and its opening and closing tags. */
  list?: { index: number; open: string; close: string };
}

/** The rendered Markdown cut into units, in reading order. */
function units(source: string): Unit[] {
  return blocks(source).flatMap((block, index): Unit[] => {
    const list = /^<(ul|ol)\b[^>]*>/.exec(block);
    // A list inside a list stays whole: cutting it would need a real HTML parser.
    if (list && (block.match(/<(?:ul|ol)\b/g)?.length ?? 0) === 1)
      return [...block.matchAll(/<li\b[^>]*>[\s\S]*?<\/li>/g)].map((item) => ({
        html: item[0],
        kind: 'item',
        list: { index, open: list[0], close: `</${list[1] ?? 'ul'}>` },
      }));
    if (/^<h[1-6]/.test(block)) return [{ html: block, kind: 'heading' }];
    if (/^<table/.test(block) && !block.includes('<img')) return [{ html: block, kind: 'table' }];
    return [
      { html: block, kind: /^<p>/.test(block) && !block.includes('<img') ? 'text' : 'other' },
    ];
  });
}

/**
 * Height of a unit in em of the body font, in a column `columns` em of that font wide, with the
 * margins of poster.css (a heading's top margin collapses with the block before it).
 */
function unitHeight(unit: Unit, columns: number, firstInList: boolean, first: boolean): number {
  const text = plain(unit.html);
  switch (unit.kind) {
    case 'heading':
      return (first ? 0.55 : 0.2) + lines(`一、${text}`, columns / 1.1) * 1.1 * 1.4 + 0.22;
    case 'item':
      return lines(text, columns - 2) * BODY_LINE + (firstInList ? 0.35 : 0);
    case 'text':
      return lines(`\u3000\u3000${text}`, columns) * BODY_LINE + 0.35;
    case 'table':
      return tableHeight(unit.html, columns) + 0.35;
    default:
      // Pictures, quotes and nested lists stay on the web page the QR code leads to.
      return Infinity;
  }
}

/** A table's height: columns share the width in proportion to their longest cell, as auto layout does. */
function tableHeight(table: string, columns: number): number {
  const rows = [...table.matchAll(/<tr\b[\s\S]*?<\/tr>/g)].map((row) =>
    [...row[0].matchAll(/<t[hd]\b[^>]*>([\s\S]*?)<\/t[hd]>/g)].map((cell) =>
      width(plain(cell[1] ?? '')),
    ),
  );
  const widest = rows.reduce<number[]>(
    (most, row) => row.map((cell, i) => Math.max(cell, most[i] ?? 0)),
    [],
  );
  const free = columns - widest.length * 0.9; // cell padding and rules
  const total = widest.reduce((sum, cell) => sum + cell, 0);
  const share = widest.map((cell) => (total <= free ? cell : (free * cell) / total));
  return rows.reduce(
    (sum, row) =>
      sum +
      Math.max(...row.map((cell, i) => Math.ceil(cell / Math.max(1, share[i] ?? 1) - 0.01))) *
        BODY_LINE +
      0.56,
    0,
  );
}

/** The kept units as HTML, list items back inside their lists. */
function join(kept: Unit[]): string {
  return kept
    .map((unit, i) => {
      const before = kept[i - 1]?.list?.index;
      const after = kept[i + 1]?.list?.index;
      if (!unit.list) return unit.html;
      return `${before === unit.list.index ? '' : unit.list.open}${unit.html}${after === unit.list.index ? '' : unit.list.close}`;
    })
    .join('\n');
}

/** Room under the title and its meta line for the text, in em of 12 pt. */
function room({ title, meta, qrEm }: PosterText): number {
  return (
    PAGE.height -
    HEAD -
    qrEm -
    FOOT_CHROME -
    (lines(title, PAGE.width / TITLE.size) * TITLE.size * TITLE.line + TITLE.margins) -
    (meta ? lines(meta, PAGE.width / 1.1) * 1.1 * 1.5 + 0.6 * 1.1 : 0)
  );
}

/** The units that fit at `size` pt under everything else the text prints, in reading order. */
function fit(text: PosterText, all: Unit[], size: number, excerpt: boolean): Unit[] {
  const { facts = [], summary, signature = [] } = text;
  const scale = size / 12;
  const columns = PAGE.width / scale;
  let used = facts.reduce((sum, f) => sum + lines(`✓ ${f.term}：${f.detail}`, columns - 1.2), 0);
  used = (used * BODY_LINE + (facts.length ? 1.4 : 0)) * scale;
  if (signature.length) used += (signature.length * BODY_LINE + 0.8) * scale;
  if (excerpt && summary) used += (lines(summary, columns - 1.1) * BODY_LINE + 1.2) * scale;
  if (excerpt) used += (BODY_LINE + 0.5) * scale; // the line pointing to the QR code
  const limit = room(text) * SAFETY;
  const kept: Unit[] = [];
  for (const unit of all) {
    const firstInList = !!unit.list && kept.at(-1)?.list?.index !== unit.list.index;
    const height = unitHeight(unit, columns, firstInList, !kept.length) * scale;
    if (used + height > limit) {
      // A list goes whole or not at all: half the symptoms or half the steps read like all of them.
      while (unit.list && kept.at(-1)?.list?.index === unit.list.index) kept.pop();
      break;
    }
    used += height;
    kept.push(unit);
  }
  // Nor may the excerpt end on a heading or on a line that announces what follows (“马上去：”).
  const dangling = (unit: Unit | undefined) =>
    unit?.kind === 'heading' || (unit?.kind === 'text' && /[：:]$/.test(plain(unit.html)));
  while (dangling(kept.at(-1))) kept.pop();
  return kept;
}

/**
 * The body at the largest size at which all of it fits on the page, or else the excerpt that fits
 * at 12 pt beside the summary and a pointer to the QR code.
 */
export function fitPosterBody(text: PosterText): PosterBody {
  const all = text.html ? units(text.html) : [];
  if (text.html)
    for (const size of SIZES) {
      const kept = fit(text, all, size, false);
      if (kept.length === all.length) return { size, html: join(kept), excerpt: false };
    }
  return { size: 12, html: join(fit(text, all, 12, true)), excerpt: true };
}

/**
 * The QR code's SVG with its printed size set, and that size in em of 12 pt: the dark modules at
 * least 52 mm wide (≥ 5 cm asked, so it scans from a metre) plus the 4-module quiet zone. An empty
 * SVG gives an empty one of size 0.
 */
export function sizePosterQr(svg: string): { svg: string; em: number } {
  const modules = Number(/viewBox="0 0 (\d+)/.exec(svg)?.[1] ?? 0);
  const em = modules ? (52 * modules) / (modules - 8) / EM_MM : 0;
  return {
    svg: svg.replace('<svg ', `<svg width="${em.toFixed(2)}em" height="${em.toFixed(2)}em" `),
    em,
  };
}
