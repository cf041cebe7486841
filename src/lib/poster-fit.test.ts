// Tests of fitting a notice's printed page: type size from 20 to 14 pt, lists, tables, a second page.
import { describe, expect, test } from 'vitest';
import { fitPosterBody, sizePosterQr, type PosterText } from './poster-fit';
import { qrSvg } from './qr';

const EM_MM = (12 * 25.4) / 72;
/** The footer's QR code as a notice poster draws it. */
const qr = sizePosterQr(
  qrSvg('https://firstline.example/notices/2026-11-18-fanxiang-baobei/', '二维码：扫码查看全文'),
);

/** A notice poster's text around `html`, with a short title and the QR code in the footer. */
function notice(html: string, more: Partial<PosterText> = {}): PosterText {
  return { title: '返乡人员报备通知', html, qrEm: qr.em, ...more };
}

/** `count` paragraphs of `length` characters each, numbered so that no two are the same. */
function paragraphs(count: number, length = 60): string {
  return Array.from({ length: count }, (_, i) => `<p>${'字'.repeat(length - 1)}${i}</p>`).join(
    '\n',
  );
}

/** A two-column table of `count` rows as Markdown renders it, with `place` in the second column. */
function table(count: number, place = '村委会'): string {
  const rows = Array.from({ length: count }, () => `<tr>\n<td>上午</td>\n<td>${place}</td>\n</tr>`);
  return `<table>\n<thead>\n<tr>\n<th>时间</th>\n<th>地点</th>\n</tr>\n</thead>\n<tbody>\n${rows.join('\n')}\n</tbody>\n</table>`;
}

describe('fitPosterBody', () => {
  test('prints a short body whole at the largest size', () => {
    expect(fitPosterBody(notice(paragraphs(2)))).toEqual({ size: 20, onePage: true });
  });

  test('steps the size down as the body grows, never below 14 pt on one page', () => {
    const sizes = [4, 8, 12, 14, 16].map((count) => fitPosterBody(notice(paragraphs(count))).size);
    expect(sizes).toEqual([...sizes].sort((a, b) => b - a));
    expect(Math.min(...sizes)).toBeGreaterThanOrEqual(14);
  });

  test('goes on over a second page at 14 pt when even 14 pt does not fit one', () => {
    expect(fitPosterBody(notice(paragraphs(40)))).toEqual({ size: 14, onePage: false });
  });

  test('leaves less room for the body under a long title, a meta line, facts and a 落款', () => {
    const html = paragraphs(8);
    const plain = fitPosterBody(notice(html)).size;
    const crowded = fitPosterBody(
      notice(html, {
        title: '关于进一步做好冬春季返乡人员健康服务和报备登记工作的紧急通知',
        meta: '适用人群：居民、返乡人员、老年人、儿童',
        facts: [
          { term: '网传说法', detail: '网传某村已经封村，只进不出，返乡人员一律集中隔离' },
          { term: '核实结果', detail: '经核实，此消息不实，道路和班车一切正常' },
        ],
        signature: ['青禾街道疫情防控工作领导小组办公室', '2026年11月18日'],
      }),
    ).size;
    expect(crowded).toBeLessThan(plain);
  });

  test('leaves more room for the body without a QR code', () => {
    const html = paragraphs(10);
    expect(fitPosterBody(notice(html, { qrEm: 0 })).size).toBeGreaterThan(
      fitPosterBody(notice(html)).size,
    );
  });

  test('counts the rows of a table', () => {
    expect(fitPosterBody(notice(table(3))).size).toBe(20);
    expect(fitPosterBody(notice(table(10))).size).toBe(18);
    expect(fitPosterBody(notice(table(30))).onePage).toBe(false);
  });

  test('counts the lines a long cell wraps onto', () => {
    expect(fitPosterBody(notice(table(3, '村委会'.repeat(30)))).size).toBe(18);
    expect(fitPosterBody(notice(table(12, '村委会'.repeat(30)))).onePage).toBe(false);
  });

  test('counts a table beside the paragraphs', () => {
    expect(fitPosterBody(notice(paragraphs(4))).size).toBe(20);
    expect(fitPosterBody(notice(`${paragraphs(4)}\n${table(4, '村委会'.repeat(3))}`)).size).toBe(
      16,
    );
  });

  test('counts list items and headings', () => {
    const list = `<h2>要做的事</h2>\n<ul>\n${'<li>每天早晚各量一次体温</li>\n'.repeat(16)}</ul>`;
    expect(fitPosterBody(notice(list)).size).toBeLessThan(20);
    expect(fitPosterBody(notice(list)).onePage).toBe(true);
  });

  test('counts a picture as taking a good part of the page', () => {
    expect(
      fitPosterBody(notice(`${paragraphs(4)}\n<p><img src="/a.png" alt="图"></p>`)).size,
    ).toBeLessThan(fitPosterBody(notice(paragraphs(4))).size);
  });

  test('prints the largest size when there is no body', () => {
    for (const html of [undefined, ''])
      expect(fitPosterBody(notice('', { html }))).toEqual({ size: 20, onePage: true });
  });
});

describe('sizePosterQr', () => {
  test('prints the dark modules at least 52 mm wide', () => {
    const modules = Number(/viewBox="0 0 (\d+)/.exec(qr.svg)?.[1]);
    expect(((qr.em * EM_MM) / modules) * (modules - 8)).toBeCloseTo(52);
  });

  test('sets the printed size on the SVG in em', () => {
    const size = `${qr.em.toFixed(2)}em`;
    expect(qr.svg.startsWith(`<svg width="${size}" height="${size}" xmlns=`)).toBe(true);
  });

  test('takes no room when there is no QR code', () => {
    expect(sizePosterQr('')).toEqual({ svg: '', em: 0 });
  });
});
