/**
 * Printing in the browser tests: Chromium's print layout and its PDF rasterised by pdftoppm, and
 * the QR code decoded where it is printed. The PNGs are kept in test-results/posters/ to look at.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jsQR from 'jsqr';
import type { Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { baseURL } from './browser';

const PDFTOPPM = '/usr/bin/pdftoppm';
export const OUT = 'test-results/posters';
const MM_PER_PX = 25.4 / 96;
/** An A4 sheet in CSS pixels at 96 dpi, for rendering the print layout on screen. */
const A4 = { width: 794, height: 1123 };

/** A rectangle on the printed sheet, in millimetres from the sheet's top-left corner. */
export interface Area {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Page objects in a PDF (`/Type /Page`, not the `/Pages` tree). */
export function pdfPages(pdf: Buffer): number {
  return pdf.toString('latin1').match(/\/Type\s*\/Page(?![a-zA-Z])/g)?.length ?? 0;
}

/**
 * Chromium's print layout of `path` (on the test server, or a full `file:` URL) rendered at A4
 * size to a PNG (print media emulated), and where the QR code `selector` lies on it.
 */
export async function printLayout(page: Page, path: string, selector: string, name: string) {
  const context = await page.context().browser()?.newContext({
    viewport: A4,
    deviceScaleFactor: 2,
    baseURL,
  });
  if (!context) throw new Error('browser not started');
  try {
    const sheet = await context.newPage();
    await sheet.emulateMedia({ media: 'print' });
    await sheet.goto(path);
    const box = await sheet.locator(selector).boundingBox();
    const corner = await sheet.locator('.sheet').first().boundingBox();
    if (!box || !corner) throw new Error(`no ${selector} on ${path}`);
    mkdirSync(OUT, { recursive: true });
    const png = PNG.sync.read(await sheet.screenshot({ path: join(OUT, `${name}-print.png`) }));
    const mm = (px: number) => px * MM_PER_PX;
    const area: Area = {
      x: mm(box.x - corner.x),
      y: mm(box.y - corner.y),
      width: mm(box.width),
      height: mm(box.height),
    };
    return { png, area, sheet: { x: mm(corner.x), y: mm(corner.y) } };
  } finally {
    await context.close();
  }
}

/** The PDF rasterised at 150 dpi by pdftoppm (Debian poppler-utils), where the machine has it. */
export function pdfPng(pdf: Buffer, name: string, page = 1): PNG | undefined {
  if (!existsSync(PDFTOPPM)) return undefined;
  mkdirSync(OUT, { recursive: true });
  const dir = mkdtempSync(join(tmpdir(), 'firstline-poster-'));
  writeFileSync(join(dir, 'poster.pdf'), pdf);
  const base = join(OUT, `${name}-pdf${page > 1 ? `-${page}` : ''}`);
  execFileSync(PDFTOPPM, [
    '-png',
    '-r',
    '150',
    '-f',
    String(page),
    '-l',
    String(page),
    '-singlefile',
    join(dir, 'poster.pdf'),
    base,
  ]);
  return PNG.sync.read(readFileSync(`${base}.png`));
}

/**
 * Decodes the QR code printed in `area` of an A4-wide PNG whose sheet starts at `sheet` (mm).
 * jsQR hunts finder patterns over the whole image and a page of bold CJK text defeats it (回 is a
 * finder pattern in miniature), whereas a phone camera frames the code; so the PNG is decoded
 * where the code is printed, quiet zone included.
 */
export function decodeAt(
  png: PNG,
  area: Area,
  sheet: { x: number; y: number },
): string | undefined {
  const scale = png.width / 210;
  const left = Math.max(0, Math.floor((sheet.x + area.x) * scale));
  const top = Math.max(0, Math.floor((sheet.y + area.y) * scale));
  const width = Math.min(png.width - left, Math.ceil(area.width * scale));
  const height = Math.min(png.height - top, Math.ceil(area.height * scale));
  const pixels = new Uint8ClampedArray(width * height * 4);
  for (let row = 0; row < height; row++) {
    const from = ((top + row) * png.width + left) * 4;
    pixels.set(png.data.subarray(from, from + width * 4), row * width * 4);
  }
  return jsQR(pixels, width, height)?.data;
}

/**
 * Prints `path` to PDF like a phone's “save as PDF”, and returns the page count and what its QR
 * code decodes to in the PNG renderings: the print layout, and the rasterised PDF when pdftoppm
 * is installed.
 */
export async function printPoster(page: Page, path: string, selector: string, name: string) {
  await page.goto(path);
  const pdf = await page.pdf({ format: 'A4', printBackground: true });
  const { png, area, sheet } = await printLayout(page, path, selector, name);
  const rasterised = pdfPng(pdf, name);
  return {
    pages: pdfPages(pdf),
    area,
    decoded: [
      decodeAt(png, area, sheet),
      // On paper the sheet sits inside the 12 mm margins of @page.
      ...(rasterised ? [decodeAt(rasterised, area, { x: 12, y: 12 })] : []),
    ],
  };
}
