/**
 * Fits a notice's or guide's printed page (journey J4, issue 9.7): the largest body type, 20 down
 * to 14 pt, at which the whole text fits one A4 sheet with the QR code and the duty phone under
 * it; a text longer than that prints whole at 14 pt and goes on over a second page. Nothing is
 * ever cut. The estimate is deliberately cautious; the browser tests print every sample page.
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
/** Body sizes in pt, largest first; sheet.css has a `.pt<size>` class for each. At least 14 pt: a
 * poster on a wall is read from a step away, often by older eyes. */
const SIZES = [20, 18, 16, 15, 14];

/** What the sheet prints under its title, as far as fitting is concerned. */
export interface PosterText {
  /** The headline, printed at 30 pt above everything else. */
  title: string;
  /** The line under the title (a guide's audience and date). */
  meta?: string | undefined;
  /** Labelled lines printed above the body; only their words take room. */
  facts?: readonly { term: string; detail: string }[];
  /** The rendered Markdown body. */
  html?: string | undefined;
  /** The lines of the 落款 under the body. */
  signature?: readonly string[];
  /** The QR code's width in em of 12 pt (from {@link sizePosterQr}); 0 when there is none. */
  qrEm: number;
}

/** How the body goes on paper. */
export interface PosterBody {
  /** Body type size in pt: 20, 18, 16, 15 or 14. */
  size: number;
  /** `true` when everything fits one sheet; else the text goes on over the next page at 14 pt. */
  onePage: boolean;
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
  /** For list items: the first item of its list. */
  first?: boolean;
}

/** The rendered Markdown cut into units, in reading order. */
function units(source: string): Unit[] {
  return blocks(source).flatMap((block): Unit[] => {
    // A list inside a list is measured as one block of text.
    if (/^<(ul|ol)\b/.test(block) && (block.match(/<(?:ul|ol)\b/g)?.length ?? 0) === 1)
      return [...block.matchAll(/<li\b[^>]*>[\s\S]*?<\/li>/g)].map((item, index) => ({
        html: item[0],
        kind: 'item',
        first: index === 0,
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
 * margins of sheet.css (a heading's top margin collapses with the block before it).
 */
function unitHeight(unit: Unit, columns: number, first: boolean): number {
  const text = plain(unit.html);
  switch (unit.kind) {
    case 'heading':
      return (first ? 0.55 : 0.2) + lines(`一、${text}`, columns / 1.1) * 1.1 * 1.4 + 0.22;
    case 'item':
      return lines(text, columns - 2) * BODY_LINE + (unit.first ? 0.35 : 0);
    case 'text':
      return lines(`\u3000\u3000${text}`, columns) * BODY_LINE + 0.35;
    case 'table':
      return tableHeight(unit.html, columns) + 0.35;
    default:
      // Pictures, quotes, nested lists: their words and a line more, to be safe; a picture may
      // well take a second page, which the layout allows.
      return (
        (lines(text, columns - 2) + 1) * BODY_LINE + 0.35 + (unit.html.includes('<img') ? 20 : 0)
      );
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

/** Height of everything the text prints at `size` pt, in em of 12 pt. */
function height(text: PosterText, all: Unit[], size: number): number {
  const { facts = [], signature = [] } = text;
  const scale = size / 12;
  const columns = PAGE.width / scale;
  let used = facts.reduce((sum, f) => sum + lines(`✓ ${f.term}：${f.detail}`, columns - 1.2), 0);
  used = used * BODY_LINE + (facts.length ? 1.4 : 0);
  if (signature.length) used += signature.length * BODY_LINE + 0.8;
  all.forEach((unit, index) => (used += unitHeight(unit, columns, index === 0)));
  return used * scale;
}

/**
 * The largest body size at which the whole text fits one sheet, or 14 pt over more than one.
 */
export function fitPosterBody(text: PosterText): PosterBody {
  const all = text.html ? units(text.html) : [];
  const limit = room(text) * SAFETY;
  const size = SIZES.find((pt) => height(text, all, pt) <= limit);
  return size ? { size, onePage: true } : { size: 14, onePage: false };
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
