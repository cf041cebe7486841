// Tests of fitting a notice's body to one A4 poster: type size, excerpts, lists and tables.
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

/** A paragraph far too long for any poster, so that whatever comes before it is the excerpt. */
const HUGE = `<p>${'很长的内容'.repeat(1000)}</p>`;

describe('fitPosterBody', () => {
  test('prints a short body whole at the largest size', () => {
    const html = '<p>今晚8点起，东山村西岩组实行临时管控。</p>';
    expect(fitPosterBody(notice(html))).toEqual({ size: 20, html, excerpt: false });
  });

  test('steps the size down as the body grows', () => {
    const sizes = [1, 4, 5, 6, 8, 9, 10, 11].map(
      (count) => fitPosterBody(notice(paragraphs(count))).size,
    );
    expect(sizes).toEqual([20, 20, 18, 16, 16, 14, 13, 12]);
  });

  test('keeps the whole body, unchanged, when it fits at a smaller size', () => {
    const html = paragraphs(10);
    expect(fitPosterBody(notice(html))).toEqual({ size: 13, html, excerpt: false });
  });

  test('leaves less room for the body under a long title, a meta line, facts and a 落款', () => {
    const html = paragraphs(4);
    expect(fitPosterBody(notice(html)).size).toBe(20);
    expect(fitPosterBody(notice(html, { title: '关于'.repeat(30) })).size).toBeLessThan(20);
    expect(fitPosterBody(notice(html, { meta: '适合人群：全体居民 · 2026年11月18日' })).size).toBe(
      20,
    );
    expect(
      fitPosterBody(
        notice(html, {
          facts: [
            { term: '网传说法', detail: '返乡人员一律集中隔离14天'.repeat(3) },
            { term: '核实结果', detail: '不实。返乡人员报备后居家健康监测'.repeat(3) },
          ],
        }),
      ).size,
    ).toBeLessThan(20);
    expect(
      fitPosterBody(notice(paragraphs(5), { signature: ['东山村村委会', '2026年11月18日'] })).size,
    ).toBeLessThan(fitPosterBody(notice(paragraphs(5))).size);
  });

  test('leaves more room for the body without a QR code', () => {
    const html = paragraphs(6);
    expect(fitPosterBody(notice(html)).size).toBe(16);
    expect(fitPosterBody(notice(html, { qrEm: 0 })).size).toBe(20);
  });

  test('turns a body too long for 12 pt into an excerpt at 12 pt', () => {
    const body = fitPosterBody(notice(paragraphs(24)));
    expect(body.excerpt).toBe(true);
    expect(body.size).toBe(12);
    expect(body.html).toBe(paragraphs(10));
  });

  test('gives a shorter excerpt when a long summary is printed ahead of it', () => {
    const short = fitPosterBody(notice(paragraphs(24), { summary: '请返乡人员提前报备。' }));
    const long = fitPosterBody(
      notice(paragraphs(24), { summary: '请返乡人员提前报备。'.repeat(40) }),
    );
    expect(short.html).toBe(paragraphs(9));
    expect(long.html).toBe(paragraphs(5));
  });

  test('never ends an excerpt on a heading', () => {
    const html = `<h2 id="a">一、报备</h2>\n<p>到家前报备。</p>\n<h2 id="b">二、监测</h2>\n${HUGE}`;
    expect(fitPosterBody(notice(html))).toEqual({
      size: 12,
      html: '<h2 id="a">一、报备</h2>\n<p>到家前报备。</p>',
      excerpt: true,
    });
  });

  test('never ends an excerpt on a line that announces what follows', () => {
    for (const colon of ['：', ':']) {
      const html = `<p>请配合防控工作。</p>\n<p>有以下情况请马上去${colon}</p>\n${HUGE}`;
      expect(fitPosterBody(notice(html)).html).toBe('<p>请配合防控工作。</p>');
    }
  });

  test('drops a heading left dangling once its announcing line is dropped', () => {
    const html = `<h2 id="a">发热了怎么办</h2>\n<p>马上去：</p>\n${HUGE}`;
    expect(fitPosterBody(notice(html))).toEqual({ size: 12, html: '', excerpt: true });
  });

  test('never prints half a list', () => {
    const items = Array.from({ length: 80 }, (_, i) => `<li>发热、咳嗽、乏力${i}</li>`);
    const html = `<p>请配合防控工作。</p>\n<ul>\n${items.join('\n')}\n</ul>`;
    const body = fitPosterBody(notice(html));
    expect(body).toEqual({ size: 12, html: '<p>请配合防控工作。</p>', excerpt: true });
  });

  test('keeps a list that fits whole, inside its own tags', () => {
    const html = `<ol start="2">\n<li>量体温</li>\n<li>戴口罩</li>\n</ol>\n${HUGE}`;
    expect(fitPosterBody(notice(html)).html).toBe(
      '<ol start="2"><li>量体温</li>\n<li>戴口罩</li></ol>',
    );
  });

  test('leaves pictures, quotes and nested lists to the web page', () => {
    for (const html of [
      '<p><img src="/images/map.png" alt="检测点地图"></p>',
      '<blockquote>\n<p>引用</p>\n</blockquote>',
      '<ul>\n<li>甲\n<ul>\n<li>乙</li>\n</ul>\n</li>\n</ul>',
    ])
      expect(fitPosterBody(notice(html))).toEqual({ size: 12, html: '', excerpt: true });
  });

  test('counts the rows of a table', () => {
    expect(fitPosterBody(notice(table(3))).size).toBe(20);
    expect(fitPosterBody(notice(table(10))).size).toBe(18);
    expect(fitPosterBody(notice(table(20))).excerpt).toBe(true);
  });

  test('counts the lines a long cell wraps onto', () => {
    expect(fitPosterBody(notice(table(3, '村委会'.repeat(30)))).size).toBe(18);
    expect(fitPosterBody(notice(table(10, '村委会'.repeat(30)))).excerpt).toBe(true);
  });

  test('counts a table beside the paragraphs', () => {
    expect(fitPosterBody(notice(paragraphs(4))).size).toBe(20);
    expect(fitPosterBody(notice(`${paragraphs(4)}\n${table(4, '村委会'.repeat(3))}`)).size).toBe(
      16,
    );
  });

  test('gives an empty excerpt when there is no body', () => {
    for (const html of [undefined, ''])
      expect(fitPosterBody(notice('', { html }))).toEqual({ size: 12, html: '', excerpt: true });
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
